"""The reception register's words (领导接访下访登记, issue 23)."""

from enum import StrEnum


class ReceptionKind(StrEnum):
    """How a leader met the people: at the centre, by invitation, or on a visit down."""

    AT_CENTRE = "at_centre"  # 接访: on the leader's reception day at the centre
    INVITED = "invited"  # 约访: the leader invited them
    VISIT = "visit"  # 下访: the leader went down to them
    VISIT_WITH_CASES = "visit_with_cases"  # 带案下访: went down with cases to take along


class ReceptionStatus(StrEnum):
    PLANNED = "planned"  # entered ahead (a 接访日, a 下访 with its cases); completed afterwards
    DONE = "done"  # held: date, visitors, what they raised and what the leader decided
