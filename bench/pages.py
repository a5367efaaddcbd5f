"""Every main page's script rerun under AppTest at scale, cold and warm, ÷ an empty rerun.

    .venv/bin/python -m bench.pages --sizes 100000 1000000 [--reps 5] [--only board ledger]

For each N (databases from bench.store, built first if missing, migrated to head): app.py
under streamlit's AppTest, signed in through the real login form (as bench.dashboard does),
then per page — the dashboard, the board (看板), the ledger (first page; filtered to 邻里纠纷 +
高风险; searched for a name), one case (the newest of the actor's scope), the intake form's
submit (a new case each time, with an ID number and a phone no other case has, so that it
saves at once) — the time of one `AppTest.run()`:
cold = the first run after the app's engine was disposed and recreated and `st.cache_data`
cleared (a new server process whose imports are done); warm = the median of --reps reruns
(for intake: --reps more submits). The unit of the ratio columns is the rerun of
`AppTest.from_string("pass")` measured in the same process. The county leader reads every
page but the intake (the whole county: the worst case), a village mediator the board, the
ledger and one case, and registers the intake cases (mediators have no dashboard). The first
run of every page in the process is done once untimed, so that importing altair, the pages'
modules and the like does not count as the database's cold start.
Writes to the benchmark database: the audit rows of sign-ins and case views, and the intake's
cases (1 + --reps per run, in 东河村).
"""

import itertools
import os
import statistics
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest

from bench.board import _latest_case
from bench.common import (
    actors,
    empty_rerun,
    fresh_app_state,
    progress,
    seconds,
    signed_in_app,
    size_args,
    table,
    timed,
)
from bench.store import Dataset, each_dataset
from db import texts
from db.core.engine import make_engine
from db.enums import Category, Risk

PROJECT = Path(__file__).resolve().parent.parent
SEARCH_TERM = "孟子涵"  # a full name, found through the trigram index (bench.search)
_phones = itertools.count(int(os.environ.get("BENCH_PHONE_START", "0")) or os.getpid() * 1000)


def _checked(at: AppTest, what: str) -> AppTest:
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception}")
    return at


# ------------------------------------------------------------------------------------ pages
# Each page: prepare(at) brings the session to the page with its inputs set (not timed) and
# returns the action to time; note(at) says what the page showed.


def _open(script: str, **query: str) -> Callable[[AppTest], Callable[[], Any]]:
    def prepare(at: AppTest) -> Callable[[], Any]:
        at.switch_page(script)
        at.query_params.clear()
        at.query_params.update(query)
        return at.run

    return prepare


def _ledger(search: str = "", categories: list = (), risks: list = ()):  # type: ignore[no-untyped-def,assignment]
    def prepare(at: AppTest) -> Callable[[], Any]:
        _checked(at.switch_page("pages/cases.py").run(), "ledger")
        at.text_input(key="cases-search").input(search)
        at.multiselect(key="cases-category").set_value(list(categories))
        at.multiselect(key="cases-risk").set_value(list(risks))
        return at.run

    return prepare


def gb11643(first17: str) -> str:
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def _intake(at: AppTest) -> Callable[[], Any]:
    _checked(at.switch_page("pages/intake.py").run(), "intake")
    serial = next(_phones) % 10**8
    born = date(1950, 1, 1) + timedelta(days=serial % 18000)
    at.text_area(key="intake-facts").input("两户因排水沟走向发生争执，基准测试登记。")
    at.text_input(key="intake-party-0-name").input("胡丽娟")
    at.text_input(key="intake-party-0-id").input(
        gb11643(f"130521{born:%Y%m%d}{serial // 18000 % 1000:03d}")
    )
    at.text_input(key="intake-party-0-phone").input(f"139{serial:08d}")
    at.text_input(key="intake-party-1-name").input("郭桂兰")
    return at.button(key="intake-submit").click().run


def _caption(at: AppTest) -> str:
    return next((c.value for c in at.caption if "共" in c.value), "")


def _saved(at: AppTest) -> str:
    saved = [s.value for s in at.success if texts.INTAKE_SAVED.split("{")[0] in s.value]
    if not saved:
        raise RuntimeError(f"intake did not save: {[e.value for e in at.error]}")
    return saved[0]


