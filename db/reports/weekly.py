"""The weekly analysis pack (周研判): for a week (Monday to Sunday) and a scope, the agenda the
town studies — new cases and new high-risk ones, cases that became overdue, cases flagged for
supervision, units with missing daily reports, the categories and villages that rose most
against the previous week, cases waiting for a follow-up — and the decisions of the meeting
written back on the cases as timeline notes.

Definitions: urgent (紧急, db.cases.urgent; the pack's first section) = found in the week or
still open. New = found (found_on) in the week. Became overdue = still open and its deadline
passed during the week (a case is overdue from the day after its deadline) and before today.
Flagged = open and 挂牌督办 now. Waiting for a follow-up = resolved, not yet closed, now.
Still unassigned = registered (受理登记) DISPUTE_DESK_UNASSIGNED_DAYS days ago or more and not
assigned, now. Long overdue = open, overdue for more than OVERDUE_LONG_DAYS days now, whenever
it became overdue (a case overdue since before the week stays on the agenda).
Reported up = waiting now (上报待接收) at a unit of the scope, to be taken or returned there.
Missing reports = days of the week up to today without a report, per unit that must report.
Rises = cases found this week minus the week before, per category and per village where the
case happened; only rises, largest first.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pydantic import ConfigDict, Field
from sqlmodel import Session, and_, col, or_, select

from db import texts
from db.cases.board import RISK_RANK, Card, cards_where
from db.cases.move_writing import save_change
from db.clock import LOCAL_ZONE, local_today
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import case_in_scope, load_case, subtree_unit_ids
from db.core.settings import unassigned_days
from db.core.validation import CleanTextModel
from db.enums import OPEN_STAGES, Category, EventKind, Risk, Stage
from db.figures.reporting import UnitPeriod, period_by_unit
from db.figures.sql import count_if, unit_root
from db.models import Case, Unit

LIMIT = 200  # cases per section: a meeting's agenda, not the ledger
TOP = 5  # rises shown
OVERDUE_LONG_DAYS = 7  # "overdue for more than a week"


def week_of(day: date) -> tuple[date, date]:
    """The Monday and Sunday of the ISO week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class Rise:
    name: str
    this_week: int
    last_week: int

    @property
    def rise(self) -> int:
        return self.this_week - self.last_week


@dataclass(frozen=True)
class WeeklyPack:
    start: date
    end: date
    scope_name: str
    new_cases: list[Card]
    new_high_risk: list[Card]
    became_overdue: list[Card]
    flagged: list[Card]
    missing_reports: list[UnitPeriod]
    category_rises: list[Rise]
    village_rises: list[Rise]
    waiting_follow_up: list[Card]
    still_unassigned: list[Card]  # now: registered DISPUTE_DESK_UNASSIGNED_DAYS ago or more
    long_overdue: list[Card]  # now: open and overdue for more than a week, whenever it began
    # 紧急 (db.cases.urgent), leading the pack: found in the week, or still open
    urgent: list[Card] = field(default_factory=list)
    # 上报待接收 now at a unit of the scope (the meeting may take them: db.reports.handout)
    reported_up: list[Card] = field(default_factory=list)

    def case_numbers(self) -> dict[int, str]:
        """Every case on the agenda, for writing a decision back."""
        found: dict[int, str] = {}
        for section in (
            self.urgent,
            self.new_cases,
            self.became_overdue,
            self.flagged,
            self.waiting_follow_up,
            self.still_unassigned,
            self.long_overdue,
            self.reported_up,
        ):
            found.update({c.id: c.number for c in section})
        return found


