"""The dashboard's set of figures, read together.

Each figure is defined once in db.figures.metrics; this module only names the set the dashboard shows and
reads it. With workers > 1 every figure runs in its own read session on a small thread pool: the
database drivers release the GIL while a query runs, so two cores answer two figures at once
(bench/README.md: 1.2-1.4x at 1,000,000 cases on two busy cores). The figures then come from
snapshots a few milliseconds apart; a registration landing in between may show in one figure and
not yet in another, and shows in all of them at the next refresh.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from sqlalchemy import Engine
from sqlmodel import Session

from db.core.actor import Actor
from db.core.engine import read_session
from db.core.settings import figure_workers
from db.figures import metrics
from db.figures.headline import headline_figures
from db.figures.metrics import MetricFilter
from db.figures.ranking import unit_ranking
from db.figures.reporting import reporting_rate
from db.figures.targets import targets_in_force
from db.supervision.bulletin import supervision_score_average
from db.supervision.rectifications import open_rectifications


@dataclass(frozen=True)
class Supervision:
    """督查 beside the cases: the mean score of the inspections visited in the period
    (db.supervision.bulletin.supervision_score_average; None when there were none) and the rectifications
    not closed now, and of those the overdue ones (db.supervision.rectifications.open_rectifications), in
    the chosen unit's subtree. Category and risk filters do not apply to them."""

    score: float | None
    open_rectifications: int
    overdue_rectifications: int


def reporting(session: Session, *, actor: Actor, f: MetricFilter) -> float | None:
    """上报率 for the period (db.figures.reporting.reporting_rate: reports sent, zero reports
    included, over reporting units × days, days after today left out), in the chosen unit's
    subtree and, with a campaign, its covered units; None when no unit there must report.
    Category and risk filters do not apply."""
    return reporting_rate(session, actor, f.start, f.end, f.unit_id, f.campaign_id).rate


def supervision(session: Session, *, actor: Actor, f: MetricFilter) -> Supervision:
    score = supervision_score_average(session, actor, f.start, f.end, f.unit_id)
    counts = open_rectifications(session, actor, f.unit_id)
    return Supervision(score, counts.open, counts.overdue)


def targets(session: Session, *, actor: Actor, f: MetricFilter) -> dict[str, float]:
    """The targets in force (fractions, by figure code) for the year the period ends in and the
    campaign chosen (db.figures.targets.targets_in_force); the same for every reader."""
    in_force = targets_in_force(session, f.end.year, f.campaign_id)
    return {str(figure): value / 100 for figure, value in in_force.items()}


# Name in the result → the figure (trend also takes the grain).
FIGURES: dict[str, Callable[..., Any]] = {
    "summary": metrics.summary,
    "trend": metrics.trend,
    "category": metrics.by_category,
    "unit": metrics.by_unit,
    "levels": metrics.level_kept,
    "risk": metrics.risk_mix_open,
    "overdue_unit": metrics.overdue_by_unit,
    "overdue_person": metrics.overdue_by_person,
    "supervision": supervision,
    "reporting": reporting,
    "targets": targets,
    "headline": headline_figures,
    "rank_resolution": partial(unit_ranking, by="resolution"),
    "rank_overdue": partial(unit_ranking, by="overdue"),
}
CASE_FIGURES = tuple(
    n for n in FIGURES if n not in ("supervision", "reporting", "targets", "headline")
)  # db.figures.metrics


def read_figures(
    engine: Engine,
    *,
    actor: Actor,
    f: MetricFilter,
    grain: Literal["week", "month"],
    workers: int | None = None,
    names: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The figures of FIGURES named (default: all) for this reader and filter; the permission
    and scope checks are in each figure."""
    workers = figure_workers() if workers is None else workers
    names = tuple(FIGURES) if names is None else names

    def one(name: str) -> Any:
        extra = {"grain": grain} if name == "trend" else {}
        with read_session(engine) as session:
            return FIGURES[name](session, actor=actor, f=f, **extra)

    if workers == 1:
        return {name: one(name) for name in names}
    with ThreadPoolExecutor(workers, thread_name_prefix="figures") as pool:
        return dict(zip(names, pool.map(one, names), strict=True))
