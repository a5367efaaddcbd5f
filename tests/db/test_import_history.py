"""History stays true when a ledger comes in: its 回访 with a result is a follow-up on its own date
that counts for 销号; its past steps are the office's (导入（原台账）), not the importer's; the
names it gives that match no account are kept as written and shown as the responsible person."""

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import texts
from db.cases.ledger import get_case
from db.cases.moves import close
from db.core.actor import Actor
from db.core.engine import write_session
from db.enums import EventKind, Satisfaction, Stage
from db.models import Case, CaseEvent, FollowUp
from tests.db.test_import import do_import, good_row, ledger_file, plan_for


def imported(engine: Engine, number: str) -> Case:
    with Session(engine) as session:
        return session.exec(select(Case).where(Case.number == number)).one()


def test_follow_ups_keep_their_dates_count_for_closing_and_the_importer_is_only_the_importer(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    coordinator = actors["coordinator"]
    rows = [
        good_row(1, 回访情况="当事人满意"),
        good_row(2, 回访情况="2026年6月20日电话回访，当事人基本满意"),
        good_row(3, 回访情况="待回访"),
        good_row(4, 责任人="老周（已退休）", 回访情况="回访发现纠纷复发"),
    ]
    path = ledger_file(tmp_path / "visits.xlsx", rows)
    do_import(engine, coordinator, plan_for(engine, coordinator, path))
    with Session(engine) as session:
        visits = {imported(engine, f"QSZ-2026-090{n}").id: n for n in range(1, 5)}
        found = {
            visits[v.case_id]: (v.visited_on, v.satisfaction, v.flared_up, v.created_by_id)
            for v in session.exec(select(FollowUp).where(col(FollowUp.case_id).in_(visits)))
        }
        assert found == {
            1: (date(2026, 6, 1), Satisfaction.SATISFIED, False, None),  # the finish date
            2: (date(2026, 6, 20), Satisfaction.FAIRLY, False, None),  # the date it gives
            4: (date(2026, 6, 1), Satisfaction.UNSATISFIED, True, None),
        }
        third = imported(engine, "QSZ-2026-0903")
        notes = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == third.id, CaseEvent.kind == EventKind.NOTE)
        ).all()
        assert ["待回访" in n.detail for n in notes] == [True]  # no result: kept as a note
        history = session.exec(
            select(CaseEvent).where(
                col(CaseEvent.case_id).in_(visits), CaseEvent.kind != EventKind.IMPORTED
            )
        ).all()
        assert history and all(e.actor_id is None for e in history)
        assert min(e.at for e in history) < datetime(2026, 7, 1).astimezone()  # their own dates
        fourth = imported(engine, "QSZ-2026-0904").id
        detail = get_case(session, actor=coordinator, case_id=fourth, audit_view=False)
    by = {e.kind: e.actor for e in detail.events}
    assert by[EventKind.IMPORTED] == coordinator.display_name
    assert by[EventKind.ASSIGNED] == texts.IMP_RECORDED_BY
    assert (
        detail.recorded_responsible_person == "老周（已退休）" and detail.responsible_user is None
    )
    # 销号 counts the imported visit: the first case closes; the fourth (it flared up) does not
    first = imported(engine, "QSZ-2026-0901")
    assert first.stage == Stage.RESOLVED
    with write_session(engine) as session:
        close(session, actor=coordinator, case_id=first.id, version=first.version)
    assert imported(engine, "QSZ-2026-0901").stage == Stage.CLOSED
