"""One case drawn for reading: its facts, parties and timeline. User text is shown as text,
never as Markdown or HTML."""

import pandas as pd
import streamlit as st

from components.forms import literal
from components.reports_view import case_report_flag
from db import texts
from db.cases.schemas import CaseDetail
from db.clock import format_local
from db.core.engine import read_session
from db.receptions.origin import opened_by


def _fen_to_yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def case_header(case: CaseDetail) -> None:
    st.title(f"{texts.PAGE_CASE} {case.number}")
    st.caption(texts.CASE_STAGE.format(stage=texts.label(case.stage)))
    with read_session() as session:
        origin = opened_by(session, case.id)
    if origin is not None:  # registered from a leader's reception (issue 23)
        st.caption(
            texts.RECEPTION_ORIGIN.format(
                day=origin.held_on,
                leader=literal(origin.leader_name),
                kind=texts.label(origin.kind),
            )
        )
    case_report_flag(case.id)  # a zero report of its unit for the day it was found


def case_facts(case: CaseDetail) -> None:
    F = texts.FIELDS
    facts = {
        F["category"]: texts.label(case.category)
        if case.local_category is None
        else texts.CAT_SHOWN.format(name=case.local_category, base=texts.label(case.category)),
        F["found_via"]: texts.label(case.found_via),
        F["found_on"]: case.found_on.isoformat(),
        F["unit"]: case.unit,
        F["people_involved"]: str(case.people_involved),
        F["amount_yuan"]: _fen_to_yuan(case.amount_fen),
        F["risk"]: texts.label(case.risk),
        F["group_risk"]: texts.YES if case.group_risk else texts.NO,
        F["violence_risk"]: texts.YES if case.violence_risk else texts.NO,
        F["lead_leader"]: _lead_leader(case),
        F["responsible"]: " / ".join(x for x in _responsible(case) if x) or "—",
        F["deadline"]: case.deadline.isoformat() if case.deadline else "—",
        F["created_at"]: f"{format_local(case.created_at)}（{case.created_by}）",
    }
    if case.original_number:  # imported under a new number: the ledger's own one
        facts = {F["original_number"]: case.original_number, **facts}
    st.dataframe(
        pd.DataFrame({texts.CASE_ITEM: list(facts), texts.CASE_VALUE: list(facts.values())}),
        hide_index=True,
        key="case-facts-table",
        height=35 * (len(facts) + 1) + 3,  # every row visible, no inner scrolling
    )
    st.markdown(f"**{F['facts']}**")
    st.text(case.facts)  # text, not Markdown: a description may hold <script> or javascript: links


def parties_table(case: CaseDetail) -> None:
    F = texts.FIELDS
    frame = pd.DataFrame(
        {
            F["role"]: [texts.label(p.role) for p in case.parties],
            F["name"]: [p.name for p in case.parties],
            F["id_number"]: [p.id_number for p in case.parties],
            F["phone"]: [p.phone for p in case.parties],
            F["address"]: [p.address for p in case.parties],
        }
    )
    st.dataframe(frame, hide_index=True, key="case-parties-table")


def _lead_leader(case: CaseDetail) -> str:
    """The leader's name; one without an account came from an old ledger: shown as recorded."""
    if not case.lead_leader:
        return "—"
    if case.lead_leader_id is None and not case.settled_on_spot:
        return case.lead_leader + texts.LEADER_AS_RECORDED
    return case.lead_leader


def _responsible(case: CaseDetail) -> tuple[str | None, str | None]:
    """The responsible unit and person: the accounts', or as an imported ledger wrote them."""
    return (
        case.responsible_unit or case.recorded_responsible_unit,
        case.responsible_user or case.recorded_responsible_person,
    )
