"""The reception register's forms: record a reception (held or planned) and complete a planned
one. Their fields return raw values for db.receptions.schemas to validate; the services decide."""

from datetime import date

import streamlit as st
from pydantic import ValidationError

from components.forms import choice, field_error, long_text, show_errors_summary
from components.refusals import refusal_shown
from db import texts
from db.cases.schemas import field_errors
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.units import unit_label, units_in_scope
from db.enums import ReceptionKind, ReceptionStatus
from db.receptions import book
from db.receptions.reading import leader_choices
from db.receptions.schemas import ReceptionInput, VisitInput

F = texts.RECEPTION_FIELDS
TYPED = ("place", "accompanied", "raised", "decided", "visitor-names", "visitor-phones")


def visit_fields(key_prefix: str, errors: dict[str, str], *, day: date) -> dict[str, object]:
    """What a held reception records (also what completes a planned one)."""
    k = key_prefix
    left, right = st.columns(2)
    held_on = left.date_input(F["held_on"], value=day, key=f"{k}-held-on", format="YYYY-MM-DD")
    with left:
        field_error(errors, "held_on")
    visitors = right.number_input(
        F["visitors"], min_value=0, max_value=10_000, step=1, value=1, key=f"{k}-visitors"
    )
    with right:
        field_error(errors, "visitors")
    accompanied = st.text_input(F["accompanied"], max_chars=200, key=f"{k}-accompanied")
    raised = long_text(F["raised"], limit=2000, key=f"{k}-raised")
    field_error(errors, "raised")
    decided = long_text(F["decided"], limit=2000, key=f"{k}-decided")
    field_error(errors, "decided")
    st.caption(texts.RECEPTION_VISITOR_NOTE)
    names, phones = st.columns(2)
    visitor_names = names.text_input(F["visitor_names"], max_chars=200, key=f"{k}-visitor-names")
    visitor_phones = phones.text_input(
        F["visitor_phones"], max_chars=200, key=f"{k}-visitor-phones"
    )
    with phones:
        field_error(errors, "visitor_phones")
    return {
        "held_on": held_on,
        "visitors": visitors,
        "accompanied": accompanied,
        "raised": raised,
        "decided": decided,
        "visitor_names": visitor_names,
        "visitor_phones": visitor_phones,
    }


def _refused_on_field(errors: dict[str, str], key: str) -> None:
    state = st.session_state
    if errors:
        state[f"{key}-errors"] = errors
        st.rerun()
    state.pop(f"{key}-errors", None)


def record_form(actor: Actor) -> None:
    """A reception recorded for one of the leaders the actor may record for; on success the
    register opens it."""
    state, k = st.session_state, "receptions"
    for name in TYPED:  # a blank form after a save (the browser keeps typed values otherwise)
        if state.pop(f"{k}-blank-{name}", False):
            state[f"{k}-{name}"] = ""
    with read_session() as session:
        leaders = {o.id: o for o in leader_choices(session, actor)}
        units = {u.id: u for u in units_in_scope(session, actor, active_only=True)}
    if not leaders:
        st.info(texts.RECEPTION_NO_LEADERS)
        return
    errors: dict[str, str] = state.get(f"{k}-errors", {})
    with st.form(f"{k}-form", enter_to_submit=False):
        left, right = st.columns(2)
        leader_id = left.selectbox(
            F["leader_id"],
            list(leaders),
            format_func=lambda i: f"{leaders[i].name}（{leaders[i].unit}）",
            key=f"{k}-leader",
        )
        unit_id = right.selectbox(
            F["unit_id"], list(units), format_func=lambda i: unit_label(units[i]), key=f"{k}-unit"
        )
        with right:
            field_error(errors, "unit_id")
        with left:
            kind = choice(
                F["kind"], list(ReceptionKind), key=f"{k}-kind", radio=True, horizontal=True
            )
        with right:
            status = choice(
                F["status"], list(ReceptionStatus)[::-1], key=f"{k}-status", radio=True,
                horizontal=True,
            )  # fmt: skip
        place = st.text_input(F["place"], max_chars=200, key=f"{k}-place")
        field_error(errors, "place")
        raw = visit_fields(k, errors, day=local_today())
        submitted = st.form_submit_button(texts.RECEPTION_SUBMIT, key=f"{k}-submit", type="primary")
    if errors:
        show_errors_summary(errors)
    if not submitted:
        return
    raw |= {"kind": kind, "status": status, "place": place, "unit_id": unit_id}
    raw["leader_id"] = leader_id
    try:
        data = ReceptionInput.model_validate(raw)
    except ValidationError as error:
        _refused_on_field(field_errors(error), k)
        return
    _refused_on_field({}, k)
    with refusal_shown() as refused, write_session() as session:
        reception_id = book.record(session, actor=actor, data=data)
    if refused:
        return
    state[f"{k}-open"] = reception_id  # the register opens it (components.reception_list)
    state[f"{k}-goto"] = texts.RECEPTION_TAB_LIST
    state[f"{k}-saved"] = texts.RECEPTION_SAVED
    for name in TYPED:
        state[f"{k}-blank-{name}"] = True
    st.rerun()


def complete_form(actor: Actor, reception_id: int, version: int, day: date) -> None:
    """A planned reception completed: held on, visitors, raised, decided."""
    state, k = st.session_state, "receptions-complete"
    errors: dict[str, str] = state.get(f"{k}-errors", {})
    with st.form(f"{k}-form", enter_to_submit=False):
        raw = visit_fields(k, errors, day=min(day, local_today()))
        submitted = st.form_submit_button(texts.RECEPTION_COMPLETE, key=f"{k}-submit")
    if not submitted:
        return
    try:
        data = VisitInput.model_validate(raw)
    except ValidationError as error:
        _refused_on_field(field_errors(error), k)
        return
    _refused_on_field({}, k)
    with refusal_shown() as refused, write_session() as session:
        book.complete(session, actor=actor, reception_id=reception_id, version=version, data=data)
    if not refused:
        state["receptions-saved"] = texts.RECEPTION_COMPLETED
        st.rerun()
