"""The board (看板), the ledger (台账) and one case at scale.

    .venv/bin/python -m bench.board --sizes 100000 1000000 [--reps 5] [--postgres]

For each N (databases from bench.store, built first if missing) and each of the county
leader, the town coordinator and a village mediator: db.cases.board.board (stage counts and the 20
most urgent cards of each open stage), the ledger's first page (db.cases.ledger.list_cases, 50 rows
and the total), filtered pages, and one case (db.cases.ledger.get_case, audit_view=False, the most
recent case of the actor's scope). cold = the first call on a new engine; warm = the median of
--reps calls on the same engine, each in a new session as the pages do.
"""

import os
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, func, select

from bench.common import actors, median_of, progress, seconds, size_args, table, timed
from bench.store import Dataset, each_dataset
from db.cases import board, ledger
from db.core.actor import Actor
from db.core.engine import make_engine, read_session
from db.core.scope import case_in_scope
from db.enums import Category, Risk
from db.models import Case, Party

ACTORS = ("leader", "coordinator", "mediator")


def measure(url: str, call: Callable[[Session], Any], reps: int) -> tuple[float, float, Any]:
    """Cold (first call on a new engine) and warm (median) seconds, and the last result."""
    engine = make_engine(url)
    try:

        def once() -> Any:
            with read_session(engine) as session:
                return call(session)

        cold, result = timed(once)
        warm = median_of(once, reps)
    finally:
        engine.dispose()
    return cold, warm, result


def _latest_case(url: str, actor: Actor) -> tuple[int, str]:
    """The newest case of the actor's scope and the name of its first party."""
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.exec(select(func.max(Case.id)).where(case_in_scope(actor))).one()
        name = session.exec(select(Party.name).where(Party.case_id == found)).first()
    engine.dispose()
    return found or 0, name or ""


def _board_note(columns: list[board.Column]) -> str:
    counts = " ".join(f"{c.stage.value[:4]}={c.count:,}" for c in columns)
    return f"{sum(len(c.cards) for c in columns)} cards; {counts}"


def _page_note(page: ledger.LedgerPage) -> str:
    return f"{len(page.rows)} rows of {page.total:,}"


def cases_for(people: dict[str, Actor], url: str) -> list[tuple[str, str, Callable, Callable]]:
    """(actor, measure, call, note) for everything this benchmark times."""
    out: list[tuple[str, str, Callable, Callable]] = []
    for who in ACTORS:
        a = people[who]
        case_id, party = _latest_case(url, a)
        out += [
            (
                who,
                "board (default filter)",
                lambda s, a=a: board.board(s, actor=a, filters=board.BoardFilter()),
                _board_note,
            ),
            (
                who,
                "board, overdue only",
                lambda s, a=a: board.board(
                    s, actor=a, filters=board.BoardFilter(overdue_only=True)
                ),
                _board_note,
            ),
            (
                who,
                "ledger page 1 (newest first)",
                lambda s, a=a: ledger.list_cases(s, actor=a, filters=ledger.LedgerFilter()),
                _page_note,
            ),
            (
                who,
                "ledger filtered: 邻里纠纷 + high risk",
                lambda s, a=a: ledger.list_cases(
                    s,
                    actor=a,
                    filters=ledger.LedgerFilter(categories=[Category.NEIGHBOUR], risks=[Risk.HIGH]),
                ),
                _page_note,
            ),
            (
                who,
                "ledger filtered: overdue, by deadline",
                lambda s, a=a: ledger.list_cases(
                    s, actor=a, filters=ledger.LedgerFilter(overdue_only=True, sort="deadline")
                ),
                _page_note,
            ),
            (
                who,
                "ledger search: a party's name",
                lambda s, a=a, party=party: ledger.list_cases(
                    s, actor=a, filters=ledger.LedgerFilter(search=party)
                ),
                _page_note,
            ),
            (
                who,
                "ledger page 1000 (or the last)",
                lambda s, a=a: ledger.list_cases(
                    s, actor=a, filters=ledger.LedgerFilter(), page=1000
                ),
                lambda p: f"page {p.page} of {p.pages:,}",
            ),
            (
                who,
                f"one case (get_case #{case_id})",
                lambda s, a=a, case_id=case_id: ledger.get_case(
                    s, actor=a, case_id=case_id, audit_view=False
                ),
                lambda d: f"{len(d.events)} events, {len(d.parties)} parties",
            ),
        ]
    return out


def run(dataset: Dataset, reps: int) -> list[list[str]]:
    engine = make_engine(dataset.url)
    people = actors(engine)
    engine.dispose()
    rows = []
    for who, name, call, note in cases_for(people, dataset.url):
        progress(f"{dataset.label}: {who}: {name}")
        cold, warm, result = measure(dataset.url, call, reps)
        rows.append([dataset.label, who, name, seconds(cold), seconds(warm), note(result)])
    return rows


def main() -> None:
    args = size_args(__doc__.splitlines()[0]).parse_args()
    headers = ["N", "actor", "measure", "cold s", f"warm s (median of {args.reps})", "result"]
    rows: list = []
    for dataset in each_dataset(args):
        more = run(dataset, args.reps)
        rows += more
        print(table(headers, more), flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    title = f"Board, ledger and one case ({os.cpu_count()} cores, load average {load} at the end)"
    print(table(headers, rows, title=title))


if __name__ == "__main__":
    main()
