"""Concurrency on a real `streamlit run components/server.py` on 127.0.0.1: N sessions click
through the dashboard and the board at once.

    .venv/bin/python -m bench.concurrency [--sizes 100000] [--sessions 10 25 50]
        [--duration 30] [--think 0 | --think-mean S] [--sqlite-servers 1] [--gc config]
        [--soak-minutes M] [--no-sqlite] [--no-postgres] [--pg-cases 20000]
        [--pg-servers 2] [--keep-postgres]

SQLite: a copy (online backup API) of the cached bench database dd-<N>-seed42.db in --work,
brought to the current migration by `python -m db migrate`; --sqlite-servers servers on that
ONE file (sessions split round-robin across their ports, as a sticky proxy would), a fresh
copy for each server set. Each --gc variant (bench.servers.GC_VARIANTS) is a server set of its
own. --soak-minutes: one configuration (the first size, variant, server count and N) for M
minutes, the servers' RSS sampled every --sample-seconds (bench.soak). PostgreSQL: a fresh
database dd_bench_concurrency built with `python -m db migrate` + `python -m db demo --cases
20000`, --pg-servers servers on it (sessions split round-robin across their ports), dropped at
the end unless --keep-postgres.

Each session is a websocket client (bench.wsclient), signed in by the app's own cookie, the
county leader and the town coordinator alternately. It opens the dashboard (its "first run":
a new session, signed in from the cookie), then asks for the board, the dashboard, the board...
each as soon as the previous run has finished (plus --think seconds, or a random think time
of mean --think-mean, see bench.sessions) until --duration seconds are over; the run then in flight is finished and counted. A rerun's time is from sending the
request to receiving script_finished. Errors: an exception or error box on the page, a page
without its title (signed out?), a timeout (--rerun-timeout) or a dropped connection.
Server RSS (VmRSS) and CPU (utime+stime, all server processes) are read from /proc before and
after each configuration; the load average is the machine's (shared).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import progress, seconds, table
from bench.pgdb import pg_admin, pg_drop, pg_url
from bench.servers import (
    GC_VARIANTS,
    cpu_seconds,
    db_command,
    gc_env,
    rss_mib,
    servers_on,
    sqlite_copy,
)
from bench.sessions import CLICKS, Outcome, drive, first_problem
from bench.soak import Sampler, print_soak, soak_args
from tests.browser.appserver import Server

PG_DATABASE = "dd_bench_concurrency"
MEMORY: list[list[str]] = []  # per server set: RSS after warm-up, after each N, after idling
OUTCOMES: list[Outcome] = []  # per configuration, in order


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(
    label: str,
    servers: list[Server],
    args: argparse.Namespace,
    on_start: Callable[[], None] | None = None,
) -> list[list[str]]:
    """Every --sessions configuration on these servers; a table row each (and one per page).
    `on_start` is called as each configuration's sessions start (the soak's sampler)."""
    urls = [s.url for s in servers]
    pids = [s.process.pid for s in servers]
    args = argparse.Namespace(**vars(args), database_url=servers[0].database_url)  # one for all
    # One first run on each server: imports and the engine's cold start are not measured.
    warm_args = argparse.Namespace(**{**vars(args), "duration": 0})
    warm = asyncio.run(drive(len(urls), urls, warm_args))
    first_problem(warm[0])
    progress(f"{label}: warm-up run {[seconds(r.seconds) for r in warm[0].first]}, ok")
    if "freeze" in GC_VARIANTS[args.gc_variant][1]:
        for pid in pids:  # bench/gcprobe/sitecustomize.py: gc.collect(), then gc.freeze()
            os.kill(pid, signal.SIGUSR1)
        progress(f"{label}: gc.freeze() asked of {len(pids)} server(s)")
    rows = []
    memory = [label, f"{sum(map(rss_mib, pids)):.0f}"]
    for n in args.sessions:
        time.sleep(args.settle)
        rss0, cpu0 = sum(map(rss_mib, pids)), sum(map(cpu_seconds, pids))
        client0 = resource.getrusage(resource.RUSAGE_SELF)
        load0 = os.getloadavg()[0]
        progress(f"{label}: {n} sessions for {args.duration:.0f} s")
        if on_start:
            on_start()
        outcome, wall = asyncio.run(drive(n, urls, args))
        first_problem(outcome)
        client1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu1, load1 = sum(map(cpu_seconds, pids)), os.getloadavg()[0]
        time.sleep(args.settle)
        rss1 = sum(map(rss_mib, pids))
        times = [run.seconds for _, run in outcome.clicks]
        window = (
            max(sent + run.seconds for sent, run in outcome.clicks)
            - min(sent for sent, _ in outcome.clicks)
            if outcome.clicks
            else 0.0
        )
        per_page = {
            page: [run.seconds for _, run in outcome.clicks if run.page == page] for page in CLICKS
        }
        client_cpu = (client1.ru_utime + client1.ru_stime) - (client0.ru_utime + client0.ru_stime)
        rows.append(
            [
                label,
                n,
                f"{wall:.0f}",
                len(times),
                f"{len(times) / window:.1f}" if window else "-",
                f"{(len(times) + len(outcome.first)) / wall:.1f}",
                seconds(statistics.median(times) if times else None),
                seconds(percentile(times, 95)),
                seconds(max(times) if times else None),
                " / ".join(
                    f"{seconds(statistics.median(v) if v else None)}" for v in per_page.values()
                ),
                seconds(statistics.median([r.seconds for r in outcome.first]) or None)
                if outcome.first
                else "-",
                len(outcome.errors),
                f"{(cpu1 - cpu0) / wall:.2f}",
                f"{client_cpu / wall:.2f}",
                f"{rss0:.0f} → {rss1:.0f}",
                f"{load0:.1f} → {load1:.1f}",
            ]
        )
        memory.append(f"{rss1:.0f}")
        OUTCOMES.append(outcome)  # the soak's series reads the clicks
        progress(f"{label}: {n} sessions: {len(times)} reruns, {len(outcome.errors)} errors")
        for problem in sorted(set(outcome.errors))[:5]:
            progress(f"    error: {problem[:300]}")
    if args.idle:
        progress(f"{label}: idle {args.idle:.0f} s (disconnected sessions expire after 120 s)")
        time.sleep(args.idle)
    memory.append(f"{sum(map(rss_mib, pids)):.0f}" if args.idle else "-")
    MEMORY.append(memory)
    return rows


def servers_label(base: str, count: int, variant: str) -> str:
    label = f"{base}, {count} server" + "s" * (count > 1)
    return label + (f", GC {variant}" if variant != "config" else "")


def run_sqlite(n: int, args: argparse.Namespace) -> list[list[str]]:
    source = Path(args.data) / f"dd-{n}-seed42.db"
    if not source.exists():
        raise SystemExit(f"{source} is missing: build it with python -m bench.dataset --sizes {n}")
    work = Path(args.work) / f"sqlite-{n}"
    work.mkdir(parents=True, exist_ok=True)
    target = work / "dd.db"
    url = f"sqlite:///{target}"
    rows = []
    for variant in args.gc:
        for count in args.sqlite_servers:
            progress(f"copying {source} to {target}")
            sqlite_copy(source, target)
            db_command(work, url, "migrate")
            set_args = argparse.Namespace(**{**vars(args), "gc_variant": variant})
            label = servers_label(f"SQLite {n:,}", count, variant)
            with servers_on(work, url, count, gc_env(variant, args.gc_period)) as servers:
                if not args.soak_minutes:
                    rows += measure(label, servers, set_args)
                    continue
                sampler = Sampler([s.process.pid for s in servers], args.sample_seconds)
                try:
                    rows += measure(label, servers, set_args, on_start=sampler.start)
                finally:
                    sampler.stop()
                print_soak(label, sampler, OUTCOMES[-1], args)
    return rows


def run_postgres(args: argparse.Namespace) -> list[list[str]]:
    url = pg_url(PG_DATABASE)
    work = Path(args.work) / "postgresql"
    work.mkdir(parents=True, exist_ok=True)
    pg_drop(PG_DATABASE)
    with pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    try:
        progress(f"PostgreSQL: {PG_DATABASE}: migrate + demo --cases {args.pg_cases}")
        started = time.perf_counter()
        db_command(work, url, "migrate")
        db_command(work, url, "demo", "--cases", str(args.pg_cases))
        progress(f"PostgreSQL: built in {time.perf_counter() - started:.0f} s")
        rows = []
        for variant in args.gc:
            for count in args.pg_servers:
                set_args = argparse.Namespace(**{**vars(args), "gc_variant": variant})
                label = servers_label(f"PostgreSQL {args.pg_cases:,}", count, variant)
                with servers_on(work, url, count, gc_env(variant, args.gc_period)) as servers:
                    rows += measure(label, servers, set_args)
        return rows
    finally:
        if not args.keep_postgres:
            pg_drop(PG_DATABASE)
            progress(f"PostgreSQL: dropped {PG_DATABASE}")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add = parser.add_argument
    add("--sizes", type=int, nargs="+", default=[100_000], help="SQLite bench databases")
    add("--data", default="/tmp/dd-bench", help="cache of bench databases (only read)")
    add("--work", default="/tmp/dd-bench-concurrency", help="copies, server logs")
    add("--sessions", type=int, nargs="+", default=[10, 25, 50], help="N (10 25 50)")
    add("--duration", type=float, default=30.0, help="seconds per configuration (30)")
    add("--think", type=float, default=0.0, help="pause between a session's clicks (0)")
    add("--think-mean", type=float, default=0.0, help="random exponential think time, mean S")
    add("--seed", type=int, default=1, help="seeds each session's think-time generator (1)")
    add("--session-minutes", type=float, default=0.0, help="mean life of a session (0: all)")
    add("--sqlite-servers", type=int, nargs="+", default=[1], help="servers on one SQLite file")
    add("--gc", nargs="+", default=["config"], choices=list(GC_VARIANTS), help="GC variants")
    add("--gc-period", type=float, default=60.0, help="--gc periodic: seconds (60)")
    add("--soak-minutes", type=float, default=0.0, help="soak: one configuration for M minutes")
    add("--sample-seconds", type=float, default=30.0, help="soak: RSS sampled every S (30)")
    add("--rerun-timeout", type=float, default=120.0, help="one rerun at most (120 s)")
    add("--idle", type=float, default=130.0, help="idle after the last N, then RSS (130 s)")
    add("--settle", type=float, default=3.0, help="pause before reading RSS (3 s)")
    add("--no-sqlite", action="store_true", help="PostgreSQL only")
    add("--no-postgres", action="store_true", help="SQLite only")
    add("--pg-cases", type=int, default=20_000, help="demo cases on PostgreSQL (20000)")
    add("--pg-servers", type=int, nargs="+", default=[2], help="server counts on PostgreSQL")
    add("--keep-postgres", action="store_true", help=f"keep {PG_DATABASE} afterwards")
    add("--soak-base-minutes", type=float, default=3.0, help="soak: growth measured after (3)")
    add("--soak-limit", type=float, default=10.0, help="soak: growth allowed, %% (10)")
    args = parser.parse_args()
    if args.soak_minutes:
        soak_args(args)
    return args


def think(args: argparse.Namespace) -> str:
    if args.think_mean:
        return f"think random (exponential, mean {args.think_mean:g} s, seed {args.seed})"
    return f"think {args.think:g} s"


HEADERS = [
    "configuration",
    "N",
    "wall s",
    "reruns",
    "reruns/s",
    "runs/s incl. first",
    "median s",
    "p95 s",
    "max s",
    "median board / dashboard s",
    "first run median s",
    "errors",
    "server CPU (cores)",
    "client CPU (cores)",
    "server RSS MiB start → end",
    "load avg 1 min start → end",
]


def main() -> None:
    args = parse()
    load = os.getloadavg()
    rows: list[list[str]] = []
    if not args.no_sqlite:
        for n in args.sizes:
            rows += run_sqlite(n, args)
    if not args.no_postgres:
        rows += run_postgres(args)
    title = (
        f"Concurrency: {args.duration:.0f} s per configuration, {think(args)}, "
        f"{os.cpu_count()} cores, load avg at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
        f"(1, 5, 15 min), at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(table(HEADERS, rows, title))
    memory_headers = [
        "configuration",
        "after warm-up",
        *(f"after N = {n}" for n in args.sessions),
        f"after {args.idle:.0f} s idle",
    ]
    print(table(memory_headers, MEMORY, "Server RSS (MiB, all server processes)"))


if __name__ == "__main__":
    main()
