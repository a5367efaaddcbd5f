"""人民调解统计表: the cases registered in a period in a unit's subtree, by the Ministry of
Justice's categories (OfficialCategory), in one GROUP BY.

Definitions (db.texts.MR_DEFINITION): mediated = registered (found_on) in the period; succeeded
= resolved or closed (db.figures.sql.is_resolved, the 化解 of every other figure); written = a
success with a signed agreement; oral = the other successes; court-confirmed = a success whose
agreement a court confirmed; people and amounts = the sums over the mediated cases.

A case counts under its local category's official category where it has one, else under its
built-in category's (db.cases.categories.official_sql, the one definition)."""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import and_, not_
from sqlmodel import Session, col, func, select

from db.cases.categories import OFFICIAL_OF as OFFICIAL_OF
from db.cases.categories import official_sql, with_local_categories
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import case_in_scope, subtree_unit_ids
from db.enums import OfficialCategory
from db.figures.sql import Root, count_if, is_resolved, unit_root
from db.models import Case

ReturnKind = Literal["month", "quarter", "year"]


@dataclass(frozen=True)
class ReturnRow:
    category: OfficialCategory | None  # None: the total
    mediated: int = 0
    succeeded: int = 0
    written: int = 0
    oral: int = 0
    court_confirmed: int = 0
    people: int = 0
    amount_fen: int = 0


@dataclass(frozen=True)
class MediationReturn:
    root: Root
    start: date
    end: date
    rows: tuple[ReturnRow, ...]  # every official category, in order, zeros included
    total: ReturnRow


def return_period(kind: ReturnKind, year: int, number: int = 1) -> tuple[date, date]:
    """The first and last day of a monthly (number = month), quarterly (number = quarter) or
    annual return."""
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    if kind == "quarter":
        if not 1 <= number <= 4:
            raise ValueError(f"quarter must be 1-4, not {number}")
        first, last = 3 * number - 2, 3 * number
    elif kind == "month":
        first = last = number
    else:
        raise ValueError(f"kind must be month, quarter or year, not {kind!r}")
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def mediation_return(
    session: Session, actor: Actor, *, start: date, end: date, unit_id: int | None = None
) -> MediationReturn:
    """The return for the unit's subtree (default the actor's unit) and the period, within what
    the actor may read."""
    require(actor.role, Permission.READ_CASES)
    root = unit_root(session, actor, unit_id)
    official = official_sql().label("official")
    succeeded = is_resolved()
    written = and_(succeeded, col(Case.agreement_signed))
    selected = select(
        official,
        func.count(),
        count_if(succeeded),
        count_if(written),
        count_if(and_(succeeded, not_(col(Case.agreement_signed)))),
        count_if(and_(succeeded, col(Case.court_confirmed))),
        func.coalesce(func.sum(Case.people_involved), 0),
        func.coalesce(func.sum(Case.amount_fen), 0),
    ).select_from(Case)
    query = (
        with_local_categories(selected)
        .where(case_in_scope(actor), col(Case.unit_id).in_(subtree_unit_ids(root.path)))
        .where(Case.found_on >= start, Case.found_on <= end)
        .group_by(official)
    )
    found = {
        OfficialCategory(r[0]): ReturnRow(OfficialCategory(r[0]), *(int(v) for v in r[1:]))
        for r in session.exec(query).all()
    }
    rows = tuple(found.get(c, ReturnRow(c)) for c in OfficialCategory)
    sums = [sum(getattr(r, f) for r in rows) for f in _MEASURES]
    return MediationReturn(root, start, end, rows, ReturnRow(None, *sums))


_MEASURES = ("mediated", "succeeded", "written", "oral", "court_confirmed", "people", "amount_fen")
