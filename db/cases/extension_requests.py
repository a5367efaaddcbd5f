"""申请延期: the person handling a case asks for a later deadline (reason, proposed date); a
coordinator whose scope holds the case grants it, which applies the extend rule
(db.cases.actions.extend: reason, old and new date on the timeline), or refuses it with a
reason. A request is not a change of the handling: asking and refusing leave the case's version
as it is (nobody's open form becomes stale); granting changes the deadline, as extend does."""

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from db import texts
from db.cases import notices
from db.cases.actions import extend
from db.cases.lifecycle import Extension, MoveRefused, guard_deadline_not_past, may_handle
from db.cases.move_writing import add_event
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.permissions import Permission, allows, require
from db.core.scope import case_in_scope, load_case
from db.core.validation import CleanTextModel, check_deadline_reach
from db.enums import EventKind, RequestStatus, Stage
from db.models import Case, ExtensionRequest, Unit, User


class ExtensionAsk(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    proposed_deadline: date
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("proposed_deadline")
    @classmethod
    def _within_reach(cls, value: date) -> date:
        return check_deadline_reach(value, today=local_today())


def _pending(session: Session, case_id: int) -> ExtensionRequest | None:
    return session.exec(
        select(ExtensionRequest).where(
            ExtensionRequest.case_id == case_id, ExtensionRequest.status == RequestStatus.PENDING
        )
    ).first()


def request_extension(session: Session, *, actor: Actor, case_id: int, ask: ExtensionAsk) -> int:
    """Ask for a later deadline; one request waits at a time. Returns the request's id."""
    require(actor.role, Permission.HANDLE)
    case = load_case(session, actor, case_id)
    if case.stage not in (Stage.ASSIGNED, Stage.MEDIATING) or case.deadline is None:
        raise MoveRefused(texts.E_EXTEND_CLOSED)
    paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
    if not may_handle(actor, case, paths):
        raise MoveRefused(texts.E_NOT_HANDLER)
    if ask.proposed_deadline <= case.deadline:
        raise MoveRefused(texts.E_EXTEND_LATER)
    guard_deadline_not_past(ask.proposed_deadline)
    if _pending(session, case_id) is not None:
        raise MoveRefused(texts.E_EXTENSION_PENDING)
    request = ExtensionRequest(
        case_id=case_id,
        requested_by_id=actor.id,
        reason=ask.reason,
        old_deadline=case.deadline,
        proposed_deadline=ask.proposed_deadline,
    )
    session.add(request)
    detail = {
        "old_deadline": case.deadline.isoformat(),
        "proposed_deadline": ask.proposed_deadline.isoformat(),
        "reason": ask.reason,
    }
    add_event(session, actor, case_id, EventKind.EXTENSION_REQUESTED, detail)
    session.flush()
    request_id = request.id or 0
    session.commit()
    return request_id


def _open_request(session: Session, actor: Actor, case_id: int, request_id: int) -> Any:
    require(actor.role, Permission.ASSIGN)
    load_case(session, actor, case_id)
    request = session.get(ExtensionRequest, request_id)
    if request is None or request.case_id != case_id:
        raise MoveRefused(texts.E_EXTENSION_UNKNOWN)
    if request.status != RequestStatus.PENDING:
        raise MoveRefused(texts.E_EXTENSION_NOT_PENDING)
    return request


def grant(session: Session, *, actor: Actor, case_id: int, version: int, request_id: int) -> int:
    """Grant: the deadline becomes the proposed date through the extend rule (its checks, its
    timeline entry with the reason and both dates); the request is answered in the same commit."""
    request = _open_request(session, actor, case_id, request_id)
    request.status = RequestStatus.GRANTED
    request.answered_by_id, request.answered_at = actor.id, utcnow()
    session.add(request)
    notices.extension_answered(session, actor_id=actor.id, request=request, granted=True)
    extension = Extension(new_deadline=request.proposed_deadline, reason=request.reason)
    return extend(session, actor=actor, case_id=case_id, version=version, extension=extension)


class RefusalReason(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=500)


def refuse(
    session: Session, *, actor: Actor, case_id: int, request_id: int, reason: RefusalReason
) -> None:
    """Refuse with a reason; the deadline stays."""
    request = _open_request(session, actor, case_id, request_id)
    request.status = RequestStatus.REFUSED
    request.answered_by_id, request.answered_at = actor.id, utcnow()
    request.answer_note = reason.reason
    session.add(request)
    detail = {"proposed_deadline": request.proposed_deadline.isoformat(), "reason": reason.reason}
    add_event(session, actor, case_id, EventKind.EXTENSION_REFUSED, detail)
    notices.extension_answered(session, actor_id=actor.id, request=request, granted=False)
    session.commit()


def _views(session: Session, conditions: list, limit: int = 50) -> list[dict]:
    rows = session.exec(
        select(ExtensionRequest, Case.number, User.display_name)
        .join(Case, col(Case.id) == ExtensionRequest.case_id)
        .join(User, col(User.id) == ExtensionRequest.requested_by_id)
        .where(*conditions)
        .order_by(col(ExtensionRequest.requested_at))
        .limit(limit)
    ).all()
    return [
        {
            "id": r.id,
            "case_id": r.case_id,
            "number": number,
            "who": who,
            "requested_at": r.requested_at,
            "reason": r.reason,
            "old": r.old_deadline,
            "proposed": r.proposed_deadline,
            "status": RequestStatus(r.status),
            "note": r.answer_note,
        }
        for r, number, who in rows
    ]


def for_case(session: Session, *, actor: Actor, case_id: int) -> list[dict]:
    load_case(session, actor, case_id)
    return _views(session, [ExtensionRequest.case_id == case_id])


def pending_for(session: Session, *, actor: Actor) -> list[dict]:
    """Requests waiting for a coordinator in whose scope the case lies (the home page)."""
    if not allows(actor.role, Permission.ASSIGN):
        return []
    return _views(session, [ExtensionRequest.status == RequestStatus.PENDING, case_in_scope(actor)])


def may_request(session: Session, *, actor: Actor, case_id: int) -> bool:
    """Whether the form to ask is offered: the handler, an open case with a deadline, nothing
    pending. (The rules above still decide.)"""
    if not allows(actor.role, Permission.HANDLE) or allows(actor.role, Permission.ASSIGN):
        return False  # a coordinator extends the deadline directly
    case = load_case(session, actor, case_id)
    if case.stage not in (Stage.ASSIGNED, Stage.MEDIATING) or case.deadline is None:
        return False
    paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
    return may_handle(actor, case, paths) and _pending(session, case_id) is None
