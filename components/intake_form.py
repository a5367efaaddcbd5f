"""The intake form's fields (the dispute and its parties); returns the raw values for
db.cases.schemas.CaseCreate to validate."""

from collections.abc import Sequence
from datetime import date

import streamlit as st

from components.forms import choice, field_error, long_text, past_day
from db import texts
from db.cases.categories import LocalCategoryRow
from db.cases.schemas import CaseCreate
from db.core.units import UnitOption, unit_label
from db.core.validation import max_chars
from db.enums import Category, FoundVia, PartyRole, Risk


def case_fields(
    units: list[UnitOption],
    *,
    today: date,
    errors: dict[str, str],
    key_prefix: str,
    local: Sequence[LocalCategoryRow] = (),
) -> dict:
    """The dispute's fields; `local`: the active local categories, offered after the built-in
    ones (a case given one is registered under its base category too)."""
    k = key_prefix
    F = texts.FIELDS
    left, right = st.columns(2)
    with left:
        by_id = {u.id: u for u in units}
        unit_id = st.selectbox(
            F["unit_id"], list(by_id), format_func=lambda i: unit_label(by_id[i]), key=f"{k}-unit"
        )
        field_error(errors, "unit_id")
        by_local = {c.id: c for c in local}
        category = st.selectbox(
            F["category"],
            [*Category, *by_local],
            format_func=lambda c: texts.label(c) if isinstance(c, Category) else by_local[c].name,
            key=f"{k}-category",
        )
        field_error(errors, "category")
        found_via = choice(F["found_via"], list(FoundVia), key=f"{k}-found-via")
        found_on = past_day(F["found_on"], value=today, key=f"{k}-found-on")
        field_error(errors, "found_on")
    with right:
        people = st.number_input(
            F["people_involved"], min_value=0, step=1, value=2, key=f"{k}-people"
        )
        field_error(errors, "people_involved")
        amount = st.text_input(F["amount_yuan"], value="0", key=f"{k}-amount")
        field_error(errors, "amount_yuan")
        risk = choice(F["risk"], list(Risk), key=f"{k}-risk", radio=True, horizontal=True)
        group_risk = st.checkbox(F["group_risk"], key=f"{k}-group-risk")
        violence_risk = st.checkbox(F["violence_risk"], key=f"{k}-violence-risk")
    limit = max_chars(CaseCreate, "facts")
    facts = long_text(
        F["facts"],
        limit=limit,
        key=f"{k}-facts",
        placeholder=texts.INTAKE_FACTS_HINT,
    )
    field_error(errors, "facts", limit=limit)
    return {
        "unit_id": unit_id,
        "category": category if isinstance(category, Category) else by_local[category].base,
        "local_category_id": None if isinstance(category, Category) else category,
        "found_via": found_via,
        "found_on": found_on,
        "people_involved": people,
        "amount_yuan": amount.strip() or "0",
        "risk": risk,
        "group_risk": group_risk,
        "violence_risk": violence_risk,
        "facts": facts,
    }


def party_fields(count: int, *, errors: dict[str, str], key_prefix: str) -> list[dict]:
    F = texts.FIELDS
    parties = []
    for i in range(count):
        k = f"{key_prefix}-party-{i}"
        st.markdown(f"**{F['parties']} {i + 1}**")
        cols = st.columns([1, 1.2, 2, 1.6])
        with cols[0]:
            default_role = PartyRole.APPLICANT if i == 0 else PartyRole.RESPONDENT
            role = st.selectbox(
                F["role"],
                list(PartyRole),
                index=list(PartyRole).index(default_role),
                format_func=texts.label,
                key=f"{k}-role",
            )
        with cols[1]:
            name = st.text_input(F["name"], max_chars=50, key=f"{k}-name")
            field_error(errors, f"parties.{i}.name")
        with cols[2]:
            id_number = st.text_input(F["id_number"], max_chars=24, key=f"{k}-id")
            field_error(errors, f"parties.{i}.id_number")
        with cols[3]:
            phone = st.text_input(F["phone"], max_chars=24, key=f"{k}-phone")
            field_error(errors, f"parties.{i}.phone")
        address = st.text_input(F["address"], max_chars=200, key=f"{k}-address")
        field_error(errors, f"parties.{i}.address")
        parties.append(
            {"role": role, "name": name, "id_number": id_number, "phone": phone, "address": address}
        )
    field_error(errors, "parties")
    return parties


def blank_values(key_prefix: str, *, parties: int) -> dict[str, object]:
    """What the form's typed fields and ticks are set to for the next dispute. Deleting their
    keys is not enough: the browser keeps a widget's last value while its key stays the same,
    and sends it back at the next submit. The choices (unit, category, how found, risk) stay:
    the next dispute is often of the same kind."""
    k = key_prefix
    values: dict[str, object] = {f"{k}-facts": "", f"{k}-spot-summary": ""}
    for tick in ("group-risk", "violence-risk", "spot", "spot-agreement", "spot-court"):
        values[f"{k}-{tick}"] = False
    for i in range(parties):
        for field in ("name", "id", "phone", "address"):
            values[f"{k}-party-{i}-{field}"] = ""
    return values
