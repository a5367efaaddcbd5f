"""One case read back in the actor's scope, with its parties (masked unless revealed with a
reason), its follow-ups and its timeline (db.cases.ledger re-exports get_case)."""

import json

from sqlmodel import Session, col, select

from db import texts
from db.cases.categories import local_names
from db.cases.lifecycle import offered_actions, offered_moves
from db.cases.schemas import CaseDetail, EventView, FollowUpView, PartyView
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.scope import load_case
from db.core.validation import MAX_REASON, mask_id_number, mask_phone, short_text
from db.enums import AuditAction
from db.models import CaseEvent, FollowUp, Party, Unit, User


def unit_names(session: Session, ids: set[int | None]) -> dict[int, str]:
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
    names = unit_names(session, {case.unit_id, case.responsible_unit_id, case.handling_unit_id})
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
        local_category=local_names(session, {case.local_category_id}).get(
            case.local_category_id or 0
        ),
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
        lead_leader_id=case.lead_leader_id,
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
        resolution_plan=case.resolution_plan,
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
