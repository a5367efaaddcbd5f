"""Forms that ask exactly for what a move needs, apply it through db.cases.moves and report.

Used inline on the case page and inside the board's dialog. Each returns True once the move was
made (the caller then reruns)."""

from datetime import date

import streamlit as st
from pydantic import ValidationError

from components.caselife_forms import REASON_MOVES, reason_move_form
from components.documents_view import why_unsigned
from components.forms import long_text, past_day
from components.leader_fields import leader_fields
from components.refusals import refusal_shown
from db import texts
from db.cases import actions as case_actions
from db.cases import moves
from db.cases.lifecycle import (
    AssignPlan,
    Escalation,
    Extension,
    FollowUpCreate,
    Referral,
    Resolution,
)
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.units import people_of, unit_label, units_below, units_in_scope
from db.core.validation import max_chars
from db.enums import Move, ReferralChannel, ResolutionMethod, Satisfaction
from db.models import Case


def _apply(action, *, success: str) -> bool:  # type: ignore[no-untyped-def]
    """Run one service call in a write session; show refusals and validation in Chinese."""
    with refusal_shown() as refused:
        try:
            with write_session() as session:
                action(session)
        except ValidationError as error:
            for field, message in field_errors(error).items():
                st.error(f"{texts.MOVE_FIELDS.get(field.split('.')[-1], field)}：{message}")
            return False
    if refused:
        return False
    st.session_state["dd_notice"] = success
    return True


def _plan_fields(
    actor: Actor,
    *,
    case_id: int,
    risk: str,
    k: str,
    within: int | None = None,
    default_unit: int | None = None,
) -> dict:
    F = texts.MOVE_FIELDS
    with read_session() as session:
        options = units_in_scope(session, actor, active_only=True)  # new assignments only
        if within is not None:
            options = units_below(options, within, session)
    by_id = {o.id: o for o in options}
    unit_id = st.selectbox(
        F["responsible_unit_id"],
        list(by_id),
        index=list(by_id).index(default_unit) if default_unit in by_id else 0,
        format_func=lambda i: unit_label(by_id[i]),
        key=f"{k}-unit",
    )
    with read_session() as session:
        people = dict(people_of(session, unit_id)) if unit_id else {}
    person = st.selectbox(
        F["responsible_user_id"],
        list(people),
        format_func=people.get,
        key=f"{k}-person",
        placeholder=texts.MOVE_NO_PEOPLE,
    )
    leader = leader_fields(case_id=case_id, unit_id=unit_id, k=k)
    deadline = st.date_input(
        F["deadline"],
        value=moves.default_deadline(risk),
        min_value=None,
        key=f"{k}-deadline",
        format="YYYY-MM-DD",
        help=texts.MOVE_DEADLINE_HELP,
    )
    measures = long_text(
        texts.PLAN_LABEL, limit=max_chars(AssignPlan, "measures"), key=f"{k}-measures"
    )
    st.caption(texts.PLAN_DUTIES)  # 四定三包: the responsible unit's three duties
    return {
        **leader,
        "responsible_unit_id": unit_id,
        "responsible_user_id": person,
        "deadline": deadline,
        "measures": measures,
    }


