"""The case page's records of work (处置记录) and its one timeline, newest first, filtered by
kind. User text is shown as text (st.text), never as Markdown or HTML."""

import json
from datetime import datetime

import streamlit as st
from pydantic import ValidationError

from components.agreement_view import record_documents
from components.forms import long_text, past_day
from components.refusals import refusal_shown
from db import texts
from db.cases import records
from db.cases.schemas import CaseDetail, field_errors
from db.cases.timeline import GROUPS, newest_first
from db.clock import format_local, to_local
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.core.validation import max_chars
from db.enums import RecordKind

_KEYS = {**texts.DETAIL_KEYS, **texts.WORKBENCH_DETAIL_KEYS}


def timeline_view(case: CaseDetail) -> None:
    """Every entry of the case's timeline, newest first, of the kinds chosen."""
    groups = st.multiselect(
        texts.TIMELINE_KINDS,
        list(GROUPS),
        default=list(GROUPS),
        format_func=texts.TIMELINE_GROUPS.get,
        key="case-timeline-kinds",
        placeholder=texts.CHOOSE,
        select_all=False,
    )
    shown = newest_first(case.events, groups)
    if not shown:
        st.caption(texts.TIMELINE_EMPTY)
    for event in shown:
        with st.container(border=True, key=f"case-timeline-{event.kind}-{event.at.timestamp()}"):
            moved = ""
            if event.stage_to is not None:
                source = texts.label(event.stage_from) + " → " if event.stage_from else ""
                moved = f"：{source}{texts.label(event.stage_to)}"
            st.text(f"{format_local(event.at)}  {texts.label(event.kind)}{moved}  {event.actor}")
            for line in _detail_lines(event.detail):
                st.text(line)


def _detail_lines(raw: str) -> list[str]:
    try:
        data = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        return [raw]
    if not isinstance(data, dict):
        return [str(data)]
    lines = []
    for key, value in data.items():
        if key in ("number", "recorded_by") or value in ("", None):
            continue
        if isinstance(value, bool):
            value = texts.YES if value else texts.NO
        lines.append(f"{_KEYS.get(key, key)}：{value}")
    return lines


def records_area(actor: Actor, case: CaseDetail, *, may_record: bool) -> bool:
    """The records (newest first; the author's own correctable for a day) and the form for a
    new one. True once something was saved."""
    with read_session() as session:
        rows = records.list_records(session, actor=actor, case_id=case.id)
    st.subheader(texts.RECORDS_TITLE.format(count=len(rows)))
    may_document = allows(actor.role, Permission.HANDLE)
    if may_record:
        with st.expander(texts.RECORD_ADD, expanded=not rows):
            if _record_form(actor, case.id, key="case-record"):
                return True
    for row in rows:
        with st.container(border=True):
            head = texts.RECORD_LINE.format(
                at=row["held_at"], kind=row["kind"], place=row["place"], author=row["author"]
            )
            st.text(head + (texts.RECORD_CORRECTED_MARK if row["corrected"] else ""))
            for name in ("participants", "content", "next_step", "next_step_on"):
                if row[name]:
                    st.text(f"{texts.RECORD_FIELDS[name]}：{row[name]}")
            if may_document:  # the 调解笔录 of this record, as .docx and PDF
                record_documents(actor, case_id=case.id, number=case.number, record_id=row["id"])
            if row["may_correct"]:
                with st.expander(texts.RECORD_CORRECT):
                    key = f"case-record-fix-{row['id']}"
                    if _record_form(actor, case.id, key=key, row=row):
                        return True
    return False


def limit(field: str) -> int:
    return max_chars(records.RecordInput, field)


def _record_form(actor: Actor, case_id: int, *, key: str, row: dict | None = None) -> bool:
    F = texts.RECORD_FIELDS
    raw = row["raw"] if row else {}
    held: datetime | None = raw.get("held_at")
    local = to_local(held) if held else None
    kinds = list(RecordKind)
    with st.form(f"{key}-form", clear_on_submit=row is None, enter_to_submit=False):
        kind = st.selectbox(
            F["kind"],
            kinds,
            index=kinds.index(raw["kind"]) if raw else 0,
            format_func=texts.label,
            key=f"{key}-kind",
        )
        left, right = st.columns(2)
        held_on = past_day(
            F["held_on"], value=local.date() if local else None, key=f"{key}-date", where=left
        )
        held_time = right.time_input(
            F["held_time"], value=local.time() if local else "now", key=f"{key}-time"
        )
        place = st.text_input(
            F["place"], value=raw.get("place", ""), key=f"{key}-place", max_chars=limit("place")
        )
        participants = st.text_input(
            F["participants"],
            value=raw.get("participants", ""),
            key=f"{key}-participants",
            max_chars=limit("participants"),
        )
        content = long_text(
            F["content"], limit=limit("content"), value=raw.get("content", ""), key=f"{key}-content"
        )
        next_step = st.text_input(
            F["next_step"],
            value=raw.get("next_step", ""),
            key=f"{key}-next",
            max_chars=limit("next_step"),
        )
        next_on = st.date_input(
            F["next_step_on"],
            value=raw.get("next_step_on"),
            key=f"{key}-next-on",
            format="YYYY-MM-DD",
        )
        reason = st.text_input(F["reason"], key=f"{key}-reason", max_chars=500) if row else ""
        label = texts.RECORD_CORRECT if row else texts.RECORD_ADD
        if not st.form_submit_button(label, key=f"{key}-submit", type="primary"):
            return False
    data = {
        "kind": kind,
        "held_on": held_on,
        "place": place,
        "participants": participants,
        "content": content,
        "next_step": next_step,
        "next_step_on": next_on if next_on else None,
        **({"held_time": held_time} if held_time else {}),
    }
    try:
        record = records.RecordInput.model_validate(data)
    except ValidationError as error:
        for field, message in field_errors(error).items():
            st.error(f"{F.get(field, field)}：{message}")
        return False
    with refusal_shown() as refused, write_session() as session:
        if row is None:
            records.add_record(session, actor=actor, case_id=case_id, record=record)
        else:
            records.correct_record(
                session,
                actor=actor,
                record_id=row["id"],
                version=row["version"],
                record=record,
                reason=reason,
            )
    if refused:
        return False
    st.session_state["dd_notice"] = texts.RECORD_CORRECTED_DONE if row else texts.RECORD_ADDED
    return True
