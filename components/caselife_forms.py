"""Case life pieces (issue 18, part A): the forms of the moves that need only a reason (the town
taking back a case settled on the spot, 回头看), the referral outcome form, the case page's lines
about them, and the board's lists for coordinators (recently settled on the spot, referrals
waiting for an outcome)."""

from collections.abc import Callable

import streamlit as st
from pydantic import ValidationError
from sqlmodel import Session

from components import links
from components.forms import field_error, literal, long_text, past_day
from components.refusals import refusal_shown
from db import texts
from db.cases import aftercare, on_the_spot
from db.cases.aftercare import OutcomeCreate
from db.cases.lifecycle import RECALL_DAYS, Resolution
from db.cases.schemas import CaseDetail, field_errors
from db.clock import format_local
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.core.settings import referral_wait_days
from db.core.validation import max_chars
from db.enums import Move, ReferralOutcome, ResolutionMethod

REASON_MOVES = (Move.RECALL, Move.REVISIT)
_SERVICES = {Move.RECALL: on_the_spot.recall, Move.REVISIT: aftercare.revisit}


def _apply(action: Callable[[Session], object], *, success: str) -> bool:
    """One service call in a write session; refusals and validation shown in Chinese."""
    with refusal_shown() as refused:
        with write_session() as session:
            action(session)
    if refused:
        return False
    st.session_state["dd_notice"] = success
    return True


def reason_move_form(actor: Actor, *, case_id: int, version: int, move: Move, k: str) -> bool:
    with st.form(f"{k}-form", enter_to_submit=False):
        reason = long_text(texts.MOVE_REASON, limit=on_the_spot.MAX_REASON, key=f"{k}-reason")
        if st.form_submit_button(texts.label(move), key=f"{k}-submit", type="primary"):
            service = _SERVICES[move]
            return _apply(
                lambda s: service(s, actor=actor, case_id=case_id, version=version, reason=reason),
                success=texts.MOVE_DONE.format(move=texts.label(move)),
            )
    return False


def outcome_form(actor: Actor, *, case_id: int, version: int, key_prefix: str) -> bool:
    k = key_prefix
    with st.form(f"{k}-form", enter_to_submit=False):
        outcome = st.selectbox(
            texts.OUTCOME_FIELD, list(ReferralOutcome), format_func=texts.label, key=f"{k}-outcome"
        )
        decided = past_day(texts.OUTCOME_DATE, key=f"{k}-date")
        note = st.text_input(texts.OUTCOME_NOTE, key=f"{k}-note", max_chars=500)
        if st.form_submit_button(texts.OUTCOME_FORM, key=f"{k}-submit", type="primary"):
            try:
                data = OutcomeCreate.model_validate(
                    {"outcome": outcome, "decided_on": decided, "note": note}
                )
            except ValidationError as error:
                for message in field_errors(error).values():
                    st.error(message)
                return False
            return _apply(
                lambda s: aftercare.record_outcome(
                    s, actor=actor, case_id=case_id, version=version, outcome=data
                ),
                success=texts.OUTCOME_DONE,
            )
    return False


def case_lines(case: CaseDetail) -> list[str]:
    """The case page's lines: settled on the spot; what came of a referral."""
    lines = []
    if case.settled_on_spot:
        lines.append(texts.CASE_SETTLED_ON_SPOT)
    if case.referral_channel:
        if case.referral_outcome and case.referral_outcome_on:
            lines.append(
                texts.CASE_OUTCOME.format(
                    outcome=texts.label(case.referral_outcome),
                    date=case.referral_outcome_on.isoformat(),
                )
            )
        else:
            lines.append(texts.CASE_OUTCOME_WAITING)
    return lines


def coordinator_lists(actor: Actor) -> set[int]:
    """On the board, for coordinators: cases settled on the spot in the last days (each opens
    on its case page, where it may be taken back), and referrals waiting for an outcome. Each
    list is one Markdown element whose numbers are in-page links (components.links; the page
    listens); returns the ids they link to."""
    if not allows(actor.role, Permission.ASSIGN):
        return set()
    with read_session() as session:
        settled = on_the_spot.recently_settled(session, actor=actor)
        waiting = aftercare.referrals_waiting(session, actor=actor)
    with st.expander(
        f"{texts.SPOT_LIST.format(days=RECALL_DAYS)}（{len(settled)}）", expanded=bool(settled)
    ):
        with st.container(key="kanban-settled"):
            lines = [
                texts.SPOT_LIST_LINE.format(
                    number=links.link(literal(row.number), f"open-{row.id}"),
                    unit=literal(row.unit),
                    who=literal(row.settled_by),
                    when=format_local(row.settled_at),
                    facts=literal(row.facts),
                )
                for row in settled
            ]
            _lines(lines, empty=texts.SPOT_LIST_NONE)
    days = referral_wait_days()
    with st.expander(f"{texts.WAITING_LIST.format(days=days)}（{len(waiting)}）"):
        with st.container(key="kanban-referrals"):
            lines = [
                texts.WAITING_LINE.format(
                    number=links.link(literal(item.number), f"open-{item.id}"),
                    unit=literal(item.unit),
                    channel=texts.label(item.channel) if item.channel else "",
                    on=item.referred_on.isoformat(),
                    age=item.days,
                    who=literal(item.responsible),
                )
                for item in waiting
            ]
            _lines(lines, empty=texts.WAITING_LIST_NONE)
    return {row.id for row in settled} | {item.id for item in waiting}


def _lines(lines: list[str], *, empty: str) -> None:
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    else:
        st.caption(empty)


def spot_fields(actor: Actor, *, errors: dict[str, str], key_prefix: str) -> dict:
    """The intake form's 当场调结 part: what a resolution asks; the four fixes are the user's."""
    k = f"{key_prefix}-spot"
    F = texts.MOVE_FIELDS
    st.caption(
        texts.SPOT_LEAD.format(name=literal(actor.display_name), unit=literal(actor.unit_name))
    )
    method = st.selectbox(
        F["method"], list(ResolutionMethod), format_func=texts.label, key=f"{k}-method"
    )
    summary = long_text(F["summary"], limit=max_chars(Resolution, "summary"), key=f"{k}-summary")
    field_error(errors, "summary")
    agreement = st.checkbox(F["agreement_signed"], key=f"{k}-agreement")
    court = st.checkbox(F["court_confirmed"], key=f"{k}-court")
    field_error(errors, "court_confirmed")
    return {
        "method": method,
        "summary": summary,
        "agreement_signed": agreement,
        "court_confirmed": court,
    }
