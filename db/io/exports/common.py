"""What both Excel exports share (db.io.exports.ledger, the ledger; db.io.exports.forms, the two forms of
one case): the permission check (a refusal is audited), the reason that reveals ID numbers and
phones, the names of units and people, and the xlsx cell settings: date format, the starts of
text a spreadsheet would run as a formula, lines and alignments, yuan, local dates.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime

from openpyxl.styles import Alignment, Border, Side
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from db.clock import to_local
from db.core import audit
from db.core.actor import Actor
from db.core.permissions import NotAllowed, Permission, require
from db.core.validation import MAX_REASON, short_text
from db.enums import AuditAction
from db.models import Case, Unit, User

DATE_FORMAT = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@")

_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def formulas_as_text(sheet: Worksheet) -> None:
    """Cells whose text a spreadsheet would run as a formula (=, +, -, @) stay text: a unit,
    person or facts written "=..." is shown as written, never evaluated."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def require_export(session: Session, actor: Actor, target: str) -> None:
    """Export needs Permission.EXPORT; a refusal is audited and raised as NotAllowed."""
    try:
        require(actor.role, Permission.READ_CASES)
        require(actor.role, Permission.EXPORT)
    except NotAllowed:
        audit.record_refusal(session, actor=actor, action=AuditAction.DENIED, target=target)
        raise


def checked_reveal_reason(actor: Actor, reveal_reason: str | None) -> str | None:
    """The reason, stripped, when the actor may reveal and gave one; else None (mask)."""
    reason = short_text(reveal_reason or "", limit=MAX_REASON)
    if not reason:
        return None
    require(actor.role, Permission.REVEAL_PERSONAL)
    return reason


def yuan(fen: int) -> int | float:
    return fen // 100 if fen % 100 == 0 else fen / 100


def local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return to_local(moment).date()


def finished_on(case: Case) -> date | None:
    return local_date(case.resolved_at) or local_date(case.finished_at)


def unit_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    query = select(Unit.id, Unit.name).where(col(Unit.id).in_(list(ids)))
    return {i: name for i, name in session.exec(query).all() if i is not None}


def user_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    query = select(User.id, User.display_name).where(col(User.id).in_(list(ids)))
    return {i: name for i, name in session.exec(query).all() if i is not None}
