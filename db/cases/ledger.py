"""Reading cases back in the actor's scope: the ledger (filtered, paginated in SQL) and one case."""

import json
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from db import texts
from db.cases.lifecycle import offered_actions, offered_moves
from db.cases.schemas import (
    CaseDetail,
    CaseRow,
    EventView,
    FollowUpView,
    PartyView,
)
from db.cases.search import matching_case_ids
from db.clock import local_today, to_local
from db.core import audit
from db.core.actor import Actor
from db.core.campaign_scope import campaign_case_conditions
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, case_in_scope, load_case, subtree_unit_ids
from db.core.validation import MAX_REASON, mask_id_number, mask_phone, plain_search, short_text
from db.enums import (
    OPEN_STAGES,
    AuditAction,
    Category,
    Risk,
    Stage,
)
from db.models import Case, CaseEvent, FollowUp, Party, Unit, User

PAGE_SIZE = 50
MAX_SEARCH = 100  # characters of a search term used (a number or a name is far shorter)


@dataclass
class LedgerFilter:
    unit_id: int | None = None  # a subtree root; None = the actor's whole scope
    categories: list[Category] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    found_from: date | None = None
    found_to: date | None = None
    overdue_only: bool = False
    search: str = ""
    sort: str = "found_on"  # or "deadline"
    campaign_id: int | None = None  # only the cases a campaign counts (db.core.campaign_scope)
    urgent_only: bool = False  # 紧急 (db.cases.urgent)
    reported_up_only: bool = False  # 上报待接收 (db.cases.report_up)


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
    if f.categories:
        query = query.where(col(Case.category).in_(f.categories))
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
    if term := plain_search(f.search).strip()[:MAX_SEARCH]:
        query = query.where(col(Case.id).in_(matching_case_ids(session, term)))
    return query


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
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    if filters.sort == "deadline":
        order = (col(Case.deadline).is_(None), col(Case.deadline).asc(), col(Case.id).desc())
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
    today = local_today()
    rows = [
        CaseRow(
            id=c.id or 0,
            number=c.number,
            found_on=c.found_on,
            unit=unit_names.get(c.unit_id, ""),
            category=c.category,
            risk=c.risk,
            stage=c.stage,
            deadline=c.deadline,
            overdue=_overdue(c, today),
            flagged=c.flagged,
            parties="、".join(names.get(c.id or 0, [])),
            facts=c.facts,
            amount_fen=c.amount_fen or 0,
            age_days=unassigned_age(c, today),
        )
        for c in cases
    ]
    return LedgerPage(rows=rows, total=total, page=page, pages=pages)


def unassigned_age(case: Case, today: date) -> int | None:
    """Days since a case still waiting for assignment (受理登记) was registered."""
    if case.stage != Stage.REGISTERED:
        return None
    return max(0, (today - to_local(case.created_at).date()).days)


def _overdue(case: Case, today: date) -> bool:
    return case.stage in OPEN_STAGES and case.deadline is not None and case.deadline < today


def _unit_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(wanted))).all())  # type: ignore[arg-type]


