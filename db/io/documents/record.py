"""The 调解笔录 of one record of work (处置记录): the record's fields as a mapping (what
db.cases.records.record_fields gives: kind, time, place, participants, content, next step and
its date, author) filled into the county's own template or the built-in one, as .docx and an A4
PDF. ID numbers and phones written into the free text are masked unless the user may reveal
them and gives a reason. Audited as the agreement is (db.io.documents.agreement)."""

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from db import texts
from db.clock import to_local
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.validation import clean_text, mask_in_text
from db.io.documents.agreement import DocumentFiles
from db.io.documents.common import checked_case, committee_of, revealed
from db.io.documents.fields import RECORD_FIELDS, chinese_date, chinese_time
from db.io.documents.layout import RECORD
from db.io.documents.pdf import render_pdf
from db.io.documents.render import render_docx
from db.io.documents.templates import county_of, template_for

REQUIRED = ("kind", "time", "content")
# The keys a record may give, and the other names they may go by.
ALIASES = {
    "kind": ("kind", "record_kind"),
    "time": ("time", "at", "happened_at", "record_time", "held_at"),
    "place": ("place",),
    "participants": ("participants",),
    "content": ("content", "said_and_agreed"),
    "next_step": ("next_step",),
    "next_step_on": ("next_step_on", "next_step_date"),
    "author": ("author", "recorder", "recorded_by"),
}


def _get(record: Mapping[str, Any], key: str) -> Any:
    return next((record[k] for k in ALIASES[key] if record.get(k) not in (None, "")), None)


def _local(value: Any) -> Any:
    """An aware instant (db.cases.records gives UTC) as the offices' local time."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return to_local(value)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return texts.label(value)
    return clean_text(str(value))


def record_context(
    record: Mapping[str, Any], *, case_number: str, committee: str, reveal: bool
) -> dict[str, str]:
    """Every placeholder of the 调解笔录 from the record's fields, as plain text."""
    missing = [key for key in REQUIRED if _get(record, key) is None]
    if missing:
        raise Invalid(texts.E_RECORD_FIELDS.format(missing="、".join(missing)))
    shown = (lambda text: text) if reveal else mask_in_text
    step, step_on = _text(_get(record, "next_step")), _get(record, "next_step_on")
    if step and isinstance(step_on, date):
        step = texts.DOC_NEXT_STEP_ON.format(step=step, date=chinese_date(step_on))
    context = {
        "case_number": case_number,
        "committee": committee,
        "record_kind": _text(_get(record, "kind")),
        "record_time": chinese_time(_local(_get(record, "time"))),
        "place": _text(_get(record, "place")),
        "participants": shown(_text(_get(record, "participants"))),
        "content": shown(_text(_get(record, "content"))),
        "next_step": shown(step),
        "recorder": _text(_get(record, "author")),
    }
    assert tuple(context) == RECORD_FIELDS
    return context


def make_record(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    record: Mapping[str, Any],
    reveal_reason: str | None = None,
) -> DocumentFiles:
    """The 调解笔录 of `record` (a record of case `case_id`) as .docx and PDF; audited;
    commits."""
    target = f"record-document:{case_id}"
    case = checked_case(session, actor, case_id, target=target)
    reason = revealed(actor, reveal_reason)
    context = record_context(
        record, case_number=case.number, committee=committee_of(session, case), reveal=bool(reason)
    )
    template = template_for(session, county_id=county_of(actor), kind=RECORD)
    files = DocumentFiles(
        docx=render_docx(template, context),
        pdf=render_pdf(RECORD, context, title=texts.DOC_RECORD_TITLE),
        revealed=reason is not None,
    )
    audit.record_export(
        session,
        actor=actor,
        case_id=case_id,
        target=target,
        detail=texts.DOC_RECORD_TITLE,
        reveal_reason=reason,
    )
    session.commit()
    return files
