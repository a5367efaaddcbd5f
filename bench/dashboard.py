"""The dashboard at scale: its figures in SQL, the page's rerun, and the naive way in pandas.

    .venv/bin/python -m bench.dashboard --sizes 100000 1000000 [--reps 5] [--postgres]

For each N (databases from bench.store, built first if missing):
(a) every figure of the dashboard (the eight db.figures.metrics functions the page asks for) over one
    year up to today, for the county leader, the town coordinator and a village mediator:
    cold = the first call on a new engine; warm = the median of --reps calls on it (a new
    session each time, as the page does); plus each figure's own warm median; and the same
    figures with every case counted (db.figures.source.counted_live: no tallies, as before
    migration 0008), checked to be the same;
(b) the dashboard page (app.py, signed in through the login form) under streamlit's AppTest:
    cold = its first run on a new engine with empty st.cache_data; warm = the median rerun,
    with the page's figure cache hit ("cached") and with it cleared before each rerun
    ("recomputed": every auto-refresh, 60 s, finds the 30 s cache expired); beside the rerun
    of AppTest.from_string("pass") in the same process, the unit of the ratio column.
    Mediators have no dashboard page.
(c) the naive way: every case of the scope read into pandas (pd.read_sql of SELECT * ... WHERE
    scope) and the same summary, per category, per month and overdue per unit and person with
    groupby, cross-checked against db.figures.metrics.summary.
Also the eight figures computed on two threads (each its own session), as the page reads them.
"""

import os
import statistics
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import select
from streamlit.logger import set_log_level

from bench.common import (
    actors,
    empty_rerun,
    fresh_app_state,
    median_of,
    progress,
    seconds,
    signed_in_app,
    size_args,
    table,
    timed,
    year_period,
)
from bench.store import Dataset, each_dataset
from db import texts
from db.clock import LOCAL_ZONE, local_today
from db.core.actor import Actor
from db.core.engine import make_engine, read_session
from db.core.scope import case_in_scope
from db.dashboard.figures import CASE_FIGURES, FIGURES, read_figures
from db.enums import OPEN_STAGES, Stage
from db.figures import metrics
from db.figures.metrics import MetricFilter
from db.figures.source import counted_live
from db.figures.sql import RESOLVED_STAGES
from db.models import Case

PROJECT = Path(__file__).resolve().parent.parent
FIGURE_ACTORS = ("leader", "coordinator", "mediator")
PAGE_ACTORS = ("leader", "coordinator")  # the roles that have the dashboard page
THREADS = 2  # the machine's cores


# ------------------------------------------------------------------------ (a) the figures


def all_figures(engine: Engine, actor: Actor, f: MetricFilter, per: dict | None = None) -> dict:
    """What the page's figures() computes, in one read session; each figure's time into per."""
    out = {}
    with read_session(engine) as session:
        for name in CASE_FIGURES:
            fn = FIGURES[name]
            extra = {"grain": "month"} if name == "trend" else {}
            spent, out[name] = timed(
                lambda fn=fn, extra=extra: fn(session, actor=actor, f=f, **extra)
            )
            if per is not None:
                # a partial (the unit rankings) has no __name__: its figure name instead
                per.setdefault(getattr(fn, "__name__", name), []).append(spent)
    return out