def pages(case_ids: dict[str, int]) -> list[tuple[str, tuple[str, ...], Callable, Callable]]:
    """(page, actors, prepare, note)."""
    both = ("leader", "mediator")
    return [
        (
            "dashboard",
            ("leader",),
            _open("pages/dashboard.py"),
            lambda at: f"{len(at.get('vega_lite_chart'))} charts",
        ),
        ("board (看板)", both, _open("pages/kanban.py"), lambda at: ""),
        ("ledger, first page", both, _ledger(), _caption),
        (
            "ledger, filtered: 邻里纠纷 + 高风险",
            both,
            _ledger(categories=[Category.NEIGHBOUR], risks=[Risk.HIGH]),
            _caption,
        ),
        (f"ledger, searched: {SEARCH_TERM}", both, _ledger(search=SEARCH_TERM), _caption),
        (
            "one case (newest in scope)",
            both,
            lambda at: _open("pages/case.py", id=str(case_ids[_who(at)]))(at),
            lambda at: f"case #{case_ids[_who(at)]}",
        ),
        ("intake submit", ("mediator",), _intake, _saved),
    ]


_signed: dict[int, str] = {}  # id(AppTest) -> username


def _who(at: AppTest) -> str:
    return _signed[id(at)]


def run(dataset: Dataset, reps: int, warm_up: bool, only: list[str]) -> list[list[str]]:
    engine = make_engine(dataset.url)
    people = actors(engine)
    engine.dispose()
    case_ids = {who: _latest_case(dataset.url, people[who])[0] for who in ("leader", "mediator")}
    sessions = {}
    for who in ("leader", "mediator"):
        progress(f"{dataset.label}: signing in as {who}")
        sessions[who] = signed_in_app(dataset.url, who)
        _signed[id(sessions[who])] = who
    if warm_up:
        progress(f"{dataset.label}: every page once, untimed (imports)")
        for _name, who_all, prepare, _note in pages(case_ids):
            for who in who_all:
                _checked(timed(prepare(sessions[who]))[1], _name)
    progress(f"{dataset.label}: empty-script rerun")
    empty = empty_rerun(max(reps, 5))
    unit = "AppTest.from_string('pass') rerun (the unit)"
    rows = [[dataset.label, unit, "", seconds(empty), seconds(empty), "1x", "1x", ""]]
    for name, who_all, prepare, note in pages(case_ids):
        if only and not any(word in name for word in only):
            continue
        for who in who_all:
            progress(f"{dataset.label}: {name} as {who}")
            at = sessions[who]
            action = prepare(at)
            fresh_app_state(dataset.url)
            cold, _ = timed(action)
            _checked(at, name)
            shown = note(at)
            warm_times = []
            for _ in range(reps):
                action = prepare(at) if prepare is _intake else action
                warm_times.append(timed(action)[0])
                _checked(at, name)
                note(at)
            warm = statistics.median(warm_times)
            rows.append(
                [
                    dataset.label,
                    name,
                    who,
                    seconds(cold),
                    seconds(warm),
                    f"{cold / empty:,.0f}x",
                    f"{warm / empty:,.0f}x",
                    shown,
                ]
            )
    fresh_app_state(dataset.url)
    return rows


HEADERS = ["N", "page", "actor", "cold s", "warm s", "cold ÷ empty", "warm ÷ empty", "shown"]


def main() -> None:
    parser = size_args(__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="measure only the pages whose name holds one of these words (e.g. board ledger)",
    )
    args = parser.parse_args()
    set_log_level("error")
    rows: list = []
    for i, dataset in enumerate(each_dataset(args)):
        more = run(dataset, args.reps, warm_up=i == 0, only=args.only)
        rows += more
        print(table(HEADERS, more), flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    title = (
        f"Pages under AppTest, warm = median of {args.reps} "
        f"({os.cpu_count()} cores, load average {load} at the end)"
    )
    print(table(HEADERS, rows, title=title))


if __name__ == "__main__":
    main()
