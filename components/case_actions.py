"""The case page's work area: what was decided so far, and the forms for what comes next."""

import streamlit as st

from components.caselife_forms import case_lines, outcome_form
from components.forms import literal
from components.move_forms import extend_form, flag_form, follow_up_form, move_form
from components.report_forms import REPORT_MOVES, report_move_form
from db import texts
from db.cases.schemas import CaseDetail
from db.clock import format_local
from db.core.actor import Actor
from db.enums import Move


def handling_summary(case: CaseDetail) -> None:
    """Where the case stands: handling unit, resolution or referral, flag, follow-ups."""
    if case.flagged:
        st.warning(texts.FLAG_MARK + literal(case.flag_note or ""))  # a leader's words
    lines = [texts.CASE_HANDLING.format(unit=case.handling_unit)]
    if case.resolution_method:
        lines.append(
            texts.CASE_RESOLVED.format(
                method=texts.label(case.resolution_method),
                level=texts.label(case.resolved_level) if case.resolved_level else "",
                agreement=texts.YES if case.agreement_signed else texts.NO,
                court=texts.YES if case.court_confirmed else texts.NO,
            )
        )
    if case.referral_channel:
        lines.append(texts.CASE_REFERRED.format(channel=texts.label(case.referral_channel)))
    if case.reopened_count:
        lines.append(texts.CASE_REOPENED.format(count=case.reopened_count))
    lines += case_lines(case)
    for line in lines:
        st.text(line)
    for text in (case.resolution_summary, case.referral_reason):
        if text:
            st.text(text)
    for visit in case.follow_ups:
        st.text(
            texts.CASE_FOLLOW_UP.format(
                date=visit.visited_on.isoformat(),
                visitor=visit.visitor,
                satisfaction=texts.label(visit.satisfaction),
                flared=texts.YES if visit.flared_up else texts.NO,
                note=visit.note,
            )
        )


def work_area(actor: Actor, case: CaseDetail) -> bool:
    """One expander per thing the user may do now; True once something was done.

    The forms carry the version the page was first shown with (kept in session state), so a
    save after someone else's change is refused instead of overwriting it."""
    if not case.moves and not case.actions:
        return False
    st.subheader(texts.CASE_WORK)
    key = f"case-version-{case.id}"
    version = st.session_state.setdefault(key, case.version)
    if version != case.version:
        st.warning(
            texts.CASE_CHANGED_SINCE.format(who=case.updated_by, when=format_local(case.updated_at))
        )
        if st.button(texts.CASE_RELOAD, key="case-reload"):
            st.session_state[key] = case.version
            return True
    if _forms(actor, case, version):
        st.session_state.pop(key, None)  # the next run shows, and keeps, the new version
        return True
    return False


def _forms(actor: Actor, case: CaseDetail, version: int) -> bool:
    # The one next step stands open; reporting up is offered beside it, closed.
    steps = [m for m in case.moves if m != Move.REPORT_UP]
    for move in case.moves:
        form = report_move_form if move in REPORT_MOVES else move_form
        with st.expander(texts.label(move), expanded=steps == [move]):
            if form(
                actor,
                case_id=case.id,
                version=version,
                risk=case.risk.value,
                move=move,
                key_prefix="case",
            ):
                return True
    if "follow_up" in case.actions:
        with st.expander(texts.FOLLOW_UP_SUBMIT, expanded=True):
            if follow_up_form(actor, case_id=case.id, version=version, key_prefix="case-follow-up"):
                return True
    if "outcome" in case.actions:
        with st.expander(texts.OUTCOME_FORM, expanded=case.referral_outcome is None):
            if outcome_form(actor, case_id=case.id, version=version, key_prefix="case-outcome"):
                return True
    if "extend" in case.actions and case.deadline:
        with st.expander(texts.EXTEND_SUBMIT):
            if extend_form(
                actor,
                case_id=case.id,
                version=version,
                deadline=case.deadline,
                key_prefix="case-extend",
            ):
                return True
    if "flag" in case.actions:
        with st.expander(texts.UNFLAG_SUBMIT if case.flagged else texts.FLAG_SUBMIT):
            if flag_form(actor, case_id=case.id, flagged=case.flagged, key_prefix="case-flag"):
                return True
    return False
