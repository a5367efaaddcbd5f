"""The leader's headline figures at a glance (issue 20): each of the plans' figures
(db.figures.definitions, db.figures.reporting) for the period, the same figure for the
previous period of the same length, and how it stands against the target in force
(db.figures.targets): met (at or above), near (less than NEAR_POINTS percentage points
below) or missed, with the gap in points."""

from dataclasses import replace
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Session

from db.core.actor import Actor
from db.enums import FigureCode
from db.figures.definitions import plan_rates, timely_registration
from db.figures.reporting import reporting_rate
from db.figures.source import MetricFilter
from db.figures.targets import targets_in_force

NEAR_POINTS = 2.0  # below the target by less than this many points: near, not missed
F = FigureCode
ORDER = (F.RESOLUTION, F.SUCCESS, F.TIMELY, F.REPORTING, F.SATISFACTION)
Standing = Literal["met", "near", "missed"]


class HeadlineFigure(BaseModel):
    figure: FigureCode
    value: float | None  # a fraction; None when there is nothing to count
    previous: float | None  # the previous period of the same length
    target: float | None  # a fraction; None without a target
    standing: Standing | None  # None without a value or a target
    gap_points: float | None  # target - value in percentage points (negative: above it)


def previous_period(f: MetricFilter) -> MetricFilter:
    """The same filter over the days just before the period, as many as it has."""
    days = (f.end - f.start).days + 1
    return replace(f, start=f.start - timedelta(days=days), end=f.start - timedelta(days=1))


def standing(value: float | None, target: float | None) -> tuple[Standing | None, float | None]:
    if value is None or target is None:
        return None, None
    gap = round((target - value) * 100, 1)
    if gap <= 0:
        return "met", gap
    return ("near" if gap < NEAR_POINTS else "missed"), gap


def _values(session: Session, actor: Actor, f: MetricFilter) -> dict[FigureCode, float | None]:
    rates = plan_rates(session, actor=actor, f=f)
    return {
        F.RESOLUTION: rates.resolution_rate,
        F.SUCCESS: rates.success_rate,
        F.TIMELY: timely_registration(session, actor=actor, f=f).timely_rate,
        F.REPORTING: reporting_rate(session, actor, f.start, f.end, f.unit_id, f.campaign_id).rate,
        F.SATISFACTION: rates.satisfaction_rate,
    }


def headline_figures(session: Session, *, actor: Actor, f: MetricFilter) -> list[HeadlineFigure]:
    """The headline figures in ORDER, each against its target and the previous period."""
    now, before = _values(session, actor, f), _values(session, actor, previous_period(f))
    targets = targets_in_force(session, f.end.year, f.campaign_id)
    out = []
    for figure in ORDER:
        target = targets[figure] / 100 if figure in targets else None
        mark, gap = standing(now[figure], target)
        out.append(
            HeadlineFigure(
                figure=figure,
                value=now[figure],
                previous=before[figure],
                target=target,
                standing=mark,
                gap_points=gap,
            )
        )
    return out
