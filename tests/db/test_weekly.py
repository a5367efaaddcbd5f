"""The weekly analysis pack (db.reports.weekly, db.io.exports.weekly) against a small hand-made record.

The week: Monday 2025-03-03 .. Sunday 03-09; the week before: 02-24 .. 03-02. "Today" is the
real date (later), so every deadline below has passed. The coordinator reads 青石镇.
"""

import io
import json
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import AuditAction, Category, EventKind, Risk, Stage
from db.io.exports.weekly import weekly_xlsx
from db.models import AuditLog
from db.reports import weekly
from db.reports.daily import ReportCreate, submit
from db.reports.weekly import Decision
from tests.db.factories import current, dated_case, events

WEEK = date(2025, 3, 5)  # any day of the week
C, R, S = Category, Risk, Stage


def d(month: int, day: int) -> date:
    return date(2025, month, day)


def record(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    m, c = actors["mediator"], actors["coordinator"]
    ids = {
        # found this week
        "n1": dated_case(engine, m, "QSZ01", d(3, 3), category=C.NEIGHBOUR, risk=R.HIGH),
        "n2": dated_case(engine, m, "QSZ01", d(3, 4), category=C.NEIGHBOUR, flagged=True),
        "n3": dated_case(engine, c, "QSZ02", d(3, 9), category=C.DEBT, risk=R.MEDIUM),
        # found the week before
        "p1": dated_case(engine, c, "QSZ02", d(2, 25), category=C.DEBT),
        "p2": dated_case(engine, c, "QSZ02", d(2, 26), category=C.DEBT),
        "p3": dated_case(engine, m, "QSZ01", d(3, 2), category=C.HOMESTEAD),
        # deadlines (overdue from the day after)
        "o1": dated_case(engine, m, "QSZ01", d(1, 10), stage=S.ASSIGNED, deadline=d(3, 5)),
        "o2": dated_case(engine, m, "QSZ01", d(1, 10), stage=S.ASSIGNED, deadline=d(3, 9)),
        "o3": dated_case(engine, m, "QSZ01", d(1, 10), stage=S.MEDIATING, deadline=d(3, 2)),
        "o4": dated_case(engine, m, "QSZ01", d(1, 10), stage=S.ASSIGNED, deadline=d(3, 1)),
        "o5": dated_case(
            engine, m, "QSZ01", d(1, 10), stage=S.RESOLVED, deadline=d(3, 5),
            resolved_at=datetime(2025, 3, 4, 2, tzinfo=UTC),
        ),
        "w1": dated_case(
            engine, m, "QSZ01", d(2, 1), stage=S.RESOLVED,
            resolved_at=datetime(2025, 2, 20, 2, tzinfo=UTC),
        ),
        # another town
        "l1": dated_case(engine, actors["med_lwz01"], "LWZ01", d(3, 4), category=C.LABOUR),
    }  # fmt: skip
    return ids


def pack(engine: Engine, actor: Actor) -> weekly.WeeklyPack:
    with Session(engine) as session:
        return weekly.weekly_pack(session, actor=actor, week_start=WEEK)


def numbers(engine: Engine, ids: dict[str, int], cards) -> list[str]:  # type: ignore[no-untyped-def]
    by_id = {v: k for k, v in ids.items()}
    return [by_id[c.id] for c in cards]


def test_the_pack_lists_new_overdue_flagged_and_waiting_cases(engine, actors) -> None:
    ids = record(engine, actors)
    result = pack(engine, actors["coordinator"])
    assert (result.start, result.end, result.scope_name) == (d(3, 3), d(3, 9), "青石镇")
    # High risk first, then by date found.
    assert numbers(engine, ids, result.new_cases) == ["n1", "n3", "n2"]
    assert numbers(engine, ids, result.new_high_risk) == ["n1"]
    # Deadlines 03-02 .. 03-08 passed in the week; o2 (03-09) is overdue only from 03-10, o4
    # already was, o5 is resolved.
    assert numbers(engine, ids, result.became_overdue) == ["o3", "o1"]
    assert numbers(engine, ids, result.flagged) == ["n2"]
    assert numbers(engine, ids, result.waiting_follow_up) == ["w1", "o5"]  # longest waiting first


def test_urgent_cases_lead_the_pack(engine, actors) -> None:
    ids = record(engine, actors)
    m = actors["mediator"]
    ids["u1"] = dated_case(engine, m, "QSZ01", d(3, 8), category=C.DEBT, urgent=True)
    # urgent and still open, though found long before the week; an urgent one finished is not
    ids["u2"] = dated_case(engine, m, "QSZ01", d(1, 5), stage=S.MEDIATING, urgent=True)
    ids["u3"] = dated_case(engine, m, "QSZ01", d(1, 5), stage=S.CLOSED, urgent=True)
    result = pack(engine, actors["coordinator"])
    assert numbers(engine, ids, result.urgent) == ["u2", "u1"]
    # and among the new ones, urgent first
    assert numbers(engine, ids, result.new_cases) == ["u1", "n1", "n3", "n2"]


def test_the_pack_names_what_rose_most_against_the_week_before(engine, actors) -> None:
    record(engine, actors)
    result = pack(engine, actors["coordinator"])
    # 邻里纠纷 2 vs 0; 经济债务 1 vs 2 and 宅基地 0 vs 1 fell. 东河村 2 vs 1; 南湾村 1 vs 2 fell.
    assert [(r.name, r.this_week, r.last_week, r.rise) for r in result.category_rises] == [
        ("邻里纠纷", 2, 0, 2)
    ]
    assert [(r.name, r.this_week, r.last_week) for r in result.village_rises] == [("东河村", 2, 1)]
    county = pack(engine, actors["leader"])
    assert ("劳资纠纷", 1, 0) in [(r.name, r.this_week, r.last_week) for r in county.category_rises]


def test_the_pack_names_units_with_missing_daily_reports(engine, actors) -> None:
    for day in range(3, 10):
        with write_session(engine) as session:
            data = ReportCreate(day=d(3, day), zero=True)
            submit(session, actor=actors["mediator"], data=data, base_version=0)
    with write_session(engine) as session:
        data = ReportCreate(day=d(3, 3), zero=True)
        submit(session, actor=actors["med_qsz02"], data=data, base_version=0)
    result = pack(engine, actors["coordinator"])
    missing = {u.unit_name: u.missing for u in result.missing_reports}
    assert "东河村" not in missing
    assert missing["南湾村"] == 6
    assert missing["西岭村"] == 7 and len(missing) == 6


def test_a_decision_is_written_on_the_case_timeline(engine, actors) -> None:
    ids = record(engine, actors)
    version = current(engine, ids["n1"]).version
    with write_session(engine) as session:
        weekly.write_decision(
            session,
            actor=actors["coordinator"],
            week_start=WEEK,
            decision=Decision(case_id=ids["n1"], note="由司法所牵头，本周内组织双方调解"),
        )
    last = events(engine, ids["n1"])[-1]
    assert last.kind == EventKind.NOTE and last.actor_id == actors["coordinator"].id
    assert json.loads(last.detail) == {
        "meeting": "2025-03-03 当周周研判",
        "note": "由司法所牵头，本周内组织双方调解",
    }
    assert current(engine, ids["n1"]).version == version  # nobody's open form goes stale


def test_decisions_are_refused_outside_scope_and_to_other_roles(engine, actors) -> None:
    ids = record(engine, actors)
    decision = Decision(case_id=ids["l1"], note="督促柳湾镇办理")
    with write_session(engine) as session, pytest.raises(OutOfScope):
        weekly.write_decision(
            session, actor=actors["coordinator"], week_start=WEEK, decision=decision
        )
    with write_session(engine) as session, pytest.raises(NotAllowed):
        weekly.write_decision(session, actor=actors["mediator"], week_start=WEEK, decision=decision)
    assert [e.kind for e in events(engine, ids["l1"])] == [EventKind.REGISTERED]


def test_the_pack_downloads_as_a_workbook_with_formula_text_kept_as_text(engine, actors) -> None:
    record(engine, actors)
    dated_case(engine, actors["mediator"], "QSZ01", d(3, 6), facts='=HYPERLINK("x")两户争执')
    result = pack(engine, actors["coordinator"])
    with Session(engine) as session:
        data = weekly_xlsx(session, actor=actors["coordinator"], pack=result)
        audits = session.exec(select(AuditLog.action).where(col(AuditLog.target) == "weekly")).all()
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:4] == ["说明", "紧急案件（重大纠纷直报）", "本周新发纠纷", "其中高风险"]
    rows = list(book["本周新发纠纷"].iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 1 + 4
    formula_row = next(
        r for r in book["本周新发纠纷"].iter_rows() if str(r[1].value).startswith("=")
    )
    assert formula_row[1].data_type == "s"
    rises = list(book["上升最多的纠纷类型"].iter_rows(values_only=True))
    assert rises[1] == ("邻里纠纷", 3, 0, 3)
    assert audits == [AuditAction.EXPORT]
