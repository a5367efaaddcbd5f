"""The dashboard's set of figures, read together.

Each figure is defined once in db.metrics; this module only names the set the dashboard shows and
reads it. With workers > 1 every figure runs in its own read session on a small thread pool: the
database drivers release the GIL while a query runs, so two cores answer two figures at once
(bench/README.md: 1.2-1.4x at 1,000,000 cases on two busy cores). The figures then come from
snapshots a few milliseconds apart; a registration landing in between may show in one figure and
not yet in another, and shows in all of them at the next refresh.
"""

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from sqlalchemy import Engine

from db import metrics
from db.engine import read_session
from db.metrics import MetricFilter
from db.scope import Actor

# Name in the result → the figure in db.metrics (trend also takes the grain).
FIGURES: dict[str, Callable[..., Any]] = {
    "summary": metrics.summary,
    "trend": metrics.trend,
    "category": metrics.by_category,
    "unit": metrics.by_unit,
    "levels": metrics.level_kept,
    "risk": metrics.risk_mix_open,
    "overdue_unit": metrics.overdue_by_unit,
    "overdue_person": metrics.overdue_by_person,
}


def default_workers() -> int:
    """DISPUTE_DESK_FIGURE_WORKERS, else 2 (1 reads every figure in one session)."""
    try:
        return max(1, int(os.environ.get("DISPUTE_DESK_FIGURE_WORKERS", "2")))
    except ValueError:
        return 2


def read_figures(
    engine: Engine,
    *,
    actor: Actor,
    f: MetricFilter,
    grain: Literal["week", "month"],
    workers: int | None = None,
) -> dict[str, Any]:
    """Every figure of FIGURES for this reader and filter (the scope check is in each figure)."""
    workers = default_workers() if workers is None else workers

    def one(name: str) -> Any:
        extra = {"grain": grain} if name == "trend" else {}
        with read_session(engine) as session:
            return FIGURES[name](session, actor=actor, f=f, **extra)

    if workers == 1:
        return {name: one(name) for name in FIGURES}
    with ThreadPoolExecutor(workers, thread_name_prefix="figures") as pool:
        return dict(zip(FIGURES, pool.map(one, FIGURES), strict=True))
