"""The soak of bench.concurrency (--soak-minutes M): one configuration (e.g. 25 sessions, think
time mean 10 s) for M minutes while a thread reads the servers' RSS (VmRSS) every
--sample-seconds (30). Printed: the series (RSS per server and summed, the clicks sent in each
interval, their median and p95, the load average) and the verdict: the growth of the summed RSS
from the first sample at or after --soak-base-minutes (3) to the last sample, in %.
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

from bench.common import progress, seconds, table
from bench.servers import rss_mib
from bench.sessions import Outcome


class Sampler:
    """RSS of the server processes every `every` seconds, from start() to stop()."""

    def __init__(self, pids: list[int], every: float) -> None:
        self.pids, self.every = pids, every
        self.started = 0.0
        self.samples: list[tuple[float, list[float], float]] = []  # (at, RSS per pid, load)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="rss-sampler")

    def start(self) -> None:
        self.started = time.perf_counter()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while True:
            at = time.perf_counter()
            rss = [rss_mib(pid) for pid in self.pids]
            self.samples.append((at, rss, os.getloadavg()[0]))
            minutes = (at - self.started) / 60
            progress(f"soak {minutes:5.1f} min: RSS {sum(rss):.0f} MiB")
            if self._stop.wait(self.every):
                return


def soak_args(args: argparse.Namespace) -> None:
    """A soak is one configuration: the first size, variant, server count and N; SQLite only."""
    args.duration, args.idle, args.no_postgres = args.soak_minutes * 60, 0.0, True
    args.sessions, args.sizes = args.sessions[:1], args.sizes[:1]
    args.gc, args.sqlite_servers = args.gc[:1], args.sqlite_servers[:1]


def growth(sampler: Sampler, base_minutes: float) -> tuple[float, float, float, float] | None:
    """(summed RSS at the base sample, at the end, its maximum after the base, growth %)."""
    totals = [(at - sampler.started, sum(rss)) for at, rss, _ in sampler.samples]
    after = [total for at, total in totals if at >= base_minutes * 60]
    if len(after) < 2:
        return None
    return after[0], after[-1], max(after), 100 * (after[-1] - after[0]) / after[0]


def print_soak(label: str, sampler: Sampler, outcome: Outcome, args: argparse.Namespace) -> None:
    rows = []
    bounds = [at for at, _, _ in sampler.samples]
    for i, (at, rss, load) in enumerate(sampler.samples):
        since = bounds[i - 1] if i else sampler.started
        times = [run.seconds for sent, run in outcome.clicks if since <= sent < at]
        p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else None
        rows.append(
            [
                f"{(at - sampler.started) / 60:.1f}",
                " + ".join(f"{r:.0f}" for r in rss),
                f"{sum(rss):.0f}",
                len(times),
                seconds(statistics.median(times) if times else None),
                seconds(p95),
                f"{load:.1f}",
            ]
        )
    headers = ["t min", "RSS MiB per server", "RSS MiB", "clicks", "median s", "p95 s", "load 1m"]
    print(table(headers, rows, f"Soak: {label}, {args.sessions[0]} sessions, RSS series"))
    found = growth(sampler, args.soak_base_minutes)
    if found is None:
        print(f"Soak too short for a growth after {args.soak_base_minutes:g} min.\n")
        return
    base, end, peak, percent = found
    verdict = "within" if percent <= args.soak_limit else "OVER"
    print(
        f"RSS growth after {args.soak_base_minutes:g} min: {base:.0f} → {end:.0f} MiB "
        f"({percent:+.1f} %, peak {peak:.0f} MiB): {verdict} the {args.soak_limit:g} % limit.\n"
    )
