"""The weekly analysis pack drawn: each section as a table (a click on a case number opens the
case: components.case_grid), the decision form, the download."""

from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components.case_grid import case_grid
from components.delivery import XLSX, download_link
from components.refusals import refusal_shown
from db import texts
from db.cases.board import Card
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import write_session
from db.io.delivery import Offer
from db.io.exports.weekly import weekly_xlsx
from db.reports import weekly
from db.reports.weekly import Decision, Rise, WeeklyPack

NOTICE = "weekly-notice"


def _cards(cards: list[Card]) -> pd.DataFrame:
    C = texts.WEEKLY_COLS
    return pd.DataFrame(
        {
            C["number"]: [c.number for c in cards],
            C["title"]: [c.title for c in cards],
            C["category"]: [texts.label(c.category) for c in cards],
            C["village"]: [c.village for c in cards],
            C["risk"]: [texts.label(c.risk) for c in cards],
            C["stage"]: [texts.label(c.stage) for c in cards],
            C["deadline"]: [c.deadline.isoformat() if c.deadline else "" for c in cards],
            C["responsible"]: [c.responsible for c in cards],
            C["flagged"]: [texts.YES if c.flagged else "" for c in cards],
        }
    )


def _rises(rises: list[Rise]) -> pd.DataFrame:
    C = texts.WEEKLY_COLS
    return pd.DataFrame(
        {
            C["name"]: [r.name for r in rises],
            C["this_week"]: [r.this_week for r in rises],
            C["last_week"]: [r.last_week for r in rises],
            C["rise"]: [r.rise for r in rises],
        }
    )


def sections(pack: WeeklyPack) -> None:
    S, C = texts.WEEKLY_SECTIONS, texts.WEEKLY_COLS
    cases: dict[str, list[Card]] = {
        name: getattr(pack, name)
        for name in ("urgent", "new_cases", "new_high_risk", "became_overdue", "flagged")
    }
    frames: dict[str, pd.DataFrame] = {name: _cards(cards) for name, cards in cases.items()}
    frames["missing_reports"] = pd.DataFrame(
        {
            C["unit"]: [u.unit_name for u in pack.missing_reports],
            C["missing"]: [u.missing for u in pack.missing_reports],
        }
    )
    frames["category_rises"] = _rises(pack.category_rises)
    frames["village_rises"] = _rises(pack.village_rises)
    for name in ("waiting_follow_up", "still_unassigned", "long_overdue", "reported_up"):
        cases[name] = getattr(pack, name)
        frames[name] = _cards(cases[name])
    for name, frame in frames.items():
        with st.container(key=f"weekly-section-{name}"):
            st.markdown(f"**{S[name]}（{len(frame)}）**")
            if frame.empty:
                st.caption(texts.WEEKLY_NONE)
            elif name in cases:
                case_grid(
                    frame,
                    [c.id for c in cases[name]],
                    key=f"weekly-table-{name}",
                    number_column=C["number"],
                )
            else:
                st.dataframe(frame, hide_index=True, key=f"weekly-table-{name}")


def decision_form(actor: Actor, pack: WeeklyPack) -> None:
    """A decision of the meeting on a case of the pack, written on its timeline."""
    if notice := st.session_state.pop(NOTICE, None):
        st.success(notice)
    numbers = pack.case_numbers()
    if not numbers:
        return
    st.subheader(texts.WEEKLY_DECISION)
    with st.form("weekly-decision", clear_on_submit=True):
        case_id = st.selectbox(
            texts.WEEKLY_DECISION_CASE, list(numbers), format_func=numbers.get, key="weekly-case"
        )
        note = st.text_area(texts.WEEKLY_DECISION_NOTE, key="weekly-note", max_chars=500)
        sent = st.form_submit_button(texts.WEEKLY_DECISION_SAVE, key="weekly-save")
    if sent:
        _save(actor, pack.start, case_id, note, numbers)


def _save(actor: Actor, start: date, case_id: int, note: str, numbers: dict[int, str]) -> None:
    try:
        decision = Decision(case_id=case_id, note=note)
    except ValidationError as error:
        for message in field_errors(error).values():
            st.error(f"{texts.WEEKLY_DECISION_NOTE}：{message}")
        return
    with refusal_shown() as refused, write_session() as session:
        weekly.write_decision(session, actor=actor, week_start=start, decision=decision)
    if refused:
        return
    st.session_state[NOTICE] = texts.WEEKLY_DECISION_SAVED.format(number=numbers[case_id])
    st.rerun()


def download(actor: Actor, pack: WeeklyPack) -> None:
    """Built and audited only when asked for (a click), then handed to this session only."""
    key = f"weekly-file-{pack.start}-{pack.scope_name}"
    if st.button(texts.EXPORT_MAKE, key="weekly-make"):
        with write_session() as session:
            data = weekly_xlsx(session, actor=actor, pack=pack)
        offer = Offer(
            what="weekly",
            file_name=f"周研判-{pack.start}.xlsx",
            mime=XLSX,
            scope=texts.WEEKLY_AUDIT.format(start=pack.start, end=pack.end, scope=pack.scope_name),
        )
        st.session_state[key] = offer, data
    if made := st.session_state.get(key):
        offer, data = made
        download_link(actor, texts.WEEKLY_DOWNLOAD, key="weekly-download", offer=offer, data=data)