def get_case(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    reveal_reason: str | None = None,
    audit_view: bool = True,
) -> CaseDetail:
    """One case with its parties and timeline. ID numbers and phones are masked unless the
    actor may see them and gives a reason. The view (when `audit_view`) and a reveal are
    audited, in one commit once the case is read; pass a write session then."""
    require(actor.role, Permission.READ_CASES)
    case = load_case(session, actor, case_id)
    reveal = reveal_reason is not None
    if reveal:
        require(actor.role, Permission.REVEAL_PERSONAL)
        reveal_reason = short_text(reveal_reason or "", limit=MAX_REASON)
        if not reveal_reason:
            raise Refused(texts.E_REVEAL_REASON, field="reveal_reason")
    parties = session.exec(select(Party).where(Party.case_id == case_id).order_by(Party.id)).all()
    events = session.exec(
        select(CaseEvent, User.display_name)
        .join(User, col(User.id) == CaseEvent.actor_id, isouter=True)
        .where(CaseEvent.case_id == case_id)
        .order_by(col(CaseEvent.at), col(CaseEvent.id))
    ).all()
    names = _unit_names(session, {case.unit_id, case.responsible_unit_id, case.handling_unit_id})
    visits = session.exec(
        select(FollowUp).where(FollowUp.case_id == case_id).order_by(col(FollowUp.id))
    ).all()
    people = dict(
        session.exec(
            select(User.id, User.display_name).where(
                col(User.id).in_(
                    [
                        i
                        for i in (case.created_by_id, case.responsible_user_id, case.updated_by_id)
                        if i
                    ]
                )
            )
        ).all()
    )
    detail = CaseDetail(
        id=case_id,
        number=case.number,
        category=case.category,
        found_via=case.found_via,
        found_on=case.found_on,
        unit=names.get(case.unit_id, ""),
        facts=case.facts,
        people_involved=case.people_involved,
        amount_fen=case.amount_fen,
        risk=case.risk,
        group_risk=case.group_risk,
        violence_risk=case.violence_risk,
        stage=case.stage,
        lead_leader=case.lead_leader,
        original_number=case.original_number,
        settled_on_spot=case.settled_on_spot,
        referral_outcome=case.referral_outcome,
        referral_outcome_on=case.referral_outcome_on,
        recorded_responsible_unit=case.recorded_responsible_unit,
        recorded_responsible_person=case.recorded_responsible_person,
        responsible_unit=names.get(case.responsible_unit_id) if case.responsible_unit_id else None,
        responsible_user=people.get(case.responsible_user_id) if case.responsible_user_id else None,
        deadline=case.deadline,
        created_at=case.created_at,
        created_by=people.get(case.created_by_id, "") if case.created_by_id else "",
        updated_at=case.updated_at,
        updated_by=people.get(case.updated_by_id, "") if case.updated_by_id else "",
        version=case.version,
        handling_unit=names.get(case.handling_unit_id or case.unit_id, ""),
        resolved_level=case.resolved_level,
        resolution_method=case.resolution_method,
        resolution_summary=case.resolution_summary,
        agreement_signed=case.agreement_signed,
        court_confirmed=case.court_confirmed,
        referral_channel=case.referral_channel,
        referral_reason=case.referral_reason,
        reopened_count=case.reopened_count,
        flagged=case.flagged,
        flag_note=case.flag_note,
        moves=offered_moves(session, actor, case),
        actions=offered_actions(session, actor, case),
        follow_ups=[FollowUpView.model_validate(v, from_attributes=True) for v in visits],
        parties=[
            PartyView(
                role=p.role,
                name=p.name,
                id_number=(p.id_number or "") if reveal else mask_id_number(p.id_number),
                phone=(p.phone or "") if reveal else mask_phone(p.phone),
                address=p.address or "",
            )
            for p in parties
        ],
        events=[
            EventView(
                at=e.at,
                kind=e.kind,
                actor=who or _recorded_by(e.detail),
                stage_from=e.stage_from,
                stage_to=e.stage_to,
                detail=e.detail,
            )
            for e, who in events
        ],
    )
    target = f"case:{case_id}"
    if audit_view:
        audit.record(
            session, actor=actor, action=AuditAction.VIEW_CASE, case_id=case_id, target=target
        )
    if reveal:
        audit.record(
            session,
            actor=actor,
            action=AuditAction.REVEAL,
            case_id=case_id,
            target=target,
            detail=(reveal_reason or "").strip(),
        )
    if audit_view or reveal:
        session.commit()  # the view's unit of work: its audit rows
    return detail


def _recorded_by(detail: str) -> str:
    """Who did a step an imported ledger records (db.io.imports.records): no account, a name."""
    if '"recorded_by"' not in detail:
        return ""
    try:
        return str(json.loads(detail).get("recorded_by") or "")
    except (ValueError, AttributeError):
        return ""
