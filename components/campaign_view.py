"""Campaigns drawn: the admin's definition form, a campaign's plan and phase, its progress
against each target and the units furthest behind."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components.forms import literal
from components.refusals import refusal_shown
from db import texts
from db.cases.schemas import field_errors
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.units import unit_label, units_in_scope
from db.reports import campaigns
from db.reports.campaigns import CampaignCreate, CampaignView

NOTICE = "campaigns-notice"
LENGTH = 100  # days: 百日行动 by default


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _split(start: date, days: int, parts: int) -> list[tuple[date, date]]:
    """Equal consecutive phases over the period (a starting point the admin edits)."""
    bounds = [start + timedelta(days=days * i // parts) for i in range(parts + 1)]
    return [(bounds[i], bounds[i + 1] - timedelta(days=1)) for i in range(parts)]


def create_form(actor: Actor) -> None:
    """新建专项活动 (admins): name, period, targets, covered units, phases."""
    F = texts.CAMPAIGN_FIELDS
    if notice := st.session_state.pop(NOTICE, None):
        st.success(notice)
    today = local_today()
    with read_session() as session:
        units = units_in_scope(session, actor)
    with st.expander(texts.CAMPAIGN_NEW, expanded=False):
        count = st.number_input(
            texts.CAMPAIGN_PHASE_COUNT, min_value=0, max_value=8, value=4, key="campaigns-phases"
        )
        with st.form("campaigns-form", enter_to_submit=False):
            name = st.text_input(F["name"], key="campaigns-name", max_chars=100)
            period = st.date_input(
                F["period"],
                value=(today, today + timedelta(days=LENGTH - 1)),
                key="campaigns-period",
                format="YYYY-MM-DD",
            )
            left, right = st.columns(2)
            resolution = left.number_input(
                F["target_resolution_pct"], 0.0, 100.0, 98.0, key="campaigns-target-resolution"
            )
            reporting = right.number_input(
                F["target_reporting_pct"], 0.0, 100.0, 100.0, key="campaigns-target-reporting"
            )
            chosen = st.multiselect(
                F["unit_ids"],
                units,
                format_func=unit_label,
                key="campaigns-units",
                placeholder=texts.CHOOSE,
                select_all=False,
            )
            phases = []
            defaults = _split(today, LENGTH, int(count)) if count else []
            for i in range(int(count)):
                a, b = st.columns([1, 2])
                phase_name = a.text_input(
                    texts.CAMPAIGN_PHASE_NAME.format(n=i + 1),
                    value=campaigns.DEFAULT_PHASES[i] if i < len(campaigns.DEFAULT_PHASES) else "",
                    key=f"campaigns-phase-{i}-name",
                )
                dates = b.date_input(
                    texts.CAMPAIGN_PHASE_DATES.format(n=i + 1),
                    value=defaults[i],
                    key=f"campaigns-phase-{i}-dates",
                    format="YYYY-MM-DD",
                )
                phases.append((phase_name, dates))
            sent = st.form_submit_button(texts.CAMPAIGN_CREATE, key="campaigns-create")
    if sent:
        raw = {
            "name": name,
            "starts_on": period[0] if period else None,
            "ends_on": period[-1] if period else None,
            "target_resolution_pct": resolution,
            "target_reporting_pct": reporting,
            "unit_ids": [u.id for u in chosen],
            "phases": [
                {"name": n, "starts_on": d[0] if d else None, "ends_on": d[-1] if d else None}
                for n, d in phases
            ],
        }
        _save(actor, raw)


def _save(actor: Actor, raw: dict) -> None:
    try:
        data = CampaignCreate.model_validate(raw)
    except ValidationError as error:
        for path, message in field_errors(error).items():
            label = texts.CAMPAIGN_FIELDS.get(path.split(".")[0], path)
            st.error(f"{label}：{message}")
        return
    with refusal_shown() as refused, write_session() as session:
        campaigns.create_campaign(session, actor=actor, data=data)
    if refused:
        return
    st.session_state[NOTICE] = texts.CAMPAIGN_CREATED.format(name=literal(data.name))
    st.rerun()


def campaign_filter(slot, *, key: str) -> int | None:  # type: ignore[no-untyped-def]
    """A campaign choice for a filter bar (nothing drawn when there is no campaign)."""
    with read_session() as session:
        names = campaigns.choices(session)
    if not names:
        return None
    return slot.selectbox(
        texts.CAMPAIGN_FILTER,
        [None, *names],
        format_func=lambda i: texts.CAMPAIGN_ALL if i is None else names[i],
        key=key,
    )


def plan(campaign: CampaignView) -> None:
    """Period, covered units, phases and the phase we are in."""
    today = local_today()
    st.caption(
        texts.CAMPAIGN_PERIOD.format(
            start=campaign.starts_on, end=campaign.ends_on, units=literal("、".join(campaign.units))
        )
    )
    with st.container(key="campaigns-phase"):
        if today < campaign.starts_on:
            st.info(texts.CAMPAIGN_BEFORE.format(start=campaign.starts_on))
        elif today > campaign.ends_on:
            st.info(texts.CAMPAIGN_AFTER.format(end=campaign.ends_on))
        elif phase := campaign.phase_on(today):
            st.info(
                texts.CAMPAIGN_PHASE_NOW.format(
                    name=literal(phase.name), start=phase.starts_on, end=phase.ends_on
                )
            )
        else:
            st.info(texts.CAMPAIGN_BETWEEN)
    if campaign.phases:
        C = texts.CAMPAIGN_PHASE_COL
        frame = pd.DataFrame(
            {
                C["name"]: [p.name for p in campaign.phases],
                C["start"]: [p.starts_on.isoformat() for p in campaign.phases],
                C["end"]: [p.ends_on.isoformat() for p in campaign.phases],
            }
        )
        st.dataframe(frame, hide_index=True, key="campaigns-phases-table")


def progress(actor: Actor, campaign: CampaignView) -> None:
    """The figures in the reader's scope against each target, and the units furthest behind."""
    with read_session() as session:
        result = campaigns.progress(session, actor=actor, campaign=campaign)
    cols = st.columns(3)
    cols[0].metric(texts.CAMPAIGN_REGISTERED, result.registered)
    cols[0].caption(texts.CAMPAIGN_OPEN.format(open=result.open))
    for col, label, rate, target in (
        (cols[1], texts.CAMPAIGN_RESOLUTION, result.resolution_rate, campaign.target_resolution),
        (cols[2], texts.CAMPAIGN_REPORTING, result.reporting_rate, campaign.target_reporting),
    ):
        col.metric(label, _pct(rate))
        col.progress(min(1.0, (rate or 0) / target) if target else 1.0)
        col.caption(texts.CAMPAIGN_TARGET.format(target=_pct(target)))
    st.caption(texts.CAMPAIGN_DEF)
    if result.behind:
        st.markdown(f"**{texts.CAMPAIGN_BEHIND}**")
        C = texts.CAMPAIGN_BEHIND_COLS
        top = result.behind[:10]
        frame = pd.DataFrame(
            {
                C["unit"]: [u.unit_name for u in top],
                C["registered"]: [u.registered for u in top],
                C["open"]: [u.open for u in top],
                C["resolution"]: [_pct(u.resolution_rate) for u in top],
                C["reporting"]: [_pct(u.reporting_rate) for u in top],
                C["gap"]: [_pct(u.gap) for u in top],
            }
        )
        st.dataframe(frame, hide_index=True, key="campaigns-behind")
