"""Documents attached to a case (附件, 立卷归档), the 销号 guard for the signed agreement, and
who may print a case's forms and case file.

Who: the case's handlers (its responsible person, a mediator of its responsible unit or a unit
above it, coordinators in scope: lifecycle.may_handle) attach and withdraw; anyone who may see the
case opens. A file is checked by its content (db.core.file_kinds) before anything is stored, then
written under <data folder>/cases/case-<id>/ with a random name (0600, folders 0700); the row,
the CaseEvent on the timeline and the audit row are committed together, and the file is removed
again if that commit fails. A withdrawal marks the row with a reason; row and file are kept.
Opening goes through db.io.delivery (the reader's scope checked when the browser fetches it).
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from db import texts
from db.cases.lifecycle import MoveRefused, may_handle
from db.clock import utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.file_kinds import clean_file_name, shown_name, sniff_document
from db.core.files import write_private
from db.core.permissions import NotAllowed, Permission, allows, require
from db.core.scope import load_case
from db.core.settings import data_dir
from db.core.validation import short_text
from db.enums import AuditAction, DocumentKind, EventKind, Role
from db.models import Case, CaseDocument, CaseEvent, Unit, User

MAX_NOTE = 500


class DocumentRefused(Refused):
    """An attachment refused or not found; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: DocumentKind
    file_name: str
    note: str
    mime: str
    size: int
    uploaded_at: datetime
    uploaded_by: str
    withdrawn_at: datetime | None
    withdrawn_by: str
    withdrawn_reason: str

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def _paths(session: Session) -> dict[int, str]:
    return dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]


def _handled_case(session: Session, actor: Actor, case_id: int) -> Case:
    """The case in scope, for one of its handlers (HANDLE and lifecycle.may_handle)."""
    require(actor.role, Permission.HANDLE)
    case = load_case(session, actor, case_id)
    if not may_handle(actor, case, _paths(session)):
        raise NotAllowed(texts.DOC_E_NOT_HANDLER)
    return case


def may_attach(session: Session, actor: Actor, case: Case) -> bool:
    """Whether the upload and withdrawal forms are offered (the services check again)."""
    return allows(actor.role, Permission.HANDLE) and may_handle(actor, case, _paths(session))


def _event(session: Session, actor: Actor, case_id: int, kind: EventKind, detail: dict) -> None:
    session.add(
        CaseEvent(
            case_id=case_id,
            kind=kind,
            actor_id=actor.id,
            detail=json.dumps(detail, ensure_ascii=False),
        )
    )


def add_document(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    data: bytes,
    file_name: str,
    kind: DocumentKind | str,
    note: str = "",
) -> int:
    """Attach a file to the case; returns the document's id. Refused (nothing stored) for a
    reader who does not handle the case, a hostile name, a wrong type, an empty or oversized
    file, an image bomb."""
    case = _handled_case(session, actor, case_id)
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise Invalid(texts.DOC_E_KIND, field="kind") from None
    note = short_text(note, limit=MAX_NOTE)
    name = clean_file_name(file_name)
    sniffed = sniff_document(data)
    name = shown_name(name, sniffed)
    relative = Path("cases") / f"case-{case.id}" / f"{uuid.uuid4().hex}.{sniffed.extension}"
    document = CaseDocument(
        case_id=case_id,
        kind=kind,
        note=note,
        file_name=name,
        path=str(relative),
        mime=sniffed.mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=actor.id,
    )
    session.add(document)
    session.flush()
    detail = {"document": name, "document_kind": texts.label(kind)}
    _event(
        session, actor, case_id, EventKind.DOCUMENT_ADDED, detail | ({"note": note} if note else {})
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        case_id=case_id,
        target=f"document:{document.id}",
        detail=f"{texts.label(kind)}：{name}",
    )
    target = data_dir() / relative
    write_private(target, data)  # folders 0700, the file 0600
    try:
        session.commit()
    except BaseException:
        target.unlink(missing_ok=True)  # no row: no file
        raise
    return document.id or 0


def withdraw_document(session: Session, *, actor: Actor, document_id: int, reason: str) -> None:
    """Mark a document withdrawn (撤回) with a reason; the row and the file stay."""
    document = session.get(CaseDocument, document_id)
    if document is None:
        raise DocumentRefused(texts.DOC_E_MISSING)
    _handled_case(session, actor, document.case_id)
    reason = short_text(reason, limit=MAX_NOTE)
    if not reason:
        raise Invalid(texts.DOC_E_WITHDRAW_REASON, field="reason")
    result = session.execute(
        update(CaseDocument)
        .where(col(CaseDocument.id) == document_id, col(CaseDocument.withdrawn_at).is_(None))
        .values(withdrawn_at=utcnow(), withdrawn_by_id=actor.id, withdrawn_reason=reason)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise DocumentRefused(texts.DOC_E_WITHDRAWN)
    detail = {"document": document.file_name, "reason": reason}
    _event(session, actor, document.case_id, EventKind.DOCUMENT_WITHDRAWN, detail)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        case_id=document.case_id,
        target=f"document:{document_id}",
        detail=texts.label(EventKind.DOCUMENT_WITHDRAWN),
    )
    session.commit()


