"""Records of work (处置记录): what a handler did on a case — a mediation session, a visit, a
call, a coordination meeting — with who took part, what was said and agreed, and the next step.

A record is a row of case_records and a timeline entry (a CaseEvent of kind record holding the
record's text as written), in one commit with its audit row. Adding one does not change the
handling, so nobody's open form on the case becomes stale (the case's version stays). Its author
may correct it within CORRECT_HOURS: the row takes the new text, and a record_corrected event
lists every changed field's old and new value, so the old text stays on the timeline. Records
are never deleted. A record of kind 方案调整 (plan) also revises the case's 化解方案."""

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from db import texts
from db.cases.lifecycle import MoveRefused, may_handle
from db.cases.move_writing import add_event
from db.cases.report_rules import same_body
from db.clock import LOCAL_ZONE, to_local, utcnow
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.permissions import Permission, allows, require
from db.core.scope import load_case
from db.core.validation import EARLIEST_DATE, CleanTextModel, mask_in_text, normalise
from db.enums import OPEN_STAGES, EventKind, RecordKind, Role, Stage
from db.models import Case, CaseRecord, Unit, User

CORRECT_HOURS = 24
_ID_LIKE = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?!\d)")
WORK_STAGES = (*OPEN_STAGES, Stage.RESOLVED)
FIELDS = ("kind", "held_at", "place", "participants", "content", "next_step", "next_step_on")


class RecordInput(CleanTextModel):
    """What the record form submits; the time is the local date and time it was held."""

    model_config = ConfigDict(str_strip_whitespace=True)

    kind: RecordKind
    held_on: date
    held_time: time = time(9, 0)
    place: str = Field(default="", max_length=200)
    participants: str = Field(default="", max_length=500)
    content: str = Field(min_length=1, max_length=4000)
    next_step: str = Field(default="", max_length=500)
    next_step_on: date | None = None

    @field_validator("participants")
    @classmethod
    def _no_id_numbers(cls, value: str) -> str:
        if _ID_LIKE.search(normalise(value)):  # ID numbers belong to the parties' table
            raise Invalid(texts.E_RECORD_ID_NUMBER)
        return value

    @field_validator("held_on")
    @classmethod
    def _not_too_early(cls, value: date) -> date:
        if value < EARLIEST_DATE:
            raise Invalid(texts.V_DATE_TOO_EARLY.format(earliest=EARLIEST_DATE.isoformat()))
        return value

    @property
    def held_at(self) -> datetime:
        return datetime.combine(self.held_on, self.held_time, LOCAL_ZONE).astimezone(UTC)

    def values(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"held_on", "held_time"})
        data["held_at"] = self.held_at
        if data["held_at"] > utcnow() + timedelta(minutes=5):
            raise MoveRefused(texts.E_RECORD_FUTURE)
        return data


def may_work(session: Session, actor: Actor, case: Case) -> bool:
    """A handler: the responsible person, a mediator of the responsible unit (or above it), or a
    coordinator of the unit handling the case; and its lead leader (包案领导), whose records are
    the check-ins of the 五个一 (db.cases.leaders)."""
    if case.lead_leader_id is not None and case.lead_leader_id == actor.id:
        return True
    if not allows(actor.role, Permission.HANDLE):
        return False
    if case.responsible_user_id == actor.id:
        return True
    if actor.role == Role.MEDIATOR:
        paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
        return may_handle(actor, case, paths)
    return actor.role == Role.COORDINATOR and same_body(
        session, case.handling_unit_id or case.unit_id, actor
    )


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    """A record's fields as its event keeps them: labels, local time, identifiers masked."""
    out = {}
    for name in FIELDS:
        value = values.get(name)
        if name == "kind":
            value = texts.label(RecordKind(value))
        elif name == "held_at":
            value = to_local(value).strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = mask_in_text(value)
        out[name] = "" if value is None else value
    return out


def _revise_plan(session: Session, case: Case, record: RecordInput) -> None:
    if record.kind == RecordKind.PLAN:
        case.resolution_plan = record.content[:2000]
        session.add(case)


