"""周交办 drawn in the weekly pack: the cases the meeting may hand out, one row each with its
drafted four fixes to change and a tick to confirm; the date held and the attendees; one button
that hands out every ticked case (db.reports.handout_batch); the result; and the week's minutes
(研判会议纪要) with its decisions to correct and its two printable downloads.

Each row keeps the version of its case from when the page first showed it (session state), as
the board's dialog keeps the card's: a case changed since is refused as stale, not overwritten.
"""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components.delivery import XLSX, download_link
from components.refusals import refusal_shown
from db import texts
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import get_engine, read_session, write_session
from db.core.errors import Refused
from db.core.units import people_of, unit_label, units_below, units_in_scope
from db.enums import Move
from db.io.delivery import Offer
from db.io.documents.minutes import minutes_docx
from db.io.exports.minutes import minutes_xlsx
from db.reports import handout, handout_batch, minutes
from db.reports.weekly import WeeklyPack

K = "weekly-assign"
VERSIONS = f"{K}-versions"  # {case id: its version when the row was first shown}
RESULT = f"{K}-result"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WIDTHS = [2, 2.2, 2, 1.6, 2.6]  # leader, unit, person, deadline, decision


def _row(session, actor: Actor, draft: handout.Draft, units: list) -> dict:  # type: ignore[no-untyped-def]
    """One candidate, in a box: the tick and the case, then the four fixes and the decision."""
    k = f"{K}-{draft.case_id}"
    F = texts.MOVE_FIELDS
    with st.container(border=True, key=f"{k}-box"):
        top = st.columns([1, 3], vertical_alignment="center")
        tick = top[0].checkbox(draft.number, key=f"{k}-tick")
        sections = "、".join(texts.WEEKLY_SECTIONS[s] for s in draft.sections)
        top[1].text(f"{draft.title} · {draft.village} · {texts.label(draft.risk)} · {sections}")
        cols = st.columns(WIDTHS)
        leaders = dict(draft.leaders)
        leader = cols[0].selectbox(
            F["lead_leader"], list(leaders), format_func=leaders.get,
            index=list(leaders).index(draft.leader_id) if draft.leader_id in leaders else None,
            key=f"{k}-leader", placeholder=texts.HANDOUT_NO_LEADER,
        )  # fmt: skip
        if draft.move == Move.TAKE:
            units = units_below(units, draft.unit_id or 0, session)
        by_id = {u.id: u for u in units}
        unit_id = cols[1].selectbox(
            F["responsible_unit_id"], list(by_id),
            index=list(by_id).index(draft.unit_id) if draft.unit_id in by_id else 0,
            format_func=lambda i: unit_label(by_id[i]), key=f"{k}-unit",
        )  # fmt: skip
        people = dict(people_of(session, unit_id)) if unit_id else {}
        person = cols[2].selectbox(
            F["responsible_user_id"], list(people), format_func=people.get,
            index=list(people).index(draft.user_id) if draft.user_id in people else None,
            key=f"{k}-person-{unit_id}", placeholder=texts.MOVE_NO_PEOPLE,
        )  # fmt: skip
        deadline = cols[3].date_input(
            F["deadline"], value=draft.deadline, min_value=None, key=f"{k}-deadline",
            format="YYYY-MM-DD",
        )  # fmt: skip
        decision = cols[4].text_input(
            texts.HANDOUT_DECISION, key=f"{k}-decision", max_chars=500,
            placeholder=texts.HANDOUT_DECISION_HINT,
        )  # fmt: skip
        team = measures = ""
        if draft.hard:  # 五个一: a hard case goes out with its team and plan
            hard = st.columns([1, 2])
            team = hard[0].text_input(F["team"], value=draft.team, key=f"{k}-team", max_chars=500)
            measures = hard[1].text_input(
                F["measures"], value=draft.plan, key=f"{k}-plan", max_chars=2000
            )
    versions = st.session_state.setdefault(VERSIONS, {})
    if versions.setdefault(draft.case_id, draft.version) != draft.version:
        # changed by someone since this page showed it: a hand-out now would be refused as stale
        st.warning(texts.HANDOUT_CHANGED.format(number=draft.number))
        if st.button(texts.HANDOUT_RELOAD, key=f"{k}-reload"):
            versions[draft.case_id] = draft.version
            st.rerun()
    return {
        "tick": tick,
        "case_id": draft.case_id,
        "version": versions[draft.case_id],
        "move": draft.move,
        "leader_id": leader,
        "unit_id": unit_id,
        "user_id": person,
        "deadline": deadline,
        "team": team,
        "measures": measures,
        "decision": decision,
    }


def handout_section(actor: Actor, pack: WeeklyPack, unit_id: int | None) -> None:
    """The 周交办 section of the weekly page."""
    st.subheader(texts.HANDOUT_TITLE)
    _result()
    with read_session() as session:
        drafts = handout.candidates(session, actor=actor, pack=pack)
        if not drafts:
            st.caption(texts.HANDOUT_NONE_TO_GIVE)
        else:
            st.caption(texts.HANDOUT_HELP)
            units = units_in_scope(session, actor, active_only=True)
            with st.container(key=f"{K}-rows"):
                rows = [_row(session, actor, d, units) for d in drafts]
    if drafts:
        left, right = st.columns([1, 3])
        held = left.date_input(texts.HANDOUT_HELD, key=f"{K}-held", format="YYYY-MM-DD")
        attendees = right.text_input(texts.HANDOUT_ATTENDEES, key=f"{K}-attendees", max_chars=500)
        if st.button(texts.HANDOUT_SUBMIT, key=f"{K}-submit", type="primary"):
            _submit(actor, pack, unit_id, rows, held, attendees)
    minutes_section(actor, pack, unit_id)


