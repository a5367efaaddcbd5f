"""The audit trail: who read or changed what, and when. Only inserts; the database refuses
updates and deletes of these rows (see the initial migration's triggers)."""

from datetime import datetime

from sqlmodel import Session, col, func, select

from db.core.actor import Actor
from db.enums import AuditAction
from db.models import AuditLog


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: AuditAction,
    case_id: int | None = None,
    target: str = "",
    detail: str = "",
    username: str = "",
    client: str = "",
) -> None:
    """Add an audit row to the caller's transaction (it is committed with the change)."""
    session.add(
        AuditLog(
            user_id=actor.id if actor else None,
            username=actor.username if actor else username,
            action=action,
            case_id=case_id,
            target=target[:100],
            detail=detail[:1000],
            client=(actor.client if actor and not client else client)[:64],
        )
    )


def record_now(session: Session, **fields: object) -> None:
    """Write an audit row on its own, even though the caller's work is being refused."""
    session.rollback()
    record(session, **fields)  # type: ignore[arg-type]
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
