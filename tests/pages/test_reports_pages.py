"""每日报告 driven as a user would: a village mediator sends a zero report; the town's
coordinator reads who reported and who is missing; a case found on a zero-reported day says so."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from db import texts
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, Risk
from db.models import Case, DailyReport, Unit, User
from db.reports import daily as reports
from db.reports.daily import ReportCreate


def free_day(url: str, unit_code: str) -> date:
    """The latest day of the last month on which the demo has no case of this unit (a zero
    report is refused on a day that has cases)."""
    engine = make_engine(url)
    with Session(engine) as session:
        unit = session.exec(select(Unit.id).where(Unit.code == unit_code)).one()
        taken = set(session.exec(select(Case.found_on).where(Case.unit_id == unit)).all())
    engine.dispose()
    return next(d for d in (local_today() - timedelta(days=i) for i in range(30)) if d not in taken)


def send(url: str, username: str, day: date, *, zero: bool) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        reports.submit(
            session,
            actor=Actor.of(session, user),
            data=ReportCreate(day=day, zero=zero),
            base_version=0,
            now=datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2),
        )
    engine.dispose()


def stored(url: str, unit_code: str, day: date) -> list[tuple[int, bool, bool]]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(
            select(DailyReport.version, DailyReport.zero, DailyReport.is_current)
            .join(Unit, col(Unit.id) == DailyReport.unit_id)
            .where(Unit.code == unit_code, DailyReport.day == day)
            .order_by(col(DailyReport.version))
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def status_line(at, label: str) -> str:
    [found] = [t.value for t in at.text if t.value.startswith(label + "（")]
    return found


def test_a_village_mediator_sends_a_zero_report_and_then_corrects_it(app_as, app_db) -> None:
    day = free_day(app_db, "QSZ01")
    at = app_as("mediator")
    at.switch_page("pages/reports.py").run()
    at.date_input(key="reports-submit-day").set_value(day).run()
    assert at.button(key="reports-submit").proto.label == texts.REPORT_SUBMIT
    at.radio(key="reports-zero").set_value(True)
    at.text_area(key="reports-note").input("全村排查，未发现矛盾纠纷")
    at.button(key="reports-submit").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success][0].startswith(
        texts.REPORT_SAVED.format(day=day.isoformat(), version=1)
    )
    assert stored(app_db, "QSZ01", day) == [(1, True, True)]
    # The form now offers a correction, which becomes version 2 and keeps version 1.
    assert at.button(key="reports-submit").proto.label == texts.REPORT_CORRECT
    at.radio(key="reports-zero").set_value(False)
    at.button(key="reports-submit").click().run()
    assert stored(app_db, "QSZ01", day) == [(1, True, False), (2, False, True)]
    at.run()  # the page as it now stands: version 2 on top, version 1 in the history
    shown = [t.value for t in at.text]
    assert shown[0].startswith(f"{day} 已报送第 2 版：{texts.REPORT_FOUND}")
    assert any(v.startswith(f"{day} 已报送第 1 版：{texts.REPORT_ZERO}") for v in shown[1:])


def test_a_mediator_cannot_zero_report_a_day_that_has_cases(app_as, app_db) -> None:
    engine = make_engine(app_db)
    with Session(engine) as session:
        unit = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        day = session.exec(
            select(Case.found_on).where(Case.unit_id == unit).order_by(col(Case.found_on).desc())
        ).first()
    engine.dispose()
    at = app_as("mediator")
    at.switch_page("pages/reports.py").run()
    at.date_input(key="reports-submit-day").set_value(day).run()
    at.radio(key="reports-zero").set_value(True)
    at.button(key="reports-submit").click().run()
    assert [e.value for e in at.error] and at.error[0].value.startswith("该日本单位已登记")
    assert stored(app_db, "QSZ01", day) == []


def test_the_coordinator_sees_who_reported_zero_reported_and_is_missing(app_as, app_db) -> None:
    day = free_day(app_db, "QSZ01")
    send(app_db, "mediator", day, zero=True)  # 东河村
    send(app_db, "med_qsz02", day, zero=False)  # 南湾村
    at = app_as("coordinator")
    at.switch_page("pages/reports.py").run()
    assert "reports-submit" not in [b.key for b in at.button]  # 青石镇 itself does not report
    at.date_input(key="reports-day").set_value(day).run()
    assert not at.exception
    assert status_line(at, "零报告") == "零报告（1）：东河村"
    assert status_line(at, "已上报") == "已上报（1）：南湾村"
    missing = status_line(at, "未上报")
    assert missing.startswith("未上报（5）：") and "西岭村" in missing and "东河村" not in missing
    day_rate = next(m for m in at.metric if m.label.startswith(texts.REPORT_RATE_DAY))
    assert day_rate.value == "28.6%"  # 2 of the 7 villages and communities of 青石镇
    assert len(at.get("vega_lite_chart")) == 1  # the calendar heat map


def test_a_case_found_on_a_zero_reported_day_says_so_on_its_page(app_as, app_db) -> None:
    day = free_day(app_db, "QSZ01")
    send(app_db, "mediator", day, zero=True)
    engine = make_engine(app_db)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "mediator")).one()
        unit = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        data = CaseCreate(
            category=Category.NEIGHBOUR,
            found_via=FoundVia.VISIT,
            found_on=day,
            unit_id=unit,
            facts="零报告之后补登的邻里纠纷。",
            risk=Risk.LOW,
            parties=[PartyCreate(name="甲"), PartyCreate(name="乙")],
        )
        case_id = register(session, actor=Actor.of(session, user), data=data).id
    engine.dispose()
    at = app_as("coordinator")
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    at.run()
    expected = texts.CASE_REPORT_CONTRADICTION.format(unit="东河村", day=day)
    assert expected in [w.value for w in at.warning]
    at.switch_page("pages/reports.py").run()
    at.date_input(key="reports-day").set_value(day).run()
    assert any(w.value.startswith("东河村：矛盾") for w in at.warning)


def test_the_form_starts_at_cases_found_when_the_day_has_cases_and_at_zero_otherwise(
    app_as, app_db
) -> None:
    engine = make_engine(app_db)
    with Session(engine) as session:
        unit = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        busy = session.exec(
            select(Case.found_on).where(Case.unit_id == unit).order_by(col(Case.found_on).desc())
        ).first()
    engine.dispose()
    quiet = free_day(app_db, "QSZ01")
    at = app_as("mediator")
    at.switch_page("pages/reports.py").run()
    at.date_input(key="reports-submit-day").set_value(busy).run()
    assert texts.REPORT_LINKED.split("{")[0] in " ".join(c.value for c in at.caption)
    assert at.radio(key="reports-zero").value is False  # 有纠纷, as the page says
    at.date_input(key="reports-submit-day").set_value(quiet).run()
    assert at.radio(key="reports-zero").value is True  # 零报告
    at.button(key="reports-submit").click().run()
    assert stored(app_db, "QSZ01", quiet) == [(1, True, True)]
