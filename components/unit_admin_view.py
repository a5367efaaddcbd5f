"""系统管理 → 单位: the unit tree listed, and the admin's changes to it (db.accounts.unit_admin)."""

import pandas as pd
import streamlit as st

from components.refusals import refusal_shown
from db import texts
from db.accounts import unit_admin
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.units import listing, unit_label
from db.enums import UnitKind


def units_tab(actor: Actor) -> None:
    with read_session() as session:
        rows = listing(session, actor=actor)
    st.dataframe(
        pd.DataFrame(
            {
                texts.UNIT_NAME: [r.option.indented for r in rows],
                texts.UNIT_COL_CODE: [r.code for r in rows],
                texts.UNIT_COL_KIND: [texts.label(r.option.kind) for r in rows],
                texts.UNIT_COL_ACTIVE: [
                    texts.UNIT_ACTIVE if r.option.active else texts.UNIT_INACTIVE for r in rows
                ],
                texts.UNIT_COL_REPORTS: [texts.YES if r.must_report else "" for r in rows],
                texts.UNIT_COL_FROM: [
                    r.reports_from.isoformat() if r.reports_from else "" for r in rows
                ],
            }
        ),
        hide_index=True,
        key="admin-units-table",
    )
    by_id = {r.option.id: r for r in rows}
    parents = [r.option.id for r in rows if r.option.active]
    with st.expander(texts.UNIT_NEW):
        _create_form(actor, by_id, parents)
    chosen = st.selectbox(
        texts.UNIT_PICK,
        list(by_id),
        format_func=lambda i: f"{unit_label(by_id[i].option)} {by_id[i].code}",
        key="admin-unit",
    )
    if chosen is not None:
        _edit(actor, by_id[chosen], by_id, parents)


def _create_form(actor: Actor, by_id: dict, parents: list[int]) -> None:  # type: ignore[type-arg]
    with st.form("admin-new-unit", clear_on_submit=True, enter_to_submit=False):
        name = st.text_input(texts.UNIT_NAME, key="admin-unit-new-name")
        code = st.text_input(texts.UNIT_COL_CODE, key="admin-unit-new-code")
        kinds = [k for k in UnitKind if k != UnitKind.COUNTY]
        kind = st.selectbox(
            texts.UNIT_COL_KIND, kinds, format_func=texts.label, key="admin-unit-new-kind"
        )
        parent = st.selectbox(
            texts.UNIT_PARENT,
            parents,
            format_func=lambda i: unit_label(by_id[i].option),
            key="admin-unit-new-parent",
        )
        must_report = st.checkbox(texts.UNIT_MUST_REPORT, key="admin-unit-new-reports")
        since = st.date_input(
            texts.UNIT_REPORTS_FROM, value=None, key="admin-unit-new-from", format="YYYY-MM-DD"
        )
        submitted = st.form_submit_button(texts.UNIT_CREATE, key="admin-unit-new-submit")
    if submitted:
        with refusal_shown() as refused, write_session() as session:
            made = unit_admin.create(
                session,
                actor=actor,
                name=name,
                code=code,
                kind=kind,
                parent_id=parent,
                must_report=must_report,
                reports_from=since,
            )
        if not refused:
            st.success(texts.UNIT_CREATED.format(name=made.name))


def _edit(actor: Actor, row, by_id: dict, parents: list[int]) -> None:  # type: ignore[no-untyped-def, type-arg]
    unit_id = row.option.id  # in every key: each unit's form starts from its own values
    with st.form(f"admin-edit-unit-{unit_id}", enter_to_submit=False):
        name = st.text_input(
            texts.UNIT_NAME, value=row.option.name, key=f"admin-unit-name-{unit_id}"
        )
        code = st.text_input(texts.UNIT_COL_CODE, value=row.code, key=f"admin-unit-code-{unit_id}")
        must_report = st.checkbox(
            texts.UNIT_MUST_REPORT, value=row.must_report, key=f"admin-unit-reports-{unit_id}"
        )
        since = st.date_input(
            texts.UNIT_REPORTS_FROM,
            value=row.reports_from,
            key=f"admin-unit-from-{unit_id}",
            format="YYYY-MM-DD",
        )
        save = st.form_submit_button(texts.UNIT_SAVE, key=f"admin-unit-save-{unit_id}")
    targets = [i for i in parents if i != unit_id]
    left, right = st.columns([3, 1])
    parent = left.selectbox(
        texts.UNIT_MOVE_TO,
        targets,
        index=targets.index(row.parent_id) if row.parent_id in targets else None,
        format_func=lambda i: unit_label(by_id[i].option),
        key=f"admin-unit-parent-{unit_id}",
    )
    move = right.button(texts.UNIT_MOVE, key=f"admin-unit-move-{unit_id}")
    left, right = st.columns(2)
    toggle = left.button(
        texts.UNIT_DEACTIVATE if row.option.active else texts.UNIT_ACTIVATE,
        key=f"admin-unit-toggle-{unit_id}",
    )
    delete = right.button(texts.UNIT_DELETE, key=f"admin-unit-delete-{unit_id}")
    with refusal_shown(), write_session() as session:
        if save:
            unit_admin.rename(session, actor=actor, unit_id=unit_id, name=name)
            unit_admin.recode(session, actor=actor, unit_id=unit_id, code=code)
            if (must_report, since) != (row.must_report, row.reports_from):
                unit_admin.set_reporting(
                    session,
                    actor=actor,
                    unit_id=unit_id,
                    must_report=must_report,
                    reports_from=since,
                )
            st.success(texts.UNIT_SAVED.format(name=name.strip()))
        if move and parent is not None:
            count = unit_admin.move(session, actor=actor, unit_id=unit_id, parent_id=parent)
            st.success(texts.UNIT_MOVED.format(count=count))
        if toggle:
            unit_admin.set_active(
                session, actor=actor, unit_id=unit_id, active=not row.option.active
            )
            st.success(texts.UNIT_SAVED.format(name=row.option.name))
        if delete:
            unit_admin.delete(session, actor=actor, unit_id=unit_id)
            st.success(texts.UNIT_DELETED.format(name=row.option.name))
