"""The case page's correction (更正) and risk re-rating (风险重评) forms. Each returns True once
saved (the caller reruns). The forms carry the case version the page was first shown with, so a
save after someone else's change is refused (db.cases.move_writing.stale_error)."""

import streamlit as st
from pydantic import ValidationError

from components.forms import long_text, past_day
from components.refusals import refusal_shown
from db import texts
from db.cases import corrections, rerating
from db.cases.categories import local_categories
from db.cases.lifecycle import DEFAULT_DEADLINE_DAYS
from db.cases.schemas import field_errors
from db.cases.workbench import Workbench, workbench
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.units import UnitOption, unit_label, units_in_scope
from db.core.validation import max_chars
from db.enums import Category, PartyRole, Risk, UnitKind

DUPLICATES_KEY = "case-correct-duplicates"
_LABELS = {**texts.FIELDS, **texts.MOVE_FIELDS}


def _errors(error: ValidationError) -> None:
    for field, message in field_errors(error).items():
        name = field.split(".")[-1]
        st.error(f"{_LABELS.get(name, texts.RECORD_FIELDS.get(name, field))}：{message}")


def _save(action, *, success: str) -> bool:  # type: ignore[no-untyped-def]
    with refusal_shown() as refused, write_session() as session:
        action(session)
    if refused:
        return False
    st.session_state["dd_notice"] = success
    return True


def correction_form(actor: Actor, *, case_id: int, version: int, bench: Workbench) -> bool:
    F = texts.FIELDS
    k = "case-correct"
    v = bench.values
    for hit in st.session_state.pop(DUPLICATES_KEY, []):  # the last save's duplicate warning
        st.warning(hit)
    with read_session() as session:
        units = units_in_scope(session, actor)
    if v["unit_id"] not in {u.id for u in units}:  # keep the case's own village on offer
        units.insert(0, UnitOption(id=v["unit_id"], name="—", kind=UnitKind.VILLAGE, depth=0))
    by_id = {u.id: u for u in units}
    with read_session() as session:  # the active ones, and the case's own even if retired
        local = {
            c.id: c for c in local_categories(session) if c.active or c.id == v["local_category_id"]
        }
    options = [*Category, *local]
    with st.form(f"{k}-form", enter_to_submit=False):
        chosen = st.selectbox(
            F["category"],
            options,
            index=options.index(v["local_category_id"] or v["category"]),
            format_func=lambda c: texts.label(c) if isinstance(c, Category) else local[c].name,
            key=f"{k}-category",
        )
        unit_id = st.selectbox(
            F["unit_id"],
            list(by_id),
            index=list(by_id).index(v["unit_id"]),
            format_func=lambda i: unit_label(by_id[i]),
            key=f"{k}-unit",
        )
        found_on = past_day(F["found_on"], value=v["found_on"], key=f"{k}-found-on")
        facts = long_text(
            F["facts"],
            limit=max_chars(corrections.CaseCorrection, "facts"),
            value=v["facts"],
            key=f"{k}-facts",
        )
        left, right = st.columns(2)
        people = left.number_input(
            F["people_involved"], value=v["people_involved"], min_value=0, key=f"{k}-people"
        )
        amount = right.number_input(
            F["amount_yuan"], value=float(v["amount_yuan"]), min_value=0.0, key=f"{k}-amount"
        )
        edited, removed = [], []
        for n, party in enumerate(bench.parties, start=1):
            st.markdown(f"**{texts.CORRECT_PARTY.format(n=n)}**")
            cols = st.columns([1, 1.2, 1.6, 1.4, 2])
            roles = list(PartyRole)
            fields = {
                "party_id": party["id"],
                "role": cols[0].selectbox(
                    F["role"],
                    roles,
                    index=roles.index(party["role"]),
                    format_func=texts.label,
                    key=f"{k}-party-{n}-role",
                ),
                "name": cols[1].text_input(
                    F["name"], value=party["name"], key=f"{k}-party-{n}-name", max_chars=50
                ),
                "id_number": cols[2].text_input(
                    F["id_number"], placeholder=party["id_number"], key=f"{k}-party-{n}-id"
                )
                or None,
                "phone": cols[3].text_input(
                    F["phone"], placeholder=party["phone"], key=f"{k}-party-{n}-phone"
                )
                or None,
                "address": cols[4].text_input(
                    F["address"], value=party["address"], key=f"{k}-party-{n}-address"
                ),
            }
            gone = st.checkbox(texts.CORRECT_PARTY_REMOVE, key=f"{k}-party-{n}-remove")
            why = st.text_input(texts.CORRECT_REASON, key=f"{k}-party-{n}-remove-reason")
            if gone:
                removed.append({"party_id": party["id"], "reason": why})
            elif _changed(fields, party):
                edited.append(fields)
        st.markdown(f"**{texts.CORRECT_PARTY_ADD}**")
        cols = st.columns([1, 1.2, 1.6, 1.4, 2])
        added = {
            "role": cols[0].selectbox(
                F["role"], list(PartyRole), format_func=texts.label, key=f"{k}-add-role"
            ),
            "name": cols[1].text_input(texts.CORRECT_PARTY_ADD_NAME, key=f"{k}-add-name"),
            "id_number": cols[2].text_input(F["id_number"], key=f"{k}-add-id"),
            "phone": cols[3].text_input(F["phone"], key=f"{k}-add-phone"),
            "address": cols[4].text_input(F["address"], key=f"{k}-add-address"),
        }
        reason = st.text_input(texts.CORRECT_REASON, key=f"{k}-reason", max_chars=500)
        if not st.form_submit_button(texts.CORRECT_SUBMIT, key=f"{k}-submit", type="primary"):
            return False
    data = {
        "category": chosen if isinstance(chosen, Category) else local[chosen].base,
        "local_category_id": None if isinstance(chosen, Category) else chosen,
        "unit_id": unit_id,
        "found_on": found_on,
        "facts": facts,
        "people_involved": people,
        "amount_yuan": f"{amount:.2f}",
        "edited": edited,
        "removed": removed,
        "added": [added] if added["name"].strip() else [],
        "reason": reason,
    }
    try:
        correction = corrections.CaseCorrection.model_validate(data)
    except ValidationError as error:
        _errors(error)
        return False
    done: list = []

    def apply(session) -> None:  # type: ignore[no-untyped-def]
        done.append(
            corrections.correct(
                session, actor=actor, case_id=case_id, version=version, data=correction
            )
        )

    if not _save(apply, success=texts.CORRECT_DONE):
        return False
    st.session_state[DUPLICATES_KEY] = [
        texts.INTAKE_DUPLICATE_HIT.format(
            number=hit.number,
            stage=texts.label(hit.stage),
            name=hit.party_name,
            matched=texts.FIELDS[hit.matched_on],
        )
        for hit in done[0].duplicates
    ]
    return True