def weekly_pack(
    session: Session,
    *,
    actor: Actor,
    week_start: date,
    unit_id: int | None = None,
    today: date | None = None,
) -> WeeklyPack:
    require(actor.role, Permission.WEEKLY_PACK)
    today = today or local_today()
    start, end = week_of(week_start)
    root = unit_root(session, actor, unit_id)  # OutOfScope outside the actor's subtree
    where = [case_in_scope(actor)]
    if unit_id is not None:
        where.append(col(Case.unit_id).in_(subtree_unit_ids(root.path)))
    is_open = col(Case.stage).in_(OPEN_STAGES)
    # urgent cases first, then the riskiest
    first = (
        col(Case.urgent).desc(),
        RISK_RANK.desc(),
        col(Case.found_on).asc(),
        col(Case.id).asc(),
    )

    def cards(conditions: list, order: tuple = first) -> list[Card]:
        return cards_where(session, actor, [*where, *conditions], order=order, limit=LIMIT)

    in_week = [Case.found_on >= start, Case.found_on <= end]
    overdue_from, overdue_to = start - timedelta(days=1), min(end, today) - timedelta(days=1)
    unit = session.get(Unit, root.id)
    return WeeklyPack(
        start=start,
        end=end,
        scope_name=unit.name if unit else "",
        new_cases=cards(in_week),
        new_high_risk=cards([*in_week, Case.risk == Risk.HIGH]),
        became_overdue=cards(
            [
                is_open,
                col(Case.deadline) >= overdue_from,
                col(Case.deadline) <= overdue_to,
            ],
            (col(Case.deadline).asc(), col(Case.id).asc()),
        ),
        flagged=cards([is_open, col(Case.flagged)]),
        missing_reports=[
            u
            for u in period_by_unit(session, actor=actor, start=start, end=end, unit_id=unit_id)
            if u.missing > 0
        ],
        category_rises=_rises(session, where, Case.category, start),
        village_rises=_rises(session, where, Unit.name, start),
        waiting_follow_up=cards(
            [Case.stage == Stage.RESOLVED], (col(Case.resolved_at).asc(), col(Case.id).asc())
        ),
        still_unassigned=cards(
            [Case.stage == Stage.REGISTERED, col(Case.created_at) < _unassigned_since(today)],
            (col(Case.created_at).asc(), col(Case.id).asc()),
        ),
        long_overdue=cards(
            [is_open, col(Case.deadline) < today - timedelta(days=OVERDUE_LONG_DAYS)],
            (col(Case.deadline).asc(), col(Case.id).asc()),
        ),
        urgent=cards([col(Case.urgent), or_(and_(*in_week), is_open)]),
        reported_up=cards(
            [col(Case.reported_up_to_unit_id).is_not(None)],
            (col(Case.reported_up_at).asc(), col(Case.id).asc()),
        ),
    )


def _unassigned_since(today: date) -> datetime:
    """Registered before this instant (local midnight): DISPUTE_DESK_UNASSIGNED_DAYS days ago
    or more by the local calendar."""
    day = today - timedelta(days=unassigned_days() - 1)
    return datetime.combine(day, time(0), tzinfo=LOCAL_ZONE)


def _rises(session: Session, where: list, key, start: date) -> list[Rise]:  # type: ignore[no-untyped-def]
    """Cases found this week and the week before, grouped by `key`; the rises, largest first."""
    before = start - timedelta(days=7)
    end = start + timedelta(days=6)
    rows = session.exec(
        select(key, count_if(Case.found_on >= start), count_if(Case.found_on < start))
        .join(Unit, col(Unit.id) == Case.unit_id)
        .where(*where, Case.found_on >= before, Case.found_on <= end)
        .group_by(key)
    ).all()
    rises = [
        Rise(texts.label(Category(k)) if key is Case.category else k, this, last)
        for k, this, last in rows
    ]
    rises = [r for r in rises if r.rise > 0]
    return sorted(rises, key=lambda r: (-r.rise, -r.this_week, r.name))[:TOP]


class Decision(CleanTextModel):
    """A decision of the meeting on one case, written on its timeline."""

    model_config = ConfigDict(str_strip_whitespace=True)

    case_id: int
    note: str = Field(min_length=1, max_length=500)


def write_decision(session: Session, *, actor: Actor, week_start: date, decision: Decision) -> None:
    """Add the decision to the case's timeline as a note (周研判 of the week). A note is not a
    change of the handling: it does not make other people's open forms stale."""
    require(actor.role, Permission.WEEKLY_PACK)
    case = load_case(session, actor, decision.case_id)
    start, _end = week_of(week_start)
    save_change(
        session,
        actor=actor,
        case=case,
        version=case.version,
        values={"version": case.version},  # nothing of the case changes; the note is the event
        kind=EventKind.NOTE,
        detail={"meeting": texts.WEEKLY_MEETING.format(start=start), "note": decision.note},
        bump=False,
    )
