"""The dashboard's filter bar (period, unit drill-down, category, risk) and its figures."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components.campaign_view import campaign_filter
from db import texts
from db.cases.leaders import leader_name, leaders_in_view
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session
from db.core.units import unit_name
from db.dashboard.figures import Supervision
from db.enums import Category, FigureCode, Level, Risk
from db.figures import metrics
from db.figures.metrics import MetricFilter
from db.reports import campaigns

PERIODS = ("week", "month", "quarter", "year", "custom")
UNIT = "dashboard-unit"  # the unit drilled into (session state); None = the user's own scope


def period_bounds(preset: str, today: date) -> tuple[date, date]:
    """This week / month / quarter / year, up to today."""
    if preset == "week":
        return today - timedelta(days=today.weekday()), today
    if preset == "month":
        return today.replace(day=1), today
    if preset == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    return date(today.year, 1, 1), today


def filter_bar(actor: Actor) -> MetricFilter:
    today = local_today()
    cols = st.columns([1.3, 2, 2, 1.5])
    preset = cols[0].selectbox(
        texts.DASH_PERIOD,
        PERIODS,
        index=3,
        format_func=texts.DASH_PERIODS.get,
        key="dashboard-period",
    )
    start, end = period_bounds(preset, today)
    if preset == "custom":
        picked = cols[0].date_input(
            texts.DASH_RANGE,
            value=(today - timedelta(days=90), today),
            key="dashboard-range",
            format="YYYY-MM-DD",
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            start, end = picked
    campaign_id = campaign_filter(cols[0], key="dashboard-campaign")
    categories = cols[1].multiselect(
        texts.FIELDS["category"],
        list(Category),
        format_func=texts.label,
        key="dashboard-category",
        placeholder=texts.ALL,
        select_all=False,
    )
    risks = cols[2].multiselect(
        texts.FIELDS["risk"],
        list(Risk),
        format_func=texts.label,
        key="dashboard-risk",
        placeholder=texts.ALL,
        select_all=False,
    )
    urgent = cols[2].checkbox(texts.URGENT_FILTER, key="dashboard-urgent")
    with read_session() as session:
        leaders = dict(leaders_in_view(session, actor=actor))
    lead_id = cols[1].selectbox(
        texts.LEDGER_LEADER_PICK,
        [None, *leaders],
        format_func=lambda i: texts.ALL if i is None else leaders[i],
        key="dashboard-lead",
    )
    with cols[3]:
        unit_id = _drill(actor)
    return MetricFilter(
        start=start,
        end=end,
        unit_id=unit_id,
        categories=tuple(categories),
        risks=tuple(risks),
        campaign_id=campaign_id,
        urgent_only=urgent,
        lead_leader_id=lead_id,
    )


def _drill(actor: Actor) -> int | None:
    """Choose a unit one level down; go back up one level at a time."""
    current = st.session_state.get(UNIT)
    with read_session() as session:
        children = dict(metrics.children_of(session, actor=actor, unit_id=current))
        parent = metrics.parent_in_scope(session, actor=actor, unit_id=current) if current else None
        st.session_state["dashboard-scope-name"] = unit_name(session, current or actor.unit_id)
    chosen = st.selectbox(
        texts.DASH_DRILL,
        [None, *children],
        format_func=lambda i: texts.DASH_DRILL_NONE if i is None else children[i],
        key=f"dashboard-drill-{current}",
    )
    if chosen is not None:
        st.session_state[UNIT] = chosen
        st.rerun()
    if current is not None and st.button(texts.DASH_UP, key="dashboard-up"):
        st.session_state[UNIT] = parent
        st.rerun()
    return current


def described(f: MetricFilter, scope_name: str) -> str:
    parts = [texts.DASH_FILTER_PERIOD.format(start=f.start, end=f.end), scope_name]
    if f.categories:
        parts.append("、".join(texts.label(c) for c in f.categories))
    if f.risks:
        parts.append(texts.FIELDS["risk"] + "：" + "、".join(texts.label(r) for r in f.risks))
    if f.campaign_id is not None:
        with read_session() as session:
            name = campaigns.choices(session).get(f.campaign_id, "")
        parts.append(texts.CAMPAIGN_FILTER + "：" + name)
    if f.urgent_only:
        parts.append(texts.URGENT_FILTER)
    if f.lead_leader_id is not None:
        with read_session() as session:
            name = leader_name(session, f.lead_leader_id)
        parts.append(texts.LEDGER_LEADER_PICK + "：" + name)
    return "；".join(parts)


def headline(
    summary: metrics.Summary,
    supervision: Supervision,
    reporting: float | None,
    below_target: float | None = None,
) -> None:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    days = summary.median_days_to_resolve
    first, second = st.columns(4), st.columns(4)
    first[0].metric(texts.CHART["registered"], summary.registered)
    first[1].metric(texts.CHART["open"], summary.open)
    first[2].metric(  # resolved ÷ finished: the 人民调解 statistics' 调解成功率
        texts.FIGURE_NAMES[FigureCode.SUCCESS],
        pct(summary.resolution_rate),
        help=texts.HL_DEFINITIONS[FigureCode.SUCCESS],
    )
    first[3].metric(texts.DASH_ON_TIME, pct(summary.on_time_rate), help=texts.DEF_ON_TIME)
    second[0].metric(texts.CHART["overdue"], summary.overdue, help=texts.DEF_OVERDUE)
    second[1].metric(texts.DASH_REOPENED, summary.reopened)
    second[2].metric(
        texts.DASH_MEDIAN, "—" if days is None else f"{days:.0f}", help=texts.DEF_MEDIAN
    )
    second[3].metric(texts.DASH_REFERRED, summary.referred)
    third = st.columns(4)
    score = supervision.score
    third[0].metric(
        texts.DASH_SUPERVISION_SCORE,
        "—" if score is None else f"{score * 100:.1f}",
        help=texts.DEF_SUPERVISION_SCORE,
    )
    third[1].metric(
        texts.DASH_RECTIFICATIONS_OPEN,
        supervision.open_rectifications,
        help=texts.DEF_RECTIFICATIONS,
    )
    third[2].metric(texts.DASH_RECTIFICATIONS_OVERDUE, supervision.overdue_rectifications)
    third[3].metric(texts.DASH_REPORTING_RATE, pct(reporting), help=texts.DEF_REPORTING_RATE)
    if below_target is not None:  # 化解率 (db.figures.definitions) below the target in force
        st.caption(texts.DASH_BELOW_TARGET.format(target=below_target))


def labelled(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Codes to Chinese labels in every frame, as charts and exports show them."""
    out = dict(frames)
    out["category"] = frames["category"].assign(
        category=lambda d: d["category"].map(lambda c: texts.label(Category(c)))
    )
    levels = frames["levels"]
    total = levels["resolved"].sum() or 1
    order = {Level.VILLAGE.value: 0, Level.TOWN.value: 1, Level.COUNTY.value: 2}
    out["levels"] = levels.assign(
        level_label=levels["level"].map(lambda v: texts.LEVEL_KEPT[v]),
        share=levels["resolved"] / total,
        order=levels["level"].map(order),
    ).sort_values("order")
    out["risk"] = frames["risk"].assign(
        risk_label=lambda d: d["risk"].map(lambda r: texts.label(Risk(r)))
    )
    return out
