"""The reminders (`python -m db remind`, issue 21) at scale, beside a full scan.

    .venv/bin/python -m bench.remind --sizes 100000 1000000 [--reps 5]

For each N (SQLite databases from bench.store, built first if missing; remind writes, so it
runs on a scratch copy, never on the cached database): the first run of the day (every pass,
inserting the day's reminders and digests), a second run (nothing new: the dedupe keys), and
the naive way beside them, a Python loop over every case's deadline, stage and resolution that
finds the same due and overdue cases. Then the sidebar's unread count (db.inbox.reading.
unread_count) for the reader with the most notifications, warm median, and SQLite's plan of it.
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from bench.common import median_of, progress, seconds, size_args, table, timed
from bench.store import Dataset, each_dataset
from db.clock import local_today
from db.core import settings
from db.core.engine import make_engine, read_session
from db.enums import OPEN_STAGES
from db.inbox.reading import unread_count
from db.models import Case, Notification
from db.reminders.run import remind


def naive_due(url: str) -> int:
    """Every case into Python, then the due and overdue ones picked there."""
    today = local_today()
    due_on = {today + timedelta(days=d) for d in settings.remind_days()}
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(Case.id, Case.stage, Case.deadline, Case.responsible_user_id)
            ).all()
    finally:
        engine.dispose()
    return sum(
        1
        for _id, stage, deadline, who in rows
        if who and stage in OPEN_STAGES and deadline and (deadline in due_on or deadline < today)
    )


def run(dataset: Dataset, reps: int, scratch: Path) -> list[list[str]]:
    if dataset.backend != "sqlite":
        progress(f"{dataset.label}: skipped (remind writes; SQLite copies only)")
        return []
    source = Path(dataset.url.removeprefix("sqlite:///"))
    copy = scratch / f"remind-{dataset.n}.db"
    shutil.copy(source, copy)
    url = f"sqlite:///{copy}"
    engine = make_engine(url)
    rows: list[list[str]] = []
    try:
        progress(f"{dataset.label}: remind, first run of the day")
        first, made = timed(lambda: remind(engine))
        rows.append([dataset.label, "remind (first run)", seconds(first), str(made)])
        progress(f"{dataset.label}: remind again")
        again, made = timed(lambda: remind(engine))
        rows.append([dataset.label, "remind (second run)", seconds(again), str(made)])
        progress(f"{dataset.label}: the naive loop")
        naive, found = timed(lambda: naive_due(url))
        rows.append([dataset.label, "Python loop over all cases", seconds(naive), f"{found:,}"])
        with Session(engine) as session:
            reader = session.exec(
                select(Notification.user_id)
                .group_by(Notification.user_id)
                .order_by(func.count().desc())
            ).first()
            total = session.exec(
                select(func.count()).where(col(Notification.user_id) == reader)
            ).one()

        def count() -> int:
            with read_session(engine) as session:
                return unread_count(session, reader or 0)

        warm = median_of(count, reps)
        with engine.connect() as connection:
            plan = connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM notifications"
                    " WHERE user_id = :u AND read_at IS NULL"
                ),
                {"u": reader},
            ).all()
        rows.append(
            [
                dataset.label,
                f"unread count (reader with {total:,})",
                seconds(warm),
                "; ".join(str(r[-1]) for r in plan),
            ]
        )
    finally:
        engine.dispose()
        copy.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return rows


def main() -> None:
    args = size_args(__doc__.splitlines()[0]).parse_args()
    scratch = Path(args.data) / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    headers = ["N", "measure", "seconds", "result"]
    rows: list = []
    for dataset in each_dataset(args):
        more = run(dataset, args.reps, scratch)
        rows += more
        print(table(headers, more), flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    title = f"Reminders ({os.cpu_count()} cores, load average {load} at the end)"
    print(table(headers, rows, title=title))


if __name__ == "__main__":
    main()
