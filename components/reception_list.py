"""The register's list: a month's receptions at the actor's scope, filtered by leader, kind and
status (never by visitor), and the picker that opens one of them."""

import pandas as pd
import streamlit as st

from components.refusals import refusal_shown
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session
from db.enums import ReceptionKind, ReceptionStatus
from db.receptions.counts import month_bounds
from db.receptions.reading import list_receptions
from db.receptions.schemas import ReceptionRow

ANY = ""


def month_picker(key: str) -> tuple[int, int]:
    """A year and a month, this month by default."""
    today = local_today()
    left, right = st.columns(2)
    year = left.number_input(
        texts.RECEPTION_YEAR, min_value=2000, max_value=today.year + 1, value=today.year,
        step=1, key=f"{key}-year",
    )  # fmt: skip
    month = right.selectbox(
        texts.RECEPTION_MONTH, list(range(1, 13)), index=today.month - 1, key=f"{key}-month"
    )
    return int(year), int(month)


def _frame(rows: list[ReceptionRow]) -> pd.DataFrame:
    C = texts.RECEPTION_COLUMNS
    return pd.DataFrame(
        {
            C["held_on"]: [r.held_on for r in rows],
            C["kind"]: [texts.label(r.kind) for r in rows],
            C["status"]: [texts.label(r.status) for r in rows],
            C["leader"]: [r.leader for r in rows],
            C["unit"]: [r.unit for r in rows],
            C["place"]: [r.place for r in rows],
            C["visitors"]: [r.visitors for r in rows],
            C["cases"]: [r.cases for r in rows],
            C["opened"]: [r.opened for r in rows],
        }
    )


def register_list(actor: Actor) -> int | None:
    """Draw the month's list; return the reception chosen to open (the newest by default)."""
    year, month = month_picker("receptions-list")
    start, end = month_bounds(year, month)
    with refusal_shown() as refused, read_session() as session:
        every = list_receptions(session, actor, start=start, end=end)
    if refused:
        return None
    leaders = {r.leader_id: r.leader for r in every}
    a, b, c = st.columns(3)
    leader = a.selectbox(
        texts.RECEPTION_FIELDS["leader_id"], [ANY, *leaders],
        format_func=lambda i: leaders.get(i, texts.RECEPTION_ANY), key="receptions-filter-leader",
    )  # fmt: skip
    kind = b.selectbox(
        texts.RECEPTION_FIELDS["kind"], [ANY, *ReceptionKind],
        format_func=lambda v: texts.label(v) if v else texts.RECEPTION_ANY,
        key="receptions-filter-kind",
    )  # fmt: skip
    status = c.selectbox(
        texts.RECEPTION_FIELDS["status"], [ANY, *ReceptionStatus],
        format_func=lambda v: texts.label(v) if v else texts.RECEPTION_ANY,
        key="receptions-filter-status",
    )  # fmt: skip
    rows = every
    if leader != ANY or kind != ANY or status != ANY:
        with read_session() as session:
            rows = list_receptions(
                session, actor, start=start, end=end,
                leader_id=leader if leader != ANY else None,
                kind=ReceptionKind(kind) if kind else None,
                status=ReceptionStatus(status) if status else None,
            )  # fmt: skip
    st.caption(texts.RECEPTION_LIST_CAPTION.format(count=len(rows), year=year, month=month))
    if not rows:
        st.info(texts.RECEPTION_LIST_EMPTY)
        return None
    st.dataframe(_frame(rows), hide_index=True, width="stretch", key="receptions-list")
    by_id = {r.id: r for r in rows}
    state = st.session_state
    # Just recorded: opened. Back from another tab (whose run dropped the picker's state): the
    # one chosen before. Set before the picker is drawn.
    wanted = state.pop("receptions-open", None)
    if wanted is None and "receptions-pick" not in state:
        wanted = state.get("receptions-chosen")
    if wanted in by_id:
        state["receptions-pick"] = wanted
    state["receptions-chosen"] = st.selectbox(
        texts.RECEPTION_PICK,
        list(by_id),
        format_func=lambda i: _line(by_id[i]),
        key="receptions-pick",
    )
    return state["receptions-chosen"]


def _line(row: ReceptionRow) -> str:
    return texts.RECEPTION_PICK_LINE.format(
        day=row.held_on, kind=texts.label(row.kind), leader=row.leader, place=row.place
    )
