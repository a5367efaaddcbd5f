"""Daily reports drawn: the report form of one's own unit, the town's view of a day and a
period, and the contradiction line on a case."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components import charts
from components.forms import long_text, past_day
from components.refusals import refusal_shown
from components.report_charts import calendar_heatmap
from db import texts
from db.cases.schemas import field_errors
from db.clock import format_local, local_today
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.settings import report_cutoff
from db.core.units import unit_label, units_in_scope
from db.core.validation import max_chars
from db.enums import ReportStatus
from db.figures import reporting as report_figures
from db.reports import daily as reports
from db.reports.daily import ReportCreate

NOTICE = "reports-notice"


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _status_line(view: reports.ReportView) -> str:
    return texts.REPORT_CURRENT.format(
        day=view.day.isoformat(),
        version=view.version,
        kind=texts.REPORT_ZERO if view.zero else texts.REPORT_FOUND,
        by=view.submitted_by,
        at=format_local(view.submitted_at),
        late=texts.REPORT_LATE_MARK if view.late else "",
    )


def submit_section(actor: Actor) -> None:
    """The actor's own unit's report for a chosen day (today by default): what stands now, the
    cases it links, and the form (a correction once a report exists)."""
    today = local_today()
    st.subheader(texts.REPORT_SUBMIT_HEADER.format(unit=actor.unit_name))
    if notice := st.session_state.pop(NOTICE, None):
        st.success(notice)
    day = past_day(texts.REPORT_DAY, value=today, key="reports-submit-day")
    with read_session() as session:
        history = reports.versions(session, actor=actor, unit_id=actor.unit_id, day=day)
        linked = reports.linked_cases(session, actor=actor, unit_id=actor.unit_id, day=day)
    current = history[0] if history else None
    # The version this form was first shown with: a report saved by someone else since then
    # makes the submit refused instead of silently replacing it.
    base_key = f"reports-base-{day.isoformat()}"
    base = st.session_state.setdefault(base_key, current.version if current else 0)
    with st.container(key="reports-current"):
        if current is None:
            cutoff = report_cutoff().strftime("%H:%M")
            st.info(texts.REPORT_NONE_YET.format(day=day.isoformat(), cutoff=cutoff))
        else:
            st.text(_status_line(current))
            if current.note:
                st.text(current.note)
            if current.contradiction:
                st.warning(texts.REPORT_CONTRADICTION.format(count=current.cases))
            elif not current.zero and not linked:
                st.caption(texts.REPORT_FOUND_NO_CASES)
    if len(history) > 1:
        with st.expander(texts.REPORT_HISTORY.format(count=len(history))):
            for old in history[1:]:
                st.text(_status_line(old) + (f"　{old.note}" if old.note else ""))
    if linked:
        st.caption(texts.REPORT_LINKED.format(count=len(linked)))
        for case in linked:
            label = f"{case.number}（{texts.label(case.stage)}）"
            st.page_link("pages/case.py", label=label, query_params={"id": case.id})
    # 零报告 only when nothing says otherwise: with cases found that day (listed above) or a
    # report of cases already sent, the form starts at 有纠纷; set anew for each day chosen.
    if st.session_state.get("reports-zero-day") != day:
        found = bool(linked) or (current is not None and not current.zero)
        st.session_state["reports-zero"] = not found
        st.session_state["reports-zero-day"] = day
    with st.form("reports-form", enter_to_submit=False):
        zero = st.radio(
            texts.REPORT_KIND,
            [True, False],
            format_func=texts.REPORT_KINDS.get,
            key="reports-zero",
            horizontal=True,
        )
        note = long_text(
            texts.REPORT_NOTE, limit=max_chars(ReportCreate, "note"), key="reports-note"
        )
        button = texts.REPORT_CORRECT if current else texts.REPORT_SUBMIT
        sent = st.form_submit_button(button, key="reports-submit", type="primary")
    if sent:
        _save(actor, day, zero, note, base, base_key)


def _save(actor: Actor, day: date, zero: bool, note: str, base: int, base_key: str) -> None:
    try:
        data = ReportCreate(day=day, zero=zero, note=note)
    except ValidationError as error:
        for message in field_errors(error).values():
            st.error(message)
        return
    with refusal_shown() as refused, write_session() as session:
        saved = reports.submit(session, actor=actor, data=data, base_version=base)
    if refused:
        st.session_state.pop(base_key, None)  # the next view shows what stands now
        return
    st.session_state.pop(base_key, None)
    message = texts.REPORT_SAVED.format(day=day.isoformat(), version=saved.version)
    if saved.late:
        cutoff = report_cutoff().strftime("%H:%M")
        message += texts.REPORT_SAVED_LATE.format(cutoff=cutoff)
    st.session_state[NOTICE] = message
    st.rerun()


def town_view(actor: Actor) -> None:
    """Who reported, who zero-reported and who is missing on a day; the reporting rate for that
    day and for a period; the calendar of the period; units by days missing."""
    today = local_today()
    st.subheader(texts.REPORT_VIEW_HEADER)
    with read_session() as session:
        units = units_in_scope(session, actor)
    cols = st.columns([2, 1, 2])
    unit = cols[0].selectbox(texts.REPORT_SCOPE, units, format_func=unit_label, key="reports-unit")
    day = cols[1].date_input(texts.REPORT_DAY, value=today, key="reports-day", format="YYYY-MM-DD")
    day = min(day, today)  # a day to come has nothing to show yet: today's instead
    picked = cols[2].date_input(
        texts.REPORT_RANGE,
        value=(today - timedelta(days=29), today),
        key="reports-range",
        format="YYYY-MM-DD",
    )
    start, end = (picked[0], picked[-1]) if isinstance(picked, tuple) and picked else (day, day)
    start, end = min(start, today), min(end, today)
    unit_id = None if unit is None or unit.id == actor.unit_id else unit.id
    with refusal_shown() as refused, read_session() as session:
        board = report_figures.day_board(session, actor=actor, day=day, unit_id=unit_id)
        on_day = report_figures.reporting_rate(session, actor, day, day, unit_id)
        period = report_figures.reporting_rate(session, actor, start, end, unit_id)
        per_unit = report_figures.period_by_unit(
            session, actor=actor, start=start, end=end, unit_id=unit_id
        )
        cells = report_figures.calendar(session, actor=actor, start=start, end=end, unit_id=unit_id)
    if refused:
        return
    if not board:
        st.info(texts.REPORT_NO_UNITS)
        return
    left, right = st.columns(2)
    left.metric(f"{texts.REPORT_RATE_DAY}（{day.isoformat()}）", _pct(on_day.rate))
    right.metric(f"{texts.REPORT_RATE_PERIOD}（{start} — {end}）", _pct(period.rate))
    d = on_day.days[0] if on_day.days else None
    if d is not None:
        st.caption(
            texts.REPORT_COUNTS.format(
                expected=d.expected,
                reported=d.reported,
                zero=d.zero,
                missing=d.expected - d.reported,
            )
        )
    st.caption(texts.REPORT_RATE_DEF)
    _day_lists(board)
    _board_table(board)
    st.markdown(f"**{texts.REPORT_HEATMAP}**")
    st.altair_chart(charts.themed(calendar_heatmap(cells)), width="stretch")
    st.caption(texts.REPORT_HEATMAP_DEF)
    st.markdown(f"**{texts.REPORT_BY_UNIT}**")
    C = texts.REPORT_COLS
    frame = pd.DataFrame(
        {
            C["unit"]: [u.unit_name for u in per_unit],
            C["reported"]: [u.reported for u in per_unit],
            C["zero"]: [u.zero for u in per_unit],
            C["missing"]: [u.missing for u in per_unit],
            C["late"]: [u.late for u in per_unit],
            C["contradictions"]: [u.contradictions for u in per_unit],
        }
    )
    st.dataframe(frame, hide_index=True, key="reports-by-unit")


def _day_lists(board: list[report_figures.UnitDay]) -> None:
    """One line per status with the units' names: what a coordinator reads first."""
    for status in (ReportStatus.MISSING, ReportStatus.ZERO, ReportStatus.REPORTED):
        names = [u.unit_name for u in board if u.status == status]
        with st.container(key=f"reports-list-{status.value}"):
            st.text(f"{texts.label(status)}（{len(names)}）：{'、'.join(names) or '—'}")
    for u in board:
        if u.contradiction:
            st.warning(f"{u.unit_name}：" + texts.REPORT_CONTRADICTION.format(count=u.cases))


def _board_table(board: list[report_figures.UnitDay]) -> None:
    C = texts.REPORT_COLS
    frame = pd.DataFrame(
        {
            C["unit"]: [u.unit_name for u in board],
            C["parent"]: [u.parent_name for u in board],
            C["status"]: [texts.label(u.status) for u in board],
            C["late"]: [texts.YES if u.late else "" for u in board],
            C["version"]: [str(u.version) if u.version else "" for u in board],
            C["cases"]: [u.cases for u in board],
            C["contradiction"]: [texts.YES if u.contradiction else "" for u in board],
            C["by"]: [u.submitted_by for u in board],
            C["note"]: [u.note for u in board],
        }
    )
    st.dataframe(frame, hide_index=True, key="reports-board")


def case_report_flag(case_id: int) -> None:
    """On a case page: the zero report its unit sent for the day the case was found, if any."""
    with read_session() as session:
        report = reports.contradicting_report(session, case_id=case_id)
    if report is not None:
        st.warning(
            texts.CASE_REPORT_CONTRADICTION.format(unit=report.unit_name, day=report.day),
            icon=":material/report:",
        )
