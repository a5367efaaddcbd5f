"""Forms for the moves from below (db.cases.report_up): report up with a reason, take with new
four fixes at the level reported to, return with a reason. Used on the case page and in the
board's dialog, as components.move_forms is; each returns True once the move was made."""

import streamlit as st

from components.forms import long_text
from components.move_forms import _apply, _plan_fields
from db import texts
from db.cases import report_up
from db.cases.lifecycle import AssignPlan
from db.core.actor import Actor
from db.core.engine import read_session
from db.core.validation import max_chars
from db.enums import Move

REPORT_MOVES = (Move.REPORT_UP, Move.TAKE, Move.RETURN)


def report_move_form(
    actor: Actor, *, case_id: int, version: int, risk: str, move: Move, key_prefix: str
) -> bool:
    k = f"{key_prefix}-{move.value}"
    done = texts.MOVE_DONE.format(move=texts.label(move))
    if move == Move.TAKE:
        with read_session() as session:
            case_unit = report_up.waiting_at(session, actor=actor, case_id=case_id)
        plan = _plan_fields(actor, case_id=case_id, risk=risk, k=k, within=case_unit)
        if st.button(texts.label(move), key=f"{k}-submit", type="primary"):
            return _apply(
                lambda s: report_up.take(
                    s,
                    actor=actor,
                    case_id=case_id,
                    version=version,
                    plan=AssignPlan.model_validate(plan),
                ),
                success=done,
            )
        return False
    if move == Move.REPORT_UP:
        with read_session() as session:
            target = report_up.report_target(session, actor=actor, case_id=case_id)
        if target is not None:
            st.caption(texts.REPORT_TO.format(unit=target.name))
    label = texts.REPORT_REASON if move == Move.REPORT_UP else texts.REPORT_RETURN_REASON
    service = report_up.report_up if move == Move.REPORT_UP else report_up.return_down
    with st.form(f"{k}-form", enter_to_submit=False):
        reason = long_text(
            label, limit=max_chars(report_up.ReportReason, "reason"), key=f"{k}-reason"
        )
        if st.form_submit_button(texts.label(move), key=f"{k}-submit", type="primary"):
            return _apply(
                lambda s: service(
                    s,
                    actor=actor,
                    case_id=case_id,
                    version=version,
                    reason=report_up.ReportReason.model_validate({"reason": reason}),
                ),
                success=done,
            )
    return False
