"""The current unit tree and accounts in the set-up workbook's layout (round trip: the file
imported back creates nothing; into a fresh database with the same county it makes the same
tree). Active units and the active accounts of active units, in tree order; phones masked
unless a reason is given. Audited (export)."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.validation import MAX_REASON, mask_phone, short_text
from db.enums import AuditAction
from db.io.setup_book.layout import write_book
from db.models import Unit, User


@dataclass(frozen=True)
class Exported:
    data: bytes
    units: int
    accounts: int


def export_book(session: Session, *, actor: Actor, reveal_reason: str = "") -> Exported:
    """The actor's subtree: the unit rows (the actor's own unit with its parent left empty when
    it is the county) and the account rows. Commits its audit row."""
    require(actor.role, Permission.MANAGE_USERS)
    reason = short_text(reveal_reason, limit=MAX_REASON) if reveal_reason else ""
    inside = col(Unit.path).startswith(actor.unit_path, autoescape=True)
    units = session.exec(select(Unit).where(inside, col(Unit.active))).all()
    units = sorted(units, key=lambda u: [int(p) for p in u.path.strip("/").split("/")])
    codes = {u.id: u.code for u in session.exec(select(Unit))}
    unit_rows = [
        (
            u.name,
            texts.label(u.kind),
            u.code,
            codes.get(u.parent_id, "") if u.parent_id else "",
            texts.SB_YES if u.must_report else texts.SB_NO,
            u.reports_from,
        )
        for u in units
    ]
    active = {u.id for u in units}
    users = session.exec(
        select(User)
        .where(col(User.unit_id).in_(active), col(User.is_active))
        .order_by(col(User.username))
    ).all()
    account_rows = [
        (
            u.username,
            u.display_name,
            texts.label(u.role),
            codes[u.unit_id],
            (u.phone or "") if reason else mask_phone(u.phone),
        )
        for u in users
    ]
    shown = texts.SB_PHONES_REVEALED.format(reason=reason) if reason else texts.SB_PHONES_MASKED
    audit.record(
        session,
        actor=actor,
        action=AuditAction.EXPORT,
        target="setup",
        detail=texts.SB_AUDIT_EXPORT.format(
            units=len(unit_rows), accounts=len(account_rows), shown=shown
        ),
    )
    session.commit()
    return Exported(write_book(unit_rows, account_rows), len(unit_rows), len(account_rows))
