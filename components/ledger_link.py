"""Links into the ledger with a filter set (home's "全部 n 件" and its overdue units): the filter
travels in the link's query parameters and is put into the filter bar's widgets once, as the
whole filter (every other filter cleared), so the ledger shows the count the link promised."""

import streamlit as st

from db.core.units import UnitOption
from db.core.validation import parse_row_id
from db.enums import Stage

PARAMS = ("stage", "overdue", "unit", "leader")
# Select boxes whose "全部" is the option None: their state is dropped, not set to None (which a
# select box reads as "nothing chosen" and shows its placeholder).
DROPPED = ("unit", "campaign", "person", "lead-id")
CLEARED = {
    "search": "",
    "leader": "",
    "sort": "found_on",
    "urgent": False,
    "reported-up": False,
    "idle": False,
    "category": [],
    "risk": [],
    "from": None,
    "to": None,
}


def ledger_params(
    *,
    stage: Stage | None = None,
    overdue: bool = False,
    unit_id: int | None = None,
    leader_id: int | None = None,
) -> dict[str, str]:
    params = {"stage": stage.value} if stage is not None else {}
    if leader_id is not None:  # 包案领导: the leader's own cases (the leader's home)
        params["leader"] = str(leader_id)
    if overdue:
        params["overdue"] = "1"
    if unit_id is not None:
        params["unit"] = str(unit_id)
    return params


def apply_link(units: list[UnitOption], *, key_prefix: str) -> None:
    """Before the filter bar is drawn: a link's filter into its widgets, then the parameters
    dropped (what the user changes afterwards is theirs). A unit outside the list is ignored."""
    given = {p: st.query_params.get(p, "") for p in PARAMS if p in st.query_params}
    if not given:
        return
    k = key_prefix
    for name, value in CLEARED.items():
        st.session_state[f"{k}-{name}"] = value
    stage = given.get("stage", "")
    st.session_state[f"{k}-stage"] = [Stage(stage)] if stage in set(Stage) else []
    st.session_state[f"{k}-overdue"] = given.get("overdue") == "1"
    for name in DROPPED:
        st.session_state.pop(f"{k}-{name}", None)
    unit = parse_row_id(given.get("unit", ""))
    if unit in {u.id for u in units}:
        st.session_state[f"{k}-unit"] = unit
    if (leader := parse_row_id(given.get("leader", ""))) is not None:
        st.session_state[f"{k}-lead-id"] = leader  # the filter bar drops one not offered
    st.session_state[f"{k}-page"] = 1
    for name in given:
        del st.query_params[name]