def _submit(  # type: ignore[no-untyped-def]
    actor: Actor, pack: WeeklyPack, unit_id: int | None, rows: list[dict], held, attendees: str
) -> None:
    try:
        meeting = handout_batch.MeetingCreate(
            week_start=pack.start, unit_id=unit_id, held_on=held, attendees=attendees
        )
        confirmed = [
            handout_batch.Confirmed.model_validate({k: v for k, v in r.items() if k != "tick"})
            for r in rows
            if r["tick"]
        ]
    except ValidationError as error:
        for field, message in field_errors(error).items():
            st.error(f"{texts.HANDOUT_FIELDS.get(field.split('.')[-1], field)}：{message}")
        return
    with refusal_shown() as refused:
        result = handout_batch.hand_out(
            get_engine(), actor=actor, meeting=meeting, confirmed=confirmed
        )
    if refused:
        return
    st.session_state[RESULT] = result
    st.session_state.pop(VERSIONS, None)  # the next drawing shows, and keeps, the new versions
    st.rerun()


def _result() -> None:
    result: handout_batch.BatchResult | None = st.session_state.pop(RESULT, None)
    if result is None:
        return
    with st.container(key=f"{K}-result"):
        if result.assigned:
            numbers = "、".join(o.number for o in result.assigned)
            st.success(texts.HANDOUT_DONE.format(count=len(result.assigned), numbers=numbers))
        for outcome in result.refused:
            st.error(texts.HANDOUT_REFUSED.format(number=outcome.number, reason=outcome.reason))


def minutes_section(actor: Actor, pack: WeeklyPack, unit_id: int | None) -> None:
    """The week's minutes, if the meeting handed anything out: the cases, the decision's text
    to correct, the xlsx and the docx (built when fetched, for the fetching reader's scope)."""
    with read_session() as session:
        found = minutes.minutes(session, actor=actor, week_start=pack.start, unit_id=unit_id)
    if found is None:
        return
    st.subheader(texts.MINUTES_TITLE)
    st.caption(texts.MINUTES_HELD.format(day=found.held_on))
    st.caption(texts.MINUTES_ATTENDEES.format(names=found.attendees))
    M = texts.MINUTES_COLS
    frame = pd.DataFrame(
        {
            M["number"]: [i.number for i in found.items],
            M["move"]: [
                texts.label(i.move) if i.assigned else texts.MINUTES_NOT_DONE for i in found.items
            ],
            M["decision"]: [i.decision for i in found.items],
            M["lead_leader"]: [i.lead_leader for i in found.items],
            M["unit"]: [i.unit for i in found.items],
            M["person"]: [i.person for i in found.items],
            M["deadline"]: [i.deadline.isoformat() if i.deadline else "" for i in found.items],
            M["refusal"]: [i.refusal for i in found.items],
        }
    )
    st.dataframe(frame, hide_index=True, key="weekly-minutes-table")
    _downloads(actor, unit_id, found)
    _decision_form(actor, found)


def _downloads(actor: Actor, unit_id: int | None, found: minutes.Minutes) -> None:
    start = found.week_start

    def loader(build):  # type: ignore[no-untyped-def]
        def load(session, reader: Actor) -> bytes:  # type: ignore[no-untyped-def]
            found = minutes.minutes(session, actor=reader, week_start=start, unit_id=unit_id)
            if found is None:
                raise Refused(texts.HANDOUT_E_NO_ITEM)
            return build(found)

        return load

    left, right = st.columns(2)
    for slot, kind, mime, build in (
        (left, "xlsx", XLSX, minutes_xlsx),
        (right, "docx", DOCX, minutes_docx),
    ):
        offer = Offer(
            what=f"weekly_meeting:{found.id}",
            file_name=f"研判会议纪要-{start}.{kind}",
            mime=mime,
            scope=texts.MINUTES_AUDIT.format(start=start, unit=found.unit_name),
        )
        with slot:
            label = texts.MINUTES_DOWNLOAD[kind]
            download_link(
                actor, label, key=f"weekly-minutes-{kind}", offer=offer, loader=loader(build)
            )


def _decision_form(actor: Actor, found: minutes.Minutes) -> None:
    items = {i.id: i.number for i in found.items}
    with st.form(f"{K}-edit", clear_on_submit=True):
        item_id = st.selectbox(
            texts.WEEKLY_DECISION_CASE, list(items), format_func=items.get, key=f"{K}-edit-item"
        )
        text = st.text_input(texts.HANDOUT_DECISION, key=f"{K}-edit-text", max_chars=500)
        sent = st.form_submit_button(texts.HANDOUT_EDIT_SAVE, key=f"{K}-edit-save")
    if not sent:
        return
    try:
        edit = minutes.DecisionEdit(item_id=item_id, decision=text)
    except ValidationError as error:
        for message in field_errors(error).values():
            st.error(f"{texts.HANDOUT_DECISION}：{message}")
        return
    with refusal_shown() as refused, write_session() as session:
        minutes.edit_decision(session, actor=actor, edit=edit)
    if not refused:
        st.rerun()