def _changed(fields: dict, party: dict) -> bool:
    return any(fields[name] != party[name] for name in ("role", "name", "address")) or bool(
        fields["id_number"] or fields["phone"]
    )


def rerate_form(actor: Actor, *, case_id: int, version: int, bench: Workbench) -> bool:
    F = texts.FIELDS
    k = "case-rerate"
    v = bench.values
    risks = list(Risk)
    with st.form(f"{k}-form", enter_to_submit=False):
        risk = st.selectbox(
            F["risk"],
            risks,
            index=risks.index(v["risk"]),
            format_func=texts.label,
            key=f"{k}-risk",
        )
        group = st.checkbox(F["group_risk"], value=v["group_risk"], key=f"{k}-group")
        violence = st.checkbox(F["violence_risk"], value=v["violence_risk"], key=f"{k}-violence")
        shorten = st.checkbox(
            texts.RERATE_SHORTEN.format(days=DEFAULT_DEADLINE_DAYS["high"]), key=f"{k}-shorten"
        )
        reason = st.text_input(texts.RERATE_REASON, key=f"{k}-reason", max_chars=500)
        if not st.form_submit_button(texts.RERATE_SUBMIT, key=f"{k}-submit", type="primary"):
            return False
    data = {
        "risk": risk,
        "group_risk": group,
        "violence_risk": violence,
        "reason": reason,
        "shorten_deadline": shorten,
    }
    try:
        rating = rerating.Rerating.model_validate(data)
    except ValidationError as error:
        _errors(error)
        return False
    if not _save(
        lambda s: rerating.rerate(s, actor=actor, case_id=case_id, version=version, rating=rating),
        success=texts.RERATE_DONE,
    ):
        return False
    with read_session() as session:  # newly urgent: the town and county were told at once
        if not v["urgent"] and workbench(session, actor=actor, case_id=case_id).values["urgent"]:
            st.session_state["dd_notice"] = texts.RERATE_DONE + texts.RERATE_URGENT
    return True
