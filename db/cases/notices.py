"""Who is told of a change to a case (通知, issue 21), in the transaction of the change: the
notifications are committed with it, or lost with it when it is refused.

save_change (db.cases.move_writing) calls `after_change` for every change it writes, so each
move, action and report-up tells its people without knowing of the inbox; registration and the
answers to extension requests call the functions below them. Readers: active accounts, never
the actor, and only people whose scope holds the case (the responsible person, the coordinators
of the unit it is reported to, the coordinators above an urgent case)."""

from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from db import texts
from db.enums import EventKind, NoticeKind, Role, Stage, UnitKind
from db.inbox.notify import notify
from db.models import Case, ExtensionRequest, ReportUp, Unit, User


def title(number: str, what: str) -> str:
    return texts.NOTICE_TITLE.format(number=number, what=what)


def fixed(number: str, kind: NoticeKind) -> str:
    return title(number, texts.NOTICE_FIXED[kind.value])


def _when(day: date | None) -> str:
    return day.isoformat() if day else ""


def coordinators_of(session: Session, unit_id: int) -> list[int]:
    """The coordinators of a unit and of its departments (the body that answers for it)."""
    departments = select(Unit.id).where(Unit.parent_id == unit_id, Unit.kind == UnitKind.DEPARTMENT)
    query = select(User.id).where(
        User.role == Role.COORDINATOR,
        or_(User.unit_id == unit_id, col(User.unit_id).in_(departments)),
    )
    return [u for u in session.exec(query).all() if u is not None]


def coordinators_above(session: Session, case: Case) -> list[int]:
    """The coordinators whose scope holds the case where it happened: the town's and the
    county's (those db.cases.urgent asks to acknowledge an urgent case)."""
    unit = session.get(Unit, case.unit_id)
    if unit is None:
        return []
    ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
    query = select(User.id).where(User.role == Role.COORDINATOR, col(User.unit_id).in_(ancestors))
    return [u for u in session.exec(query).all() if u is not None]


def urgent(session: Session, *, actor_id: int | None, case: Case) -> None:
    """An urgent case registered, or made urgent: the coordinators above it are told."""
    notify(
        session,
        user_ids=coordinators_above(session, case),
        kind=NoticeKind.URGENT,
        title=fixed(case.number, NoticeKind.URGENT),
        actor_id=actor_id,
        case_id=case.id,
    )


def _report_sender(session: Session, case_id: int) -> int | None:
    """Who sent the case's last answered report up."""
    return session.exec(
        select(ReportUp.sent_by_id)
        .where(ReportUp.case_id == case_id, col(ReportUp.answered_at).is_not(None))
        .order_by(col(ReportUp.id).desc())
    ).first()


def after_change(
    session: Session,
    *,
    actor_id: int | None,
    case_id: int,
    kind: EventKind,
    values: dict[str, Any],
    stage_before: Stage,
) -> None:
    """Tell the people a change concerns (save_change calls it before its commit)."""
    case = session.get(Case, case_id, populate_existing=True)
    assert case is not None

    def tell(readers: list[int | None], notice: NoticeKind, what: str) -> None:
        notify(
            session,
            user_ids=readers,
            kind=notice,
            title=title(case.number, what),
            actor_id=actor_id,
            case_id=case_id,
        )

    mine = [case.responsible_user_id]
    if kind == EventKind.REPORTED_UP and case.reported_up_to_unit_id:
        readers = coordinators_of(session, case.reported_up_to_unit_id)
        tell(list(readers), NoticeKind.REPORTED_TO_YOU, texts.NOTICE_FIXED["reported_to_you"])
    if kind in (EventKind.REPORT_TAKEN, EventKind.REPORT_RETURNED):
        notice = NoticeKind(kind.value)
        tell([_report_sender(session, case_id)], notice, texts.NOTICE_FIXED[notice.value])
    if "responsible_user_id" in values:
        tell(mine, NoticeKind.ASSIGNED, texts.NOTICE_ASSIGNED.format(deadline=_when(case.deadline)))
    elif kind == EventKind.EXTENDED:
        what = texts.NOTICE_EXTENDED.format(deadline=_when(case.deadline))
        tell(mine, NoticeKind.EXTENDED, what)
    if kind == EventKind.FLAGGED and values.get("flagged"):
        tell(mine, NoticeKind.FLAGGED, texts.NOTICE_FIXED["flagged"])
    if values.get("stage") == Stage.MEDIATING and stage_before in (Stage.RESOLVED, Stage.CLOSED):
        tell(mine, NoticeKind.REOPENED, texts.NOTICE_FIXED["reopened"])
    if values.get("urgent"):
        urgent(session, actor_id=actor_id, case=case)


def extension_answered(
    session: Session, *, actor_id: int | None, request: ExtensionRequest, granted: bool
) -> None:
    """An extension request answered: its requester is told (before the grant's extension, so
    a requester who is also the responsible person hears it once)."""
    case = session.get(Case, request.case_id)
    assert case is not None
    what = (
        texts.NOTICE_EXTENSION_GRANTED.format(deadline=_when(request.proposed_deadline))
        if granted
        else texts.NOTICE_EXTENSION_REFUSED
    )
    notify(
        session,
        user_ids=[request.requested_by_id],
        kind=NoticeKind.EXTENSION_ANSWERED,
        title=title(case.number, what),
        actor_id=actor_id,
        case_id=case.id,
    )