def figure_times(url: str, actor: Actor, f: MetricFilter, reps: int) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        cold, result = timed(lambda: all_figures(engine, actor, f))
        per: dict[str, list[float]] = {}
        warm = median_of(lambda: all_figures(engine, actor, f, per), reps)
        threads = median_of(
            lambda: read_figures(
                engine, actor=actor, f=f, grain="month", workers=THREADS, names=CASE_FIGURES
            ),
            reps,
        )
        with counted_live():  # as before the tallies (migration 0008)
            live = median_of(lambda: all_figures(engine, actor, f), max(1, reps // 2))
            live_result = all_figures(engine, actor, f)
        if live_result["summary"] != result["summary"]:
            print(f"WARNING: tallies and cases disagree for {actor.username}", file=sys.stderr)
    finally:
        engine.dispose()
    medians = {name: statistics.median(times) for name, times in per.items()}
    return {
        "cold": cold,
        "warm": warm,
        "threads": threads,
        "live": live,
        "live_same": live_result["summary"] == result["summary"],
        "per": medians,
        "summary": result["summary"],
    }


# ------------------------------------------------------------------------------ (b) the page


_warmed_up = False


def page_times(dataset: Dataset, username: str, reps: int) -> dict[str, Any]:
    """Sign in through the form, then time the dashboard page cold and warm. The first call in
    the process runs the page once untimed, so that importing altair, the page's modules and
    the like (once per process) does not count as the database's cold start."""
    global _warmed_up
    if not _warmed_up:
        _warmed_up = True
        page_times(dataset, username, 1)
    at = signed_in_app(dataset.url, username)
    fresh_app_state(dataset.url)
    cold, _ = timed(lambda: at.switch_page("pages/dashboard.py").run())
    if at.exception or not at.metric:
        raise RuntimeError(f"the dashboard did not render for {username}: {at.exception}")
    shown = {m.label: m.value for m in at.metric}
    cached = median_of(at.run, reps)
    recomputed = []
    for _ in range(reps):
        st.cache_data.clear()
        recomputed.append(timed(at.run)[0])
    fresh_app_state(dataset.url)
    return {
        "cold": cold,
        "cached": cached,
        "recomputed": statistics.median(recomputed),
        "shown": shown,
        "charts": len(at.get("vega_lite_chart")),
    }


# ------------------------------------------------------------------------ (c) the naive way


def naive(engine: Engine, actor: Actor, f: MetricFilter) -> dict[str, Any]:
    """Every case of the scope into pandas, then the figures with groupby."""
    with engine.connect() as connection:
        frame = pd.read_sql(select(Case).where(case_in_scope(actor)), connection)
    found = pd.to_datetime(frame["found_on"])
    p = frame[(found >= pd.Timestamp(f.start)) & (found <= pd.Timestamp(f.end))].copy()
    p["found"] = pd.to_datetime(p["found_on"])
    p["deadline_d"] = pd.to_datetime(p["deadline"])
    p["is_open"] = p["stage"].isin([s.value for s in OPEN_STAGES])
    p["is_resolved"] = p["stage"].isin([s.value for s in RESOLVED_STAGES])
    p["is_overdue"] = (
        p["is_open"] & p["deadline_d"].notna() & (p["deadline_d"] < pd.Timestamp(local_today()))
    )
    resolved_at = pd.to_datetime(p["resolved_at"], utc=True, format="mixed")
    p["resolved_on"] = resolved_at.dt.tz_convert(LOCAL_ZONE).dt.tz_localize(None).dt.normalize()
    dated = p[p["is_resolved"] & p["resolved_on"].notna()]
    timed_ = dated[dated["deadline_d"].notna()]
    registered, open_ = len(p), int(p["is_open"].sum())
    summary = {
        "registered": registered,
        "open": open_,
        "resolved": int(p["is_resolved"].sum()),
        "closed": int((p["stage"] == Stage.CLOSED.value).sum()),
        "referred": int((p["stage"] == Stage.REFERRED.value).sum()),
        "overdue": int(p["is_overdue"].sum()),
        "reopened": int((p["reopened_count"] > 0).sum()),
        "on_time": int((timed_["resolved_on"] <= timed_["deadline_d"]).sum()),
        "median_days": (dated["resolved_on"] - dated["found"]).dt.days.median(),
    }
    counts = {"registered": ("id", "size"), "resolved": ("is_resolved", "sum")}
    overdue = p[p["is_overdue"]]
    return {
        "summary": summary,
        "category": p.groupby("category").agg(**counts, open=("is_open", "sum")),
        "trend": p.groupby(p["found"].dt.to_period("M")).agg(**counts, open=("is_open", "sum")),
        "unit": p.groupby("unit_id").agg(**counts, overdue=("is_overdue", "sum")),
        "levels": p[p["is_resolved"]].groupby("resolved_level").size(),
        "risk": p[p["is_open"]].groupby("risk").size(),
        "overdue_unit": overdue.groupby("unit_id").size(),
        "overdue_person": overdue.groupby("responsible_user_id", dropna=False).size(),
        "rows_loaded": len(frame),
    }


def naive_times(url: str, actor: Actor, f: MetricFilter, reps: int) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        cold, result = timed(lambda: naive(engine, actor, f))
        warm = median_of(lambda: naive(engine, actor, f), reps)
    finally:
        engine.dispose()
    return {"cold": cold, "warm": warm, "result": result}


def _check(label: str, sql: metrics.Summary, frame: dict) -> str:
    keys = ("registered", "open", "resolved", "closed", "referred", "overdue", "reopened")
    wrong = [k for k in keys if getattr(sql, k) != frame[k]]
    if sql.median_days_to_resolve != frame["median_days"]:
        wrong.append("median")
    if wrong:
        print(f"WARNING {label}: pandas and SQL disagree on {wrong}", file=sys.stderr)
        return "differs: " + ",".join(wrong)
    return "same as SQL"


# -------------------------------------------------------------------------------------- run


def run(dataset: Dataset, reps: int, naive_reps: int) -> tuple[list, list]:
    n = dataset.label
    url = dataset.url
    f = year_period()
    engine = make_engine(url)
    people = actors(engine)
    engine.dispose()
    rows: list[list[Any]] = []
    per_figure: list[list[Any]] = []

    progress(f"{n}: empty-script rerun")
    empty = empty_rerun(max(reps, 5))

    def row(measure: str, spent: float, note: str = "") -> None:
        rows.append([n, measure, seconds(spent), f"{spent / empty:,.0f}x", note])

    row("AppTest.from_string('pass') rerun (the unit)", empty)
    figures = {}
    for who in FIGURE_ACTORS:
        progress(f"{n}: figures for {who}")
        figures[who] = result = figure_times(url, people[who], f, reps)
        registered = f"{result['summary'].registered:,} cases in the year"
        row(f"figures, {who}, cold", result["cold"], registered)
        row(f"figures, {who}, warm (median of {reps})", result["warm"])
        row(f"figures, {who}, warm, on {THREADS} threads (as the page)", result["threads"])
        same = "same figures" if result["live_same"] else "DIFFERENT figures"
        row(f"figures, {who}, warm, every case counted (no tallies)", result["live"], same)
        slowest = sorted(result["per"].items(), key=lambda kv: -kv[1])
        per_figure += [[n, who, name, seconds(t)] for name, t in slowest]
    for who in PAGE_ACTORS:
        progress(f"{n}: dashboard page for {who} (AppTest)")
        page = page_times(dataset, who, reps)
        shown = page["shown"].get(texts.CHART["registered"], "?")
        note = f"{page['charts']} charts; shows {shown} registered (this year to date)"
        row(f"page, {who}, cold (sign-in done, new engine)", page["cold"], note)
        row(f"page, {who}, warm rerun, figures cached", page["cached"])
        row(f"page, {who}, warm rerun, figures recomputed", page["recomputed"])
    for who in ("leader", "mediator"):
        progress(f"{n}: naive pandas for {who}")
        result = naive_times(url, people[who], f, naive_reps)
        check = _check(f"{n} {who}", figures[who]["summary"], result["result"]["summary"])
        note = f"{result['result']['rows_loaded']:,} rows loaded; {check}"
        row(f"naive pandas, {who}, cold", result["cold"], note)
        row(f"naive pandas, {who}, warm (median of {naive_reps})", result["warm"])
    return rows, per_figure


def main() -> None:
    parser = size_args(__doc__.splitlines()[0])
    parser.add_argument(
        "--naive-reps", type=int, default=3, help="warm repetitions of the pandas way (default 3)"
    )
    args = parser.parse_args()
    set_log_level("error")  # not a deprecation warning per chart per rerun
    rows: list = []
    per_figure: list = []
    for dataset in each_dataset(args):
        more, figures = run(dataset, args.reps, args.naive_reps)
        rows += more
        per_figure += figures
        print(table(["N", "measure", "seconds", "÷ empty rerun", "note"], more), flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    title = f"Dashboard ({os.cpu_count()} cores, load average {load} at the end)"
    print(table(["N", "measure", "seconds", "÷ empty rerun", "note"], rows, title=title))
    title = "Each figure's warm median (slowest first)"
    print(table(["N", "actor", "figure", "seconds"], per_figure, title=title))


if __name__ == "__main__":
    main()