def case_documents(
    session: Session, *, actor: Actor, case_id: int, include_withdrawn: bool = True
) -> list[DocumentRow]:
    """The case's documents, oldest first, for anyone who may see the case."""
    require(actor.role, Permission.READ_CASES)
    load_case(session, actor, case_id)
    query = select(CaseDocument).where(CaseDocument.case_id == case_id)
    if not include_withdrawn:
        query = query.where(col(CaseDocument.withdrawn_at).is_(None))
    documents = list(session.exec(query.order_by(col(CaseDocument.id))))
    ids = {d.uploaded_by_id for d in documents} | {d.withdrawn_by_id for d in documents}
    names = dict(
        session.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all()  # type: ignore[arg-type]
    )
    return [
        DocumentRow(
            id=d.id or 0,
            kind=d.kind,
            file_name=d.file_name,
            note=d.note,
            mime=d.mime,
            size=d.size,
            uploaded_at=d.uploaded_at,
            uploaded_by=names.get(d.uploaded_by_id, ""),
            withdrawn_at=d.withdrawn_at,
            withdrawn_by=names.get(d.withdrawn_by_id, "") if d.withdrawn_by_id else "",
            withdrawn_reason=d.withdrawn_reason or "",
        )
        for d in documents
    ]


def document_content(
    session: Session, *, actor: Actor, document_id: int
) -> tuple[CaseDocument, bytes]:
    """The document and its bytes, for a reader who may see its case (scope checked now)."""
    require(actor.role, Permission.READ_CASES)
    document = session.get(CaseDocument, document_id)
    if document is None:
        raise DocumentRefused(texts.DOC_E_MISSING)
    load_case(session, actor, document.case_id)
    try:
        return document, (data_dir() / document.path).read_bytes()
    except OSError:
        raise DocumentRefused(texts.DOC_E_MISSING) from None


def signed_agreement_attached(session: Session, case_id: int) -> bool:
    found = session.exec(
        select(CaseDocument.id).where(
            CaseDocument.case_id == case_id,
            CaseDocument.kind == DocumentKind.SIGNED_AGREEMENT,
            col(CaseDocument.withdrawn_at).is_(None),
        )
    ).first()
    return found is not None


def agreement_missing(session: Session, case: Case) -> bool:
    """Resolved with a written agreement signed, and no signed agreement attached (withdrawn
    ones do not count)."""
    return case.agreement_signed and not signed_agreement_attached(session, case.id or 0)


def guard_signed_agreement(session: Session, case: Case, reason: str) -> dict[str, str]:
    """销号 of a case resolved with a written agreement needs the signed agreement attached, or
    a reason why not; returns the reason to record with the move ({} when none is needed)."""
    if not agreement_missing(session, case):
        return {}
    try:
        reason = short_text(reason or "", limit=MAX_NOTE)
    except Invalid as refused:
        raise MoveRefused(refused.message) from None
    if not reason:
        raise MoveRefused(texts.DOC_E_CLOSE_NEEDS_AGREEMENT)
    return {"no_agreement_reason": reason}


# Printing a case's forms and its case file: those who may export (coordinators, leaders) in
# scope, and a mediator who handles the case.


def may_print(session: Session, actor: Actor, case: Case) -> bool:
    if not allows(actor.role, Permission.READ_CASES):
        return False
    if allows(actor.role, Permission.EXPORT):
        return True
    return (
        actor.role == Role.MEDIATOR
        and allows(actor.role, Permission.HANDLE)
        and may_handle(actor, case, _paths(session))
    )


def may_print_case(session: Session, actor: Actor, case_id: int) -> bool:
    """Whether the case's forms and case file are offered to this reader (checked again)."""
    return may_print(session, actor, load_case(session, actor, case_id))


def printable_case(session: Session, actor: Actor, case_id: int) -> Case:
    """The case, for one who may print it; a refusal is audited (it survives) and raised."""
    require(actor.role, Permission.READ_CASES)
    case = load_case(session, actor, case_id)
    if not may_print(session, actor, case):
        audit.record_refusal(
            session,
            actor=actor,
            action=AuditAction.DENIED,
            case_id=case_id,
            target=f"case:{case_id}",
        )
        raise NotAllowed()
    return case
