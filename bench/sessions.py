"""The load bench.concurrency puts on the servers: N websocket sessions (bench.wsclient), signed
in by the app's own cookie, the county leader and the town coordinator alternately, each
opening the dashboard (its first run) and then clicking the board, the dashboard, the board...
until the deadline, a run checked for the page's title and the app's error boxes.

Between two clicks a session waits --think seconds (synchronised: every session clicks again
the moment its page is drawn), or with --think-mean a random exponential time of that mean
drawn from its own generator (seeded by --seed and the session's number), its first page
opened at a uniform random moment within the first mean: desynchronised readers. With
--session-minutes a session closes after a random exponential lifetime of that mean and a
new one (a new Streamlit session, signed in again) takes its place.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import time
from contextlib import suppress
from dataclasses import dataclass, field

from bench.common import COOKIE_KEY
from bench.wsclient import Run, open_session, rerun
from db import texts

USERS = ("leader", "coordinator")
CLICKS = ("kanban", "dashboard")  # after the first run on the dashboard
TITLES = {"dashboard": texts.PAGE_DASHBOARD, "kanban": texts.PAGE_KANBAN}
# The app's own error boxes that mean trouble (the board also uses st.error for "overdue").
APP_ERRORS = {texts.E_DB_LOCKED, texts.E_DB_FULL, texts.E_DB_READ_ONLY, texts.E_PAGE_NOT_ALLOWED}


@dataclass
class Outcome:
    """What the sessions of one configuration saw."""

    first: list[Run] = field(default_factory=list)
    clicks: list[tuple[float, Run]] = field(default_factory=list)  # (sent at, run)
    errors: list[str] = field(default_factory=list)


def _check(run: Run, outcome: Outcome) -> bool:
    problems = list(run.problems) + [f"error box: {b}" for b in run.error_boxes if b in APP_ERRORS]
    if TITLES[run.page] not in run.headings:
        problems.append(f"{run.page}: no title {TITLES[run.page]!r} (signed out?) {run.headings}")
    outcome.errors.extend(problems)
    return not problems


def _pause(rng: random.Random, args: argparse.Namespace) -> float:
    if args.think_mean:
        return rng.expovariate(1 / args.think_mean)
    return args.think


async def _visit(
    url: str,
    user: str,
    rng: random.Random,
    deadline: float,
    args: argparse.Namespace,
    outcome: Outcome,
) -> bool:
    """One Streamlit session from its first run to the deadline or the end of its lifetime;
    False when it met a problem (the caller then stops)."""
    lifetime = rng.expovariate(1 / (60 * args.session_minutes)) if args.session_minutes else 0
    ends = time.perf_counter() + lifetime if lifetime else math.inf
    try:
        ws = await open_session(url, COOKIE_KEY, user, args.database_url)
    except Exception as problem:
        outcome.errors.append(f"connect: {type(problem).__name__}: {problem}")
        return False
    try:
        first = await asyncio.wait_for(rerun(ws, "dashboard"), args.rerun_timeout)
        if not _check(first, outcome):
            return False
        outcome.first.append(first)
        clicks = 0
        while time.perf_counter() < min(deadline, ends):
            if pause := _pause(rng, args):  # cut at the deadline: no click is sent after it
                await asyncio.sleep(min(pause, max(0.0, deadline - time.perf_counter())))
                if time.perf_counter() >= deadline:
                    break
            sent = time.perf_counter()
            run = await asyncio.wait_for(
                rerun(ws, CLICKS[clicks % len(CLICKS)]), args.rerun_timeout
            )
            clicks += 1
            if _check(run, outcome):
                outcome.clicks.append((sent, run))
        return True
    except Exception as problem:
        outcome.errors.append(f"{user}@{url}: {type(problem).__name__}: {problem}")
        return False
    finally:
        with suppress(Exception):
            await ws.close()


async def session(
    index: int, urls: list[str], deadline: float, args: argparse.Namespace, outcome: Outcome
) -> None:
    """Sessions of one reader on the server it is stuck to (round-robin), one after another."""
    url, user = urls[index % len(urls)], USERS[index % len(USERS)]
    rng = random.Random(args.seed * 100_003 + index)
    if args.think_mean and args.duration:  # not for the warm-up (duration 0)
        await asyncio.sleep(rng.uniform(0, args.think_mean))
    while await _visit(url, user, rng, deadline, args, outcome):
        if time.perf_counter() >= deadline:
            return


async def drive(n: int, urls: list[str], args: argparse.Namespace) -> tuple[Outcome, float]:
    outcome = Outcome()
    started = time.perf_counter()
    deadline = started + args.duration
    tasks = [session(i, urls, deadline, args, outcome) for i in range(n)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.duration + args.rerun_timeout + 30)
    except TimeoutError:
        outcome.errors.append("configuration did not end in time (sessions cancelled)")
    return outcome, time.perf_counter() - started


def first_problem(outcome: Outcome) -> None:
    """Stop with a clear message when the cookie was not honoured: nothing else is meaningful."""
    signed_out = [e for e in outcome.errors if "signed out?" in e]
    if signed_out and not outcome.first:
        raise SystemExit(
            "FAILED: the sessions were not signed in by the minted cookie (the page showed "
            f"no dashboard title). First problem: {signed_out[0]}"
        )
