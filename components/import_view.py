"""Import an office's Excel ledger: upload, choose the town, preview every row and problem, then
import all or nothing (or, explicitly, leave out the rows in error). The rules are in db:
db.io.imports.upload (the preview kept small, the import reading the file again), over
db.io.imports.workbook (reading), preview (checking) and apply (writing). Only the preview as
shown is kept in the session, and only while the file is in the uploader."""

import pandas as pd
import streamlit as st

from components.refusals import refusal_shown
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session
from db.core.permissions import Permission, allows
from db.core.units import unit_label, units_in_scope
from db.enums import Role, UnitKind
from db.io.imports.upload import UploadChoice, import_upload, preview_upload
from db.io.imports.workbook import sheet_names


def import_ledger(actor: Actor, *, key_prefix: str) -> None:
    if not allows(actor.role, Permission.IMPORT):
        return
    k = key_prefix
    plan_key = f"{k}-plan"
    with read_session() as session:
        towns = [
            u for u in units_in_scope(session, actor, active_only=True) if u.kind == UnitKind.TOWN
        ]
    if not towns:
        return
    by_id = {u.id: u for u in towns}
    upload = st.file_uploader(texts.IMP_UPLOAD, type=["xlsx"], key=f"{k}-file")
    if upload is None:  # the file was removed: so is its preview
        st.session_state.pop(plan_key, None)
    town_id = st.selectbox(
        texts.IMP_TOWN, list(by_id), format_func=lambda i: unit_label(by_id[i]), key=f"{k}-town"
    )
    create = actor.role == Role.ADMIN and st.checkbox(
        texts.IMP_CREATE_UNITS, key=f"{k}-create-units"
    )
    renumber = st.checkbox(texts.IMP_RENUMBER, key=f"{k}-renumber")
    mapping = _column_choices(upload, k)
    sheet = _sheet_choice(upload, k)
    choice = None
    if upload is not None:
        choice = UploadChoice(
            filename=upload.name,
            town_code=_town_code(town_id),
            sheet=sheet,
            mapping=tuple((mapping or {}).items()),
            create_missing_units=create,
            renumber_taken=renumber,
        )
    if upload is not None and choice and st.button(texts.IMP_PREVIEW, key=f"{k}-preview"):
        st.session_state.pop(plan_key, None)
        with refusal_shown() as refused, st.spinner(texts.IMP_READING):
            shown = preview_upload(upload.getvalue(), actor=actor, choice=choice)
            columns = (upload.name, shown.columns, shown.missing)
            changed = st.session_state.get(f"{k}-columns") != columns
            if changed:  # the boxes show the fields this preview found
                for name in [n for n in st.session_state if str(n).startswith(f"{k}-map-")]:
                    del st.session_state[name]
            st.session_state[f"{k}-columns"] = columns
            st.session_state[f"{k}-sheets"] = (upload.name, shown.sheets)
            st.session_state[plan_key] = shown
        if refused:
            sheets = sheet_names(upload.getvalue(), upload.name)
            if len(sheets) > 1 and sheet is None:  # the ledger may be on another sheet
                st.session_state[f"{k}-sheets"] = (upload.name, sheets)
                st.rerun()
        elif changed or (len(shown.sheets) > 1 and sheet is None):
            st.rerun()  # show the column or sheet choices next to the report at once
    shown = st.session_state.get(plan_key)
    if shown is None or upload is None or choice is None:
        return
    for line in shown.lines:
        st.text(line)
    if shown.cases:
        st.dataframe(pd.DataFrame(shown.table), hide_index=True, key=f"{k}-preview-table")
    if not shown.ready:
        if shown.cases and not shown.importable:  # every row is a case already in
            st.warning(
                texts.IMP_NOTHING.format(reason=texts.IMP_NOTHING_ALL_IN.format(count=shown.cases))
            )
        return
    if choice.digest(upload.getvalue()) != shown.digest:  # a choice changed since the preview
        st.info(texts.IMP_PREVIEW_AGAIN)
        return
    label = texts.IMP_SUBMIT if shown.ok else texts.IMP_SUBMIT_SKIPPING
    if st.button(label, key=f"{k}-submit", type="primary"):
        with refusal_shown() as refused, st.spinner(texts.IMP_RUNNING.format(rows=shown.cases)):
            result = import_upload(upload.getvalue(), actor=actor, choice=choice, shown=shown)
        if refused:
            return
        st.session_state.pop(plan_key, None)
        st.success(result.line())


def _sheet_choice(upload, k: str) -> str | None:  # type: ignore[no-untyped-def]
    """The first sheet is read unless the user picks another one of the file's sheets."""
    seen = st.session_state.get(f"{k}-sheets")
    if upload is None or seen is None or seen[0] != upload.name or len(seen[1]) < 2:
        return None
    return st.selectbox(texts.IMP_SHEET, seen[1], key=f"{k}-sheet")


def _column_choices(upload, k: str) -> dict[str, str | None] | None:  # type: ignore[no-untyped-def]
    """After a preview, one selectbox per named column of the file (key {k}-map-<column number>),
    showing the field it was recognised as; what the user changes is sent as the mapping."""
    seen = st.session_state.get(f"{k}-columns")
    if upload is None or seen is None or seen[0] != upload.name or not seen[1]:
        return None
    options: list[str | None] = [None, *texts.IMP_FIELD_NAMES]
    mapping: dict[str, str | None] = {}
    with st.expander(texts.IMP_MAP_TITLE, expanded=bool(seen[2])):
        st.caption(texts.IMP_MAP_HINT)
        for number, letter, name, now, auto in seen[1]:
            chosen = st.selectbox(
                texts.IMP_MAP_COLUMN.format(letter=letter, name=name),
                options,
                index=options.index(now),
                format_func=lambda f: texts.IMP_MAP_SKIP if f is None else texts.IMP_FIELD_NAMES[f],
                key=f"{k}-map-{number}",
            )
            if chosen != auto:
                mapping[name] = chosen
    return mapping or None


def _town_code(town_id: int) -> str:
    from db.models import Unit

    with read_session() as session:
        unit = session.get(Unit, town_id)
    return unit.code if unit else ""