def add_record(session: Session, *, actor: Actor, case_id: int, record: RecordInput) -> int:
    """A handler's (or the lead leader's) record on an open or resolved case; returns its id."""
    if actor.role != Role.LEADER:  # a leader: only on the cases they lead (may_work)
        require(actor.role, Permission.HANDLE)
    case = load_case(session, actor, case_id)
    if case.stage not in WORK_STAGES:
        raise MoveRefused(texts.E_RECORD_STAGE)
    if not may_work(session, actor, case):
        raise MoveRefused(texts.E_RECORD_NOT_HANDLER)
    values = record.values()
    row = CaseRecord(case_id=case_id, author_id=actor.id, created_at=utcnow(), **values)
    session.add(row)
    session.flush()
    _revise_plan(session, case, record)
    add_event(session, actor, case_id, EventKind.RECORD, {"record": row.id, **_shown(values)})
    session.commit()
    assert row.id is not None
    return row.id


def _load_record(session: Session, actor: Actor, record_id: int) -> tuple[CaseRecord, Case]:
    record = session.get(CaseRecord, record_id) if 0 < record_id < 2**31 else None
    if record is None:
        raise MoveRefused(texts.E_RECORD_UNKNOWN)
    return record, load_case(session, actor, record.case_id)


def correctable(record: CaseRecord, actor: Actor) -> bool:
    """The author, within CORRECT_HOURS of writing it."""
    created = record.created_at
    if created.tzinfo is None:  # SQLite hands back naive UTC
        created = created.replace(tzinfo=UTC)
    return record.author_id == actor.id and utcnow() - created <= timedelta(hours=CORRECT_HOURS)


def correct_record(
    session: Session,
    *,
    actor: Actor,
    record_id: int,
    version: int,
    record: RecordInput,
    reason: str = "",
) -> int:
    """The author's correction within CORRECT_HOURS; the event keeps every changed field's old
    and new value. Returns the record's new version."""
    row, case = _load_record(session, actor, record_id)
    if row.author_id != actor.id:
        raise MoveRefused(texts.E_RECORD_NOT_AUTHOR)
    if not correctable(row, actor):
        raise MoveRefused(texts.E_RECORD_TOO_LATE.format(hours=CORRECT_HOURS))
    if row.version != version:
        raise MoveRefused(texts.E_RECORD_STALE)
    values = record.values()
    old = _shown(row.model_dump())
    new = _shown(values)
    changes = {k: f"{old[k]} → {new[k]}" for k in FIELDS if old[k] != new[k]}
    if not changes:
        raise MoveRefused(texts.E_NO_CHANGE)
    for name, value in values.items():
        setattr(row, name, value)
    row.corrected_at = utcnow()
    row.version = version + 1
    session.add(row)
    _revise_plan(session, case, record)
    detail = {"record": row.id, **changes}
    if reason.strip():
        detail["reason"] = mask_in_text(reason.strip()[:500])
    add_event(session, actor, row.case_id, EventKind.RECORD_CORRECTED, detail)
    session.commit()
    return version + 1


def list_records(session: Session, *, actor: Actor, case_id: int) -> list[dict[str, Any]]:
    """The case's records, newest first, with their author and whether the reader may correct
    them now. Identifiers in the text are masked."""
    load_case(session, actor, case_id)
    rows = session.exec(
        select(CaseRecord, User.display_name)
        .join(User, col(User.id) == CaseRecord.author_id)
        .where(CaseRecord.case_id == case_id)
        .order_by(col(CaseRecord.held_at).desc(), col(CaseRecord.id).desc())
    ).all()
    return [
        {
            "id": r.id,
            "version": r.version,
            "author": name,
            "corrected": r.corrected_at is not None,
            "may_correct": correctable(r, actor),
            **_shown(r.model_dump()),
            "raw": {k: getattr(r, k) for k in FIELDS},
        }
        for r, name in rows
    ]


def record_fields(session: Session, actor: Actor, record_id: int) -> dict[str, Any]:
    """One record's fields as plain values (for the 调解笔录 of part 3): kind (its Chinese
    label), held_at (aware, UTC), held_local ("YYYY-MM-DD HH:MM"), place, participants, content,
    next_step, next_step_on (a date or None), author, case_id, case_number, corrected."""
    row, case = _load_record(session, actor, record_id)
    author = session.get(User, row.author_id)
    return {
        "id": row.id,
        "case_id": case.id,
        "case_number": case.number,
        "kind": texts.label(row.kind),
        "held_at": row.held_at if row.held_at.tzinfo else row.held_at.replace(tzinfo=UTC),
        "held_local": to_local(row.held_at).strftime("%Y-%m-%d %H:%M"),
        "place": row.place,
        "participants": row.participants,
        "content": row.content,
        "next_step": row.next_step,
        "next_step_on": row.next_step_on,
        "author": author.display_name if author else "",
        "corrected": row.corrected_at is not None,
    }
