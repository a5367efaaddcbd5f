"""Running the reminders: each pass in its own transaction, in order (the digest last, so it
counts the day's reminders among the unread). A pass either commits all its rows or none; a
run that stops half-way (killed, the database gone) is simply run again: the passes done
insert nothing the second time (their keys are there), the rest do their work."""

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from db.clock import local_today, to_local, utcnow
from db.core import settings
from db.core.engine import write_session
from db.models import JobRun
from db.reminders import passes

log = logging.getLogger(__name__)

Pass = Callable[[Session, date], int]
PASSES: dict[str, Pass] = {
    "due": passes.due,
    "overdue": passes.overdue,
    "follow_up_late": passes.follow_up_late,
    "report_missing": passes.reports_missing,
    "digest": passes.digest,
}
JOB = "remind"
EVERY = timedelta(minutes=1)


def cutoff_passed(today: date, at: datetime) -> bool:
    """Whether the day's daily reports are due by `at`: a past day, or today after the cut-off."""
    local = to_local(at)
    return local.date() > today or (
        local.date() == today and local.time() >= settings.report_cutoff()
    )


def remind(
    engine: Engine, *, today: date | None = None, at: datetime | None = None
) -> dict[str, int]:
    """Every pass for the day (default: today in Asia/Shanghai); the daily reports' line only
    once the cut-off has passed at `at` (default: now). Returns the rows each pass inserted."""
    today = today or local_today()
    at = at or utcnow()
    made: dict[str, int] = {}
    for name, run_pass in PASSES.items():
        if name == "report_missing" and not cutoff_passed(today, at):
            continue
        with write_session(engine) as session:
            made[name] = run_pass(session, today)
            session.commit()
    return made


def _insert(session: Session):  # type: ignore[no-untyped-def]
    name = session.get_bind().dialect.name
    return (postgresql if name == "postgresql" else sqlite).insert(JobRun)


def claim(engine: Engine, *, now: datetime | None = None, every: timedelta = EVERY) -> bool:
    """Whether this process may run the reminders now: true for the one process whose UPDATE
    moved job_runs' start time, when the last start is `every` ago or more. Atomic on both
    engines (one UPDATE ... WHERE started_at <= now - every)."""
    now = now or utcnow()
    with write_session(engine) as session:
        connection = session.connection()
        connection.execute(
            _insert(session)
            .values(name=JOB, started_at=now - every)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        moved = connection.execute(
            update(JobRun)
            .where(col(JobRun.name) == JOB, col(JobRun.started_at) <= now - every)
            .values(started_at=now, finished_at=None)
            .returning(JobRun.name)
        ).all()
        session.commit()
        return len(moved) == 1


def remind_if_due(engine: Engine) -> dict[str, int] | None:
    """The app's way: claim, then run; failures are logged, never raised (nobody waits for
    this). None when another process ran it within the minute."""
    try:
        if not claim(engine):
            return None
        made = remind(engine)
        with write_session(engine) as session:
            session.execute(
                update(JobRun).where(col(JobRun.name) == JOB).values(finished_at=utcnow())
            )
            session.commit()
        return made
    except Exception:  # a background job: the pages go on, the log says what failed
        log.exception("reminders failed")
        return None
