"""The audit trail: who read or changed what, and when. Only inserts; the database refuses
updates and deletes of these rows (see the initial migration's triggers)."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from db import texts
from db.core.actor import Signed
from db.core.engine import write_apart, write_session
from db.enums import AuditAction
from db.models import AuditLog


def entry(
    *,
    actor: Signed | None,
    action: AuditAction,
    case_id: int | None = None,
    target: str = "",
    detail: str = "",
    username: str = "",
    client: str = "",
) -> AuditLog:
    """An audit row, not yet written: who (the actor, or the username typed when nobody is signed
    in), what, on which case or target, from which client."""
    return AuditLog(
        user_id=actor.id if actor else None,
        username=actor.username if actor else username,
        action=action,
        case_id=case_id,
        target=target[:100],
        detail=detail[:1000],
        client=(actor.client if actor and not client else client)[:64],
    )


def record(session: Session, **fields: Any) -> None:
    """Add an audit row (the fields of `entry`) to the caller's transaction: it is committed
    with the change."""
    session.add(entry(**fields))


def record_export(
    session: Session,
    *,
    actor: Signed,
    target: str,
    detail: str,
    reveal_reason: str | None = None,
    case_id: int | None = None,
) -> None:
    """A file with case data made for someone (an EXPORT row) and, when it shows full personal
    data, why (a REVEAL row with the reason): both in the caller's transaction."""
    record(
        session,
        actor=actor,
        action=AuditAction.EXPORT,
        case_id=case_id,
        target=target,
        detail=detail,
    )
    if reveal_reason:
        record(
            session,
            actor=actor,
            action=AuditAction.REVEAL,
            case_id=case_id,
            target=target,
            detail=texts.EXPORT_AUDIT_REVEAL.format(reason=reveal_reason),
        )


def record_refusal(session: Session, **fields: Any) -> None:
    """An audit row that survives the refusal being raised: written in its own session once the
    caller's transaction has ended, whatever became of it (db.core.engine, the commit rule)."""
    write_apart(session, entry(**fields))


def record_alone(**fields: Any) -> None:
    """An audit row that is a unit of work by itself (a download offered, a page refused):
    written and committed in its own session."""
    with write_session() as session:
        session.add(entry(**fields))
        session.commit()


def search(
    session: Session,
    *,
    user_id: int | None = None,
    action: AuditAction | None = None,
    case_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[AuditLog], int]:
    """Audit rows newest first, with the total that matched."""
    query = select(AuditLog)
    if user_id is not None:
        query = query.where(AuditLog.user_id == user_id)
    if action is not None:
        query = query.where(AuditLog.action == action)
    if case_id is not None:
        query = query.where(AuditLog.case_id == case_id)
    if since is not None:
        query = query.where(AuditLog.at >= since)
    if until is not None:
        query = query.where(AuditLog.at < until)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(AuditLog.id).desc()).offset(offset).limit(limit)).all()
    return list(rows), total
