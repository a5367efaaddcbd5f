"""The lead leader (包案领导) in the forms that give the four fixes: a select of the leader
accounts whose scope holds the case (db.cases.leaders), nearest first, and the team (工作专班)
a hard case needs (五个一)."""

import streamlit as st

from db import texts
from db.cases.leaders import lead_leader_choices
from db.cases.lifecycle import AssignPlan
from db.core.engine import read_session
from db.core.validation import max_chars
from db.models import Case


def leader_fields(*, case_id: int, unit_id: int | None, k: str) -> dict:
    """The lead leader's account (key `<k>-lead`) and the team (`<k>-team`), as plan values."""
    with read_session() as session:
        case = session.get(Case, case_id)
        choices = lead_leader_choices(session, case=case, unit_id=unit_id) if case else None
    options = {c.id: c.label for c in choices.options} if choices else {}
    if st.session_state.get(f"{k}-lead") not in options:  # the unit changed: offer its default
        st.session_state.pop(f"{k}-lead", None)
    ids = list(options)
    default = choices.default_id if choices else None
    leader = st.selectbox(
        texts.LEADER_PICK,
        ids,
        index=ids.index(default) if default in ids else (0 if ids else None),
        format_func=options.get,
        key=f"{k}-lead",
        placeholder=texts.LEADER_NONE,
    )
    team = st.text_input(
        texts.LEAD_TEAM,
        key=f"{k}-team",
        max_chars=max_chars(AssignPlan, "team"),
        placeholder=texts.LEAD_TEAM_HINT,
    )
    return {"lead_leader_id": leader, "team": team}