def move_form(
    actor: Actor, *, case_id: int, version: int, risk: str, move: Move, key_prefix: str
) -> bool:
    k = f"{key_prefix}-{move.value}"
    F = texts.MOVE_FIELDS
    done = texts.MOVE_DONE.format(move=texts.label(move))
    if move == Move.ASSIGN:
        with read_session() as session:  # the case's own village first (not the town)
            village = session.get(Case, case_id).unit_id  # type: ignore[union-attr]
        plan = _plan_fields(actor, case_id=case_id, risk=risk, k=k, default_unit=village)
        if st.button(texts.label(move), key=f"{k}-submit", type="primary"):
            return _apply(
                lambda s: moves.assign(
                    s,
                    actor=actor,
                    case_id=case_id,
                    version=version,
                    plan=AssignPlan.model_validate(plan),
                ),
                success=done,
            )
    elif move == Move.ESCALATE:
        with read_session() as session:
            target = moves.escalation_target(session, actor=actor, case_id=case_id)
        if target is None:
            st.info(texts.MOVE_ESCALATE_NOT_HERE)
            return False
        st.caption(texts.MOVE_ESCALATE_TO.format(unit=target.name))
        reason = long_text(F["reason"], limit=max_chars(Escalation, "reason"), key=f"{k}-reason")
        plan = _plan_fields(actor, case_id=case_id, risk=risk, k=k, within=target.id)
        if st.button(texts.label(move), key=f"{k}-submit", type="primary"):
            return _apply(
                lambda s: moves.escalate(
                    s,
                    actor=actor,
                    case_id=case_id,
                    version=version,
                    escalation=Escalation.model_validate({"reason": reason, "plan": plan}),
                ),
                success=done,
            )
    elif move == Move.RESOLVE:
        with st.form(f"{k}-form", enter_to_submit=False):
            method = st.selectbox(
                F["method"], list(ResolutionMethod), format_func=texts.label, key=f"{k}-method"
            )
            summary = long_text(
                F["summary"], limit=max_chars(Resolution, "summary"), key=f"{k}-summary"
            )
            agreement = st.checkbox(F["agreement_signed"], key=f"{k}-agreement")
            court = st.checkbox(F["court_confirmed"], key=f"{k}-court")
            if st.form_submit_button(texts.label(move), key=f"{k}-submit", type="primary"):
                data = {
                    "method": method,
                    "summary": summary,
                    "agreement_signed": agreement,
                    "court_confirmed": court,
                }
                return _apply(
                    lambda s: moves.resolve(
                        s,
                        actor=actor,
                        case_id=case_id,
                        version=version,
                        resolution=Resolution.model_validate(data),
                    ),
                    success=done,
                )
    elif move == Move.REFER:
        with st.form(f"{k}-form", enter_to_submit=False):
            channel = st.selectbox(
                F["channel"], list(ReferralChannel), format_func=texts.label, key=f"{k}-channel"
            )
            reason = long_text(F["reason"], limit=max_chars(Referral, "reason"), key=f"{k}-reason")
            if st.form_submit_button(texts.label(move), key=f"{k}-submit", type="primary"):
                data = {"channel": channel, "reason": reason}
                return _apply(
                    lambda s: moves.refer(
                        s,
                        actor=actor,
                        case_id=case_id,
                        version=version,
                        referral=Referral.model_validate(data),
                    ),
                    success=done,
                )
    elif move in REASON_MOVES:  # recall and revisit need a reason (components.caselife_forms)
        return reason_move_form(actor, case_id=case_id, version=version, move=move, k=k)
    else:  # start and close need an optional note (close: why no signed agreement is attached)
        with st.form(f"{k}-form", enter_to_submit=False):
            note = st.text_input(F["note"], key=f"{k}-note", max_chars=500)
            why = {"why": why_unsigned(case_id, k)} if move == Move.CLOSE else {}
            if st.form_submit_button(texts.label(move), key=f"{k}-submit", type="primary"):
                service = moves.start if move == Move.START else moves.close
                return _apply(
                    lambda s: service(
                        s, actor=actor, case_id=case_id, version=version, note=note, **why
                    ),
                    success=done,
                )
    return False


def follow_up_form(actor: Actor, *, case_id: int, version: int, key_prefix: str) -> bool:
    k = key_prefix
    F = texts.MOVE_FIELDS
    with st.form(f"{k}-form", clear_on_submit=True, enter_to_submit=False):
        visited = past_day(F["visited_on"], key=f"{k}-date")
        visitor = st.text_input(
            F["visitor"], value=actor.display_name, key=f"{k}-visitor", max_chars=50
        )
        satisfaction = st.radio(
            F["satisfaction"],
            list(Satisfaction),
            format_func=texts.label,
            key=f"{k}-satisfaction",
            horizontal=True,
        )
        flared = st.checkbox(F["flared_up"], key=f"{k}-flared")
        note = long_text(F["note"], limit=max_chars(FollowUpCreate, "note"), key=f"{k}-note")
        if st.form_submit_button(texts.FOLLOW_UP_SUBMIT, key=f"{k}-submit", type="primary"):
            data = {
                "visited_on": visited,
                "visitor": visitor,
                "satisfaction": satisfaction,
                "flared_up": flared,
                "note": note,
            }
            return _apply(
                lambda s: case_actions.follow_up(
                    s,
                    actor=actor,
                    case_id=case_id,
                    version=version,
                    visit=FollowUpCreate.model_validate(data),
                ),
                success=texts.FOLLOW_UP_DONE,
            )
    return False


def extend_form(
    actor: Actor, *, case_id: int, version: int, deadline: date, key_prefix: str
) -> bool:
    k = key_prefix
    F = texts.MOVE_FIELDS
    with st.form(f"{k}-form", enter_to_submit=False):
        new = st.date_input(F["new_deadline"], value=deadline, key=f"{k}-date", format="YYYY-MM-DD")
        reason = st.text_input(F["reason"], key=f"{k}-reason", max_chars=500)
        if st.form_submit_button(texts.EXTEND_SUBMIT, key=f"{k}-submit"):
            data = {"new_deadline": new, "reason": reason}
            return _apply(
                lambda s: case_actions.extend(
                    s,
                    actor=actor,
                    case_id=case_id,
                    version=version,
                    extension=Extension.model_validate(data),
                ),
                success=texts.EXTEND_DONE,
            )
    return False


def flag_form(actor: Actor, *, case_id: int, flagged: bool, key_prefix: str) -> bool:
    k = key_prefix
    with st.form(f"{k}-form", enter_to_submit=False):
        note = (
            ""
            if flagged
            else st.text_input(texts.MOVE_FIELDS["flag_note"], key=f"{k}-note", max_chars=500)
        )
        label = texts.UNFLAG_SUBMIT if flagged else texts.FLAG_SUBMIT
        if st.form_submit_button(label, key=f"{k}-submit"):
            return _apply(
                lambda s: case_actions.flag(
                    s, actor=actor, case_id=case_id, on=not flagged, note=note
                ),
                success=texts.FLAG_DONE,
            )
    return False
