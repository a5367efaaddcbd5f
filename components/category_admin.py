"""系统管理 → 分类: the built-in categories with their official 人民调解 category (read-only),
the local ones an admin adds, and their retirement (db.cases.categories)."""

import pandas as pd
import streamlit as st

from components.refusals import refusal_shown
from db import texts
from db.cases.categories import (
    OFFICIAL_OF,
    LocalCategoryRow,
    add_local_category,
    local_categories,
    reactivate_local_category,
    retire_local_category,
)
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.enums import Category, OfficialCategory

K = "admin-categories"


def categories_tab(actor: Actor) -> None:
    st.caption(texts.CAT_CAPTION)
    if done := st.session_state.pop(f"{K}-done", None):
        st.success(done)
    with read_session() as session:
        local = local_categories(session, counted=True)
    C = texts.CAT_COLUMNS
    builtin = [
        (
            texts.label(c),
            texts.CAT_KIND_BUILTIN,
            texts.MR_OFFICIAL_NAMES[OFFICIAL_OF[c]],
            "",
            "",
            "",
        )
        for c in Category
    ]
    own = [
        (
            c.name,
            texts.CAT_KIND_LOCAL,
            texts.MR_OFFICIAL_NAMES[c.official],
            texts.label(c.base),
            texts.CAT_ACTIVE if c.active else texts.CAT_INACTIVE,
            str(c.cases),
        )
        for c in local
    ]
    with st.container(key=f"{K}-table"):
        st.dataframe(
            pd.DataFrame(
                [*own, *builtin],
                columns=[C[c] for c in ("name", "kind", "official", "base", "state", "cases")],
            ),
            hide_index=True,
            height=35 * (len(own) + len(builtin) + 1) + 3,  # every category visible
        )
    _add_form(actor)
    _manage(actor, local)


def _add_form(actor: Actor) -> None:
    st.markdown(f"**{texts.CAT_ADD}**")
    with st.form(f"{K}-form", clear_on_submit=True):
        name = st.text_input(texts.CAT_NAME, max_chars=30, key=f"{K}-name")
        official = st.selectbox(
            texts.CAT_OFFICIAL,
            list(OfficialCategory),
            format_func=texts.MR_OFFICIAL_NAMES.get,
            key=f"{K}-official",
        )
        base = st.selectbox(
            texts.CAT_BASE,
            list(Category),
            format_func=texts.label,
            help=texts.CAT_BASE_HELP,
            key=f"{K}-base",
        )
        submitted = st.form_submit_button(texts.CAT_SUBMIT, key=f"{K}-submit", type="primary")
    if not submitted:
        return
    with refusal_shown() as refused, write_session() as session:
        add_local_category(session, actor, name=name, official=official, base=base)
    if not refused:
        st.session_state[f"{K}-done"] = texts.CAT_ADDED.format(name=name.strip())
        st.rerun()


def _manage(actor: Actor, local: list[LocalCategoryRow]) -> None:
    if not local:
        st.caption(texts.CAT_NONE)
        return
    st.markdown(f"**{texts.CAT_MANAGE}**")
    by_id = {c.id: c for c in local}
    chosen = st.selectbox(
        texts.CAT_PICK,
        list(by_id),
        format_func=lambda i: (
            f"{by_id[i].name}（{texts.CAT_ACTIVE if by_id[i].active else texts.CAT_INACTIVE}）"
        ),
        key=f"{K}-pick",
    )
    row = by_id[chosen]
    if row.active:
        if not st.button(texts.CAT_RETIRE, key=f"{K}-retire"):
            return
        with refusal_shown() as refused, write_session() as session:
            deleted = retire_local_category(session, actor, row.id)
        done = (texts.CAT_DELETED if deleted else texts.CAT_DEACTIVATED).format(name=row.name)
    else:
        if not st.button(texts.CAT_REACTIVATE, key=f"{K}-reactivate"):
            return
        with refusal_shown() as refused, write_session() as session:
            reactivate_local_category(session, actor, row.id)
        done = texts.CAT_REACTIVATED.format(name=row.name)
    if not refused:
        st.session_state[f"{K}-done"] = done
        st.rerun()
