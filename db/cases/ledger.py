"""Reading cases back in the actor's scope: the ledger (filtered, paginated in SQL); one case is
read by db.cases.detail (get_case, re-exported here)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, func, or_, select

from db import texts
from db.cases.board_counts import tallied_total
from db.cases.categories import local_names
from db.cases.detail import get_case as get_case
from db.cases.detail import unit_names as _unit_names
from db.cases.schemas import (
    CaseRow,
)
from db.cases.search import matching_case_ids
from db.clock import local_today, to_local, utcnow
from db.core.actor import Actor
from db.core.campaign_scope import campaign_case_conditions
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, case_in_scope, subtree_unit_ids
from db.core.validation import plain_search
from db.enums import (
    OPEN_STAGES,
    Category,
    Risk,
    Stage,
)
from db.models import Case, Party, Unit, User

PAGE_SIZE = 50
MAX_SEARCH = 100  # characters of a search term used (a number or a name is far shorter)
MAX_LEADER = 50  # a lead leader is stored in at most 50 characters (Case.lead_leader)


@dataclass
class LedgerFilter:
    unit_id: int | None = None  # a subtree root; None = the actor's whole scope
    categories: list[Category] = field(default_factory=list)
    # local categories (db.cases.categories), by id: a case matches either list
    local_categories: list[int] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    found_from: date | None = None
    found_to: date | None = None
    overdue_only: bool = False
    search: str = ""
    sort: str = "found_on"  # or "deadline", "last_worked" (longest without work first)
    campaign_id: int | None = None  # only the cases a campaign counts (db.core.campaign_scope)
    urgent_only: bool = False  # 紧急 (db.cases.urgent)
    reported_up_only: bool = False  # 上报待接收 (db.cases.report_up)
    idle_days: int | None = (
        None  # open cases with no record or move for this many days (7 天无进展)
    )
    responsible_user_id: int | None = None  # 责任人: an account (the board's people list)
    lead_leader_id: int | None = None  # 包案领导: an account (db.cases.leaders)
    # the lead leader's name as recorded (imported history has no account): any part matches
    lead_leader: str = ""


@dataclass(frozen=True)
class LedgerPage:
    rows: list[CaseRow]
    total: int
    page: int
    pages: int


def _ledger_query(session: Session, actor: Actor, f: LedgerFilter):  # type: ignore[no-untyped-def]
    query = select(Case).where(case_in_scope(actor))
    if f.unit_id is not None:
        unit = session.get(Unit, f.unit_id)
        if unit is None or not unit.path.startswith(actor.unit_path):
            raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
        query = query.where(col(Case.unit_id).in_(subtree_unit_ids(unit.path)))
    categories = [col(Case.category).in_(f.categories)] if f.categories else []
    if f.local_categories:  # only when chosen: an empty IN hides the category from the planner
        categories.append(col(Case.local_category_id).in_(f.local_categories))
    if categories:
        query = query.where(or_(*categories))
    if f.stages:
        query = query.where(col(Case.stage).in_(f.stages))
    if f.risks:
        query = query.where(col(Case.risk).in_(f.risks))
    if f.found_from:
        query = query.where(Case.found_on >= f.found_from)
    if f.found_to:
        query = query.where(Case.found_on <= f.found_to)
    if f.overdue_only:
        query = query.where(col(Case.stage).in_(OPEN_STAGES), col(Case.deadline) < local_today())
    if f.campaign_id is not None:
        query = query.where(*campaign_case_conditions(session, f.campaign_id))
    if f.urgent_only:
        query = query.where(col(Case.urgent))
    if f.reported_up_only:
        query = query.where(col(Case.reported_up_to_unit_id).is_not(None))
    if f.idle_days is not None:
        since = utcnow() - timedelta(days=f.idle_days)
        query = query.where(col(Case.stage).in_(OPEN_STAGES), col(Case.last_worked_at) < since)
    if f.responsible_user_id is not None:
        query = query.where(Case.responsible_user_id == f.responsible_user_id)
    if f.lead_leader_id is not None:
        query = query.where(Case.lead_leader_id == f.lead_leader_id)
    if leader := plain_search(f.lead_leader).strip()[:MAX_LEADER]:
        query = query.where(col(Case.lead_leader).contains(leader, autoescape=True))
    if term := plain_search(f.search).strip()[:MAX_SEARCH]:
        query = query.where(col(Case.id).in_(matching_case_ids(session, term)))
    return query


def _tallies_serve(f: LedgerFilter) -> bool:
    """Whether the filter holds only what the running tallies carry (unit, category, risk)."""
    carried = LedgerFilter(unit_id=f.unit_id, categories=f.categories, risks=f.risks, sort=f.sort)
    return f == carried


def _total(session: Session, actor: Actor, f: LedgerFilter, query) -> int:  # type: ignore[no-untyped-def]
    if _tallies_serve(f):
        units = None if f.unit_id is None else subtree_unit_ids(session.get(Unit, f.unit_id).path)
        return tallied_total(session, actor, unit_ids=units, categories=f.categories, risks=f.risks)
    return session.exec(select(func.count()).select_from(query.subquery())).one()


def list_cases(
    session: Session,
    *,
    actor: Actor,
    filters: LedgerFilter,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> LedgerPage:
    """One page of the ledger in the actor's scope, filtered and sorted in SQL, with the total."""
    require(actor.role, Permission.READ_CASES)
    query = _ledger_query(session, actor, filters)
    total = _total(session, actor, filters, query)
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    if filters.sort == "deadline":
        order = (col(Case.deadline).is_(None), col(Case.deadline).asc(), col(Case.id).desc())
    elif filters.sort == "last_worked":
        order = (col(Case.last_worked_at).asc(), col(Case.id).asc())
    else:
        order = (col(Case.found_on).desc(), col(Case.id).desc())
    cases = session.exec(
        query.order_by(*order).offset((page - 1) * page_size).limit(page_size)
    ).all()
    ids = [c.id for c in cases]
    names: dict[int, list[str]] = {}
    for case_id, name in session.exec(
        select(Party.case_id, Party.name).where(col(Party.case_id).in_(ids)).order_by(Party.id)
    ):
        names.setdefault(case_id, []).append(name)
    unit_names = _unit_names(session, {c.unit_id for c in cases})
    locals_ = local_names(session, {c.local_category_id for c in cases})
    people = _people(session, {c.responsible_user_id for c in cases if c.responsible_user_id})
    today = local_today()
    rows = [
        CaseRow(
            id=c.id or 0,
            number=c.number,
            found_on=c.found_on,
            unit=unit_names.get(c.unit_id, ""),
            category=c.category,
            local_category=locals_.get(c.local_category_id or 0),
            risk=c.risk,
            stage=c.stage,
            deadline=c.deadline,
            overdue=_overdue(c, today),
            flagged=c.flagged,
            parties="、".join(names.get(c.id or 0, [])),
            facts=c.facts,
            amount_fen=c.amount_fen or 0,
            age_days=unassigned_age(c, today),
            worked_days=worked_days(c, today),
            responsible=people.get(c.responsible_user_id or 0)
            or c.recorded_responsible_person
            or "",
            lead_leader=c.lead_leader or "",
        )
        for c in cases
    ]
    return LedgerPage(rows=rows, total=total, page=page, pages=pages)


def _people(session: Session, ids: set[int]) -> dict[int, str]:
    """责任人 as shown: the accounts' display names (an old ledger's unmatched name is kept on
    the case as recorded_responsible_person)."""
    if not ids:
        return {}
    query = select(User.id, User.display_name).where(col(User.id).in_(ids))
    return {i: name for i, name in session.exec(query).all() if i is not None}


def unassigned_age(case: Case, today: date) -> int | None:
    """Days since a case still waiting for assignment (受理登记) was registered."""
    if case.stage != Stage.REGISTERED:
        return None
    return max(0, (today - to_local(case.created_at).date()).days)


def worked_days(case: Case, today: date) -> int | None:
    """最近办理: whole days since the case's last record or move (local dates)."""
    if case.last_worked_at is None:
        return None
    return max(0, (today - to_local(case.last_worked_at).date()).days)


def _overdue(case: Case, today: date) -> bool:
    return case.stage in OPEN_STAGES and case.deadline is not None and case.deadline < today
