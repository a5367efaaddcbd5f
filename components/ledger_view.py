"""The ledger's filter bar and table; a click on a case number opens the case
(components.case_grid)."""

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from components.campaign_view import campaign_filter
from components.case_grid import case_grid
from db import texts
from db.cases.categories import LocalCategoryRow
from db.cases.ledger import LedgerFilter
from db.cases.schemas import CaseRow
from db.core.units import UnitOption, unit_label
from db.enums import Category, Risk, Stage


def filter_bar(
    units: list[UnitOption],
    people: list[tuple[int, str]],
    *,
    key_prefix: str,
    local: Sequence[LocalCategoryRow] = (),
    leaders: Sequence[tuple[int, str]] = (),
) -> LedgerFilter:
    """The filters; `people` are those who may be 责任人 in scope (db.cases.board); `local`: the
    local categories the category filter offers beside the built-in ones; `leaders`: the leader
    accounts (db.cases.leaders.leaders_in_view)."""
    k = key_prefix
    F = texts.FIELDS
    top = st.columns([2, 2, 1.2, 1.2])
    search = top[0].text_input(
        texts.LEDGER_SEARCH, key=f"{k}-search", placeholder=texts.LEDGER_SEARCH_ANY_HINT
    )
    by_id = {u.id: u for u in units}
    unit_id = top[1].selectbox(
        F["unit"],
        [None, *by_id],
        format_func=lambda i: texts.ALL if i is None else unit_label(by_id[i]),
        key=f"{k}-unit",
    )
    sort = top[2].selectbox(
        texts.LEDGER_SORT,
        ["found_on", "deadline", "last_worked"],
        format_func=lambda key: texts.LEDGER_SORTS.get(key, texts.LEDGER_SORT_LAST_WORKED),
        key=f"{k}-sort",
    )
    overdue = top[3].checkbox(texts.LEDGER_OVERDUE, key=f"{k}-overdue")
    urgent = top[3].checkbox(texts.URGENT_FILTER, key=f"{k}-urgent")
    reported_up = top[3].checkbox(texts.REPORT_WAITING_FILTER, key=f"{k}-reported-up")
    idle = top[3].checkbox(texts.LEDGER_STALE, key=f"{k}-idle")  # 7 天无进展
    campaign_id = campaign_filter(top[3], key=f"{k}-campaign")
    names = dict(people)  # 责任人 and 包案领导 fill the space beside the column of checkboxes
    person = top[0].selectbox(
        F["responsible"],
        [None, *names],
        format_func=lambda i: texts.ALL if i is None else names[i],
        key=f"{k}-person",
    )
    heads = dict(leaders)
    if st.session_state.get(f"{k}-lead-id") not in heads:  # a link's leader not offered here
        st.session_state.pop(f"{k}-lead-id", None)
    lead_id = top[1].selectbox(
        texts.LEDGER_LEADER_PICK,
        [None, *heads],
        format_func=lambda i: texts.ALL if i is None else heads[i],
        key=f"{k}-lead-id",
    )
    leader = top[1].text_input(
        F["lead_leader"], key=f"{k}-leader", placeholder=texts.LEDGER_LEADER_HINT, max_chars=50
    )
    row = st.columns([2, 2, 1.2, 1.2, 1.2])
    local_names = {c.id: c.name for c in local}  # a local category is chosen by its id
    chosen = row[0].multiselect(
        F["category"],
        [*Category, *local_names],
        format_func=lambda c: texts.label(c) if isinstance(c, Category) else local_names[c],
        key=f"{k}-category",
        placeholder=texts.ALL,
        select_all=False,
    )
    stages = row[1].multiselect(
        F["stage"],
        list(Stage),
        format_func=texts.label,
        key=f"{k}-stage",
        placeholder=texts.ALL,
        select_all=False,
    )
    risks = row[2].multiselect(
        F["risk"],
        list(Risk),
        format_func=texts.label,
        key=f"{k}-risk",
        placeholder=texts.ALL,
        select_all=False,
    )
    found_from = row[3].date_input(
        texts.LEDGER_FROM, value=None, key=f"{k}-from", format="YYYY-MM-DD"
    )
    found_to = row[4].date_input(texts.LEDGER_TO, value=None, key=f"{k}-to", format="YYYY-MM-DD")
    return LedgerFilter(
        unit_id=unit_id,
        categories=[c for c in chosen if isinstance(c, Category)],
        local_categories=[c for c in chosen if not isinstance(c, Category)],
        stages=stages,
        risks=risks,
        found_from=found_from if isinstance(found_from, date) else None,
        found_to=found_to if isinstance(found_to, date) else None,
        overdue_only=overdue,
        search=search,
        sort=sort,
        campaign_id=campaign_id,
        urgent_only=urgent,
        reported_up_only=reported_up,
        idle_days=7 if idle else None,
        responsible_user_id=person,
        lead_leader_id=lead_id,
        lead_leader=leader,
    )


def ledger_frame(rows: list[CaseRow]) -> pd.DataFrame:
    """The rows as the offices read them; personal identifiers never appear here."""
    F = texts.FIELDS
    return pd.DataFrame(
        {
            F["number"]: [r.number for r in rows],
            F["found_on"]: [r.found_on for r in rows],
            F["unit"]: [r.unit for r in rows],
            F["category"]: [r.local_category or texts.label(r.category) for r in rows],
            F["parties"]: [r.parties for r in rows],
            F["amount_yuan"]: [r.amount_fen / 100 for r in rows],
            F["risk"]: [texts.label(r.risk) for r in rows],
            F["stage"]: [texts.label(r.stage) for r in rows],
            F["responsible"]: [r.responsible for r in rows],
            F["lead_leader"]: [r.lead_leader for r in rows],
            # As datetimes, so that a case without a deadline shows an empty cell, not "None".
            F["deadline"]: pd.to_datetime(pd.Series([r.deadline for r in rows], dtype="object")),
            texts.LEDGER_OVERDUE: [texts.YES if r.overdue else "" for r in rows],
            texts.LEDGER_AGE: pd.Series([r.age_days for r in rows], dtype="Int64"),
            texts.LEDGER_LAST_WORKED: [
                texts.LEDGER_DAYS_AGO.format(days=r.worked_days)
                if r.worked_days is not None
                else ""
                for r in rows
            ],
            F["facts"]: [r.facts for r in rows],
        }
    )


def ledger_table(rows: list[CaseRow], *, key: str) -> None:
    """The rows; a click on a case number opens the case in this tab."""
    F = texts.FIELDS
    with st.container(key=key):  # the CSS class st-key-<key> marks the table for browser tests
        case_grid(
            ledger_frame(rows),
            [r.id for r in rows],
            key=f"{key}-grid",
            number_column=F["number"],
            column_config={
                F["number"]: st.column_config.TextColumn(help=texts.CASE_LINK_HINT, width="medium"),
                F["found_on"]: st.column_config.DateColumn(format="YYYY-MM-DD"),
                F["amount_yuan"]: st.column_config.NumberColumn(format="%.2f"),
                F["deadline"]: st.column_config.DateColumn(format="YYYY-MM-DD"),
                F["facts"]: st.column_config.TextColumn(width="large"),
            },
        )
