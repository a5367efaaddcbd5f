"""受理登记: register a dispute through one form; warn of parties already in other cases."""

import streamlit as st
from pydantic import ValidationError

from components.caselife_forms import spot_fields
from components.forms import bring_into_view, literal, show_errors_summary
from components.intake_form import blank_values, case_fields, party_fields
from components.refusals import refusal_shown
from components.session import require_user
from db import texts
from db.cases import on_the_spot
from db.cases import register as cases
from db.cases.categories import local_categories
from db.cases.lifecycle import Resolution
from db.cases.schemas import CaseCreate, field_errors
from db.clock import local_today
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.core.units import units_in_scope

actor = require_user("intake")
st.title(texts.PAGE_INTAKE)
state = st.session_state
errors: dict[str, str] = state.get("intake-errors", {})


def save(data: CaseCreate, resolution: Resolution | None = None) -> None:
    """Register the case (settled on the spot when a resolution is given) and start over with
    an empty form; or show the refusal and stay."""
    with refusal_shown() as refused, write_session() as session:
        # A form submitted twice finds the case the first submit made.
        if resolution is None:
            registered = cases.register(session, actor=actor, data=data)
        else:
            registered = on_the_spot.settle(session, actor=actor, data=data, resolution=resolution)
    if refused:
        return
    for key in ("intake-errors", "intake-pending"):
        state.pop(key, None)
    # An empty form for the next dispute, set before its widgets are drawn again.
    state["intake-blank"] = blank_values("intake", parties=int(state["intake-party-count"]))
    state["intake-saved"] = (registered.id, registered.number, resolution is not None)
    st.rerun()


for key, value in state.pop("intake-blank", {}).items():
    state[key] = value
if done := state.pop("intake-saved", None):
    # At the top of the form, where the next case begins; the page is scrolled up to it.
    with st.container(key="intake-done"):
        st.success((texts.SPOT_SAVED if done[2] else texts.INTAKE_SAVED).format(number=done[1]))
        st.page_link(
            "pages/case.py",
            label=texts.OPEN_CASE.format(number=done[1]),
            query_params={"id": done[0]},
        )
        bring_into_view("intake-done")

with read_session() as session:
    units = units_in_scope(session, actor, active_only=True)
    local = local_categories(session, active_only=True)

count = st.number_input(
    texts.INTAKE_PARTY_COUNT, min_value=1, max_value=20, value=2, key="intake-party-count"
)
spot = allows(actor.role, Permission.HANDLE) and st.checkbox(
    texts.SPOT_TICK, key="intake-spot", help=texts.SPOT_HELP
)
with st.form("intake-form", enter_to_submit=False):
    raw = case_fields(units, today=local_today(), errors=errors, key_prefix="intake", local=local)
    raw["parties"] = party_fields(int(count), errors=errors, key_prefix="intake")
    if spot:
        st.markdown(f"**{texts.SPOT_TICK}**")
        spot_raw = spot_fields(actor, errors=errors, key_prefix="intake")
    submitted = st.form_submit_button(texts.INTAKE_SUBMIT, key="intake-submit", type="primary")
if errors:
    show_errors_summary(errors)

if submitted:
    state.pop("intake-pending", None)
    found: dict[str, str] = {}
    try:
        data = CaseCreate.model_validate(raw)
    except ValidationError as error:
        found = field_errors(error)
    try:
        resolution = Resolution.model_validate(spot_raw) if spot else None
    except ValidationError as error:
        found |= field_errors(error)  # its fields (method, summary...) are not the case's
    if found:
        state["intake-errors"] = found
        st.rerun()
    else:
        state.pop("intake-errors", None)
        with read_session() as session:
            hits = cases.find_duplicates(session, actor=actor, parties=data.parties)
        if hits:  # asked below: register anyway, or go back
            state["intake-pending"] = (data, hits, resolution)
        else:
            save(data, resolution)

if pending := state.get("intake-pending"):
    data, hits, resolution = pending
    with st.container(border=True, key="intake-duplicates"):
        st.warning(texts.INTAKE_DUPLICATES.format(count=len(hits)))
        for hit in hits:
            st.page_link(
                "pages/case.py",
                query_params={"id": hit.case_id},
                label=texts.INTAKE_DUPLICATE_HIT.format(
                    number=hit.number,
                    stage=texts.label(hit.stage),
                    name=literal(hit.party_name),
                    matched=texts.FIELDS[hit.matched_on],
                ),
            )
        confirm, cancel = st.columns(2)
        if confirm.button(texts.INTAKE_SAVE_ANYWAY, key="intake-confirm", type="primary"):
            save(data, resolution)
        if cancel.button(texts.INTAKE_BACK, key="intake-cancel"):
            state.pop("intake-pending", None)
            st.rerun()
