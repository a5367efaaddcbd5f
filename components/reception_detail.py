"""One reception of the register: what happened, the cases it concerns (each opens its case
page), and for those who record receptions: complete a planned one, link a case found by its
number, register a new case from it (the intake's fields, prefilled: 来访, the unit, the date
and what the visitors raised)."""

import streamlit as st
from pydantic import ValidationError

from components.forms import literal, show_errors_summary
from components.intake_form import case_fields, party_fields
from components.reception_form import complete_form
from components.refusals import refusal_shown
from db import texts
from db.cases.categories import local_categories
from db.cases.schemas import CaseCreate, field_errors
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.core.units import units_in_scope
from db.enums import FoundVia, ReceptionStatus
from db.receptions import book
from db.receptions.reading import cases_by_number, reception_detail
from db.receptions.schemas import ReceptionDetail

K = "receptions-case"  # the new case's fields


def show(actor: Actor, reception_id: int) -> None:
    state = st.session_state
    first_view = state.get("receptions-viewed") != reception_id  # audited once per opening
    with refusal_shown() as refused, write_session() as session:
        detail = reception_detail(session, actor, reception_id, audit_view=first_view)
    if refused:
        return
    state["receptions-viewed"] = reception_id
    with st.container(border=True, key="receptions-detail"):
        _facts(detail)
        _cases(detail)
    if not allows(actor.role, Permission.RECORD_RECEPTION):
        return
    if detail.status == ReceptionStatus.PLANNED:
        with st.expander(texts.RECEPTION_COMPLETE, expanded=True):
            complete_form(actor, detail.id, detail.version, detail.held_on)
    with st.expander(texts.RECEPTION_LINK):
        _link(actor, detail)
    if detail.status == ReceptionStatus.DONE:
        with st.expander(
            texts.RECEPTION_OPEN_CASE, expanded=bool(st.session_state.get(f"{K}-errors"))
        ):
            _open_case(actor, detail)


def _facts(detail: ReceptionDetail) -> None:
    st.markdown(
        texts.RECEPTION_HEADLINE.format(
            day=detail.held_on,
            kind=texts.label(detail.kind),
            status=texts.label(detail.status),
            leader=literal(detail.leader),
            unit=literal(detail.unit),
        )
    )
    F = texts.RECEPTION_FIELDS
    for name in ("place", "accompanied", "visitors", "raised", "decided", "visitor_names",
                 "visitor_phones", "recorded_by"):  # fmt: skip
        value = getattr(detail, name)
        if name == "visitors" and detail.status == ReceptionStatus.PLANNED:
            continue  # nobody has come yet
        if value not in ("", None):
            st.caption(F[name])
            st.text(str(value))  # user text as typed, never Markdown


def _cases(detail: ReceptionDetail) -> None:
    st.markdown(f"**{texts.RECEPTION_CASES.format(count=len(detail.cases))}**")
    for case in detail.cases:
        mark = texts.RECEPTION_CASE_OPENED if case.opened else ""
        st.page_link(
            "pages/case.py",
            query_params={"id": case.id},
            label=texts.RECEPTION_CASE_LINE.format(
                number=case.number, stage=texts.label(case.stage), opened=mark
            ),
        )


def _link(actor: Actor, detail: ReceptionDetail) -> None:
    typed = st.text_input(texts.RECEPTION_LINK_NUMBER, max_chars=40, key="receptions-link-number")
    if not typed.strip():
        return
    with read_session() as session:
        found = cases_by_number(session, actor, typed)
    if not found:
        st.info(texts.RECEPTION_LINK_NONE)
    linked = {c.id for c in detail.cases}
    for case in found:
        label = texts.RECEPTION_CASE_LINE.format(
            number=case.number, stage=texts.label(case.stage), opened=""
        )
        if case.id in linked:
            st.text(label)
        elif st.button(label, key=f"receptions-link-{case.id}", icon=":material/link:"):
            with refusal_shown() as refused, write_session() as session:
                book.link_case(session, actor=actor, reception_id=detail.id, case_id=case.id)
            if not refused:
                st.session_state["receptions-saved"] = texts.RECEPTION_LINKED.format(
                    number=case.number
                )
                st.rerun()


def _prefill(detail: ReceptionDetail) -> None:
    """The new case's fields start from the reception, once per reception shown."""
    state = st.session_state
    if state.get(f"{K}-for") == detail.id:
        return
    state[f"{K}-for"] = detail.id
    state[f"{K}-found-via"] = FoundVia.VISIT  # the service registers it as 来访 in any case
    state[f"{K}-facts"] = detail.raised
    state.pop(f"{K}-unit", None)  # the reception's unit comes first: the default


def _open_case(actor: Actor, detail: ReceptionDetail) -> None:
    _prefill(detail)
    state = st.session_state
    errors: dict[str, str] = state.get(f"{K}-errors", {})
    with read_session() as session:
        units = units_in_scope(session, actor, active_only=True)
        local = local_categories(session, active_only=True)
    units.sort(key=lambda u: u.id != detail.unit_id)  # the reception's unit first (the default)
    with st.form(f"{K}-form", enter_to_submit=False):
        raw = case_fields(units, today=local_today(), errors=errors, key_prefix=K, local=local)
        raw["parties"] = party_fields(2, errors=errors, key_prefix=K)
        submitted = st.form_submit_button(texts.RECEPTION_OPEN_SUBMIT, key=f"{K}-submit")
    if errors:
        show_errors_summary(errors)
    if not submitted:
        return
    try:
        data = CaseCreate.model_validate(raw)
    except ValidationError as error:
        state[f"{K}-errors"] = field_errors(error)
        st.rerun()
    state.pop(f"{K}-errors", None)
    with refusal_shown() as refused, write_session() as session:
        made = book.open_case(session, actor=actor, reception_id=detail.id, data=data)
    if refused:
        return
    state.pop(f"{K}-for", None)  # the next case from it starts from the reception again
    state["receptions-saved"] = texts.RECEPTION_CASE_SAVED.format(number=made.number)
    state["receptions-made"] = (made.id, made.number)
    st.rerun()
