"""Several server processes on one database (README, "Several servers behind a proxy"): what one
process does in the background must not be done twice by another. Each "process" here is an
engine of its own (its own connections and pool, as a second `streamlit run` would have),
started together at a barrier so that the calls really meet; on SQLite they share one file
(WAL), on PostgreSQL one database.

- the app's once-a-minute reminders: one claim wins, however many processes ask at once;
- the reminders themselves, run by two processes at once: every reminder made once, neither
  run fails (a write waits for the other, it does not give up with "database is locked");
- the outbox worker started twice at once: every message handed to the transport once;
- on SQLite (WAL), a reader in one process and a writer in another do not wait for each other.
"""

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from db.core.actor import Actor
from db.core.engine import make_engine, read_session, write_session
from db.enums import Channel, NoticeKind, Stage
from db.io.outbox import choices
from db.io.outbox.queue import queue
from db.io.outbox.send import send_due
from db.models import JobRun, Notification, OutboxMessage
from db.reminders.run import claim, remind
from tests.db.factories import case_in_stage, current, register_case, set_case
from tests.db.outbox_helpers import notify

PROCESSES = 3
TODAY = date(2030, 6, 10)
MORNING = datetime(2030, 6, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
T = TypeVar("T")


@pytest.fixture
def processes(engine: Engine) -> Iterator[list[Engine]]:
    """PROCESSES engines of their own on the test's database."""
    url = engine.url.render_as_string(hide_password=False)
    made = [make_engine(url) for _ in range(PROCESSES)]
    yield made
    for one in made:
        one.dispose()


def at_once(engines: list[Engine], work: Callable[[Engine], T]) -> list[T]:
    """`work` on every engine, each in its own thread, all released together; the results in
    engine order (an exception in any thread is raised here)."""
    barrier = threading.Barrier(len(engines))
    results: list[T | BaseException | None] = [None] * len(engines)

    def go(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(engines[index])
        except BaseException as error:  # handed to the test below
            results[index] = error

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


def test_one_process_of_several_claims_the_reminders_in_a_minute(
    engine: Engine, processes: list[Engine]
) -> None:
    start = datetime(2030, 6, 10, 1, 0, tzinfo=UTC)
    assert sorted(at_once(processes, lambda e: claim(e, now=start))) == [False, False, True]
    later = start + timedelta(seconds=59)
    assert at_once(processes, lambda e: claim(e, now=later)) == [False] * PROCESSES
    next_minute = start + timedelta(minutes=1)
    assert sorted(at_once(processes, lambda e: claim(e, now=next_minute))) == [False, False, True]


def test_reminders_run_by_several_processes_at_once_are_made_once(
    engine: Engine, actors: dict[str, Actor], processes: list[Engine]
) -> None:
    mediator = actors["mediator"].id
    due_today = case_in_stage(engine, actors, Stage.MEDIATING)
    set_case(engine, due_today, deadline=TODAY)
    late = case_in_stage(engine, actors, Stage.MEDIATING)
    set_case(engine, late, deadline=TODAY - timedelta(days=2))

    made = at_once(processes, lambda e: remind(e, today=TODAY, at=MORNING))
    # Between them the runs made each reminder and the digest once, whoever made which.
    assert {name: sum(run[name] for run in made) for name in made[0]} == {
        "due": 1,
        "overdue": 1,
        "follow_up_late": 0,
        "digest": 1,
    }
    with Session(engine) as session:
        found = session.exec(
            select(Notification.user_id, Notification.kind, Notification.case_id)
            .where(col(Notification.kind).not_in([NoticeKind.ASSIGNED]))  # the cases' own
            .order_by(col(Notification.id))
        ).all()
    assert sorted((u, NoticeKind(k), c or 0) for u, k, c in found) == sorted(
        [
            (mediator, NoticeKind.DUE_TODAY, due_today),
            (mediator, NoticeKind.OVERDUE, late),
            (mediator, NoticeKind.DIGEST, 0),
        ]
    )
    assert current(engine, late).stage == Stage.MEDIATING  # reminders change no case


def test_the_outbox_worker_started_twice_at_once_sends_each_message_once(
    engine: Engine,
    actors: dict[str, Actor],
    processes: list[Engine],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_SMTP_HOST", "127.0.0.1")  # the channel is configured
    monkeypatch.setenv("DISPUTE_DESK_SMTP_FROM", "desk@county.example")
    mediator = actors["mediator"]
    with write_session(engine) as session:
        choices.save(
            session,
            actor=mediator,
            email="med@village.example",
            kinds={Channel.EMAIL: [NoticeKind.ASSIGNED]},
        )
    case = register_case(engine, mediator, mediator.unit_id)
    wanted = [
        notify(engine, mediator.id, NoticeKind.ASSIGNED, f"{case.number} 第{n}条", case_id=case.id)
        for n in range(6)
    ]
    with write_session(engine) as session:
        assert queue(session, (Channel.EMAIL,)) == len(wanted)
    handed: list[int] = []  # list.append is atomic: the threads share it safely

    def transport(message: OutboxMessage) -> None:
        handed.append(message.notification_id)

    sent = at_once(
        processes,
        lambda e: send_due(e, {Channel.EMAIL: transport}, max_attempts=3).sent,
    )
    assert sorted(handed) == sorted(wanted)  # each once, whichever worker took it
    assert sum(sent) == len(wanted)


def test_on_sqlite_a_reader_and_a_writer_in_two_processes_do_not_wait_for_each_other(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WAL: a page reading in one process does not stop another process from committing (in
    SQLite's default journal a commit waits for every reader, then fails "database is locked"),
    and the reader goes on seeing what was committed when its read began."""
    monkeypatch.setenv("DISPUTE_DESK_BUSY_TIMEOUT_MS", "200")  # a wait would fail, and fast
    url = sqlite_engine.url.render_as_string(hide_password=False)
    reader, writer = make_engine(url), make_engine(url)
    try:
        with read_session(reader) as reading:
            mode = reading.connection().exec_driver_sql("PRAGMA journal_mode").scalar()
            assert mode == "wal"
            before = reading.exec(select(func.count()).select_from(JobRun)).one()
            with write_session(writer) as session:  # while the read is open
                session.add(JobRun(name="several", started_at=datetime.now(UTC)))
                session.commit()
            assert reading.exec(select(func.count()).select_from(JobRun)).one() == before
        with read_session(reader) as reading:
            assert reading.exec(select(func.count()).select_from(JobRun)).one() == before + 1
    finally:
        reader.dispose()
        writer.dispose()
