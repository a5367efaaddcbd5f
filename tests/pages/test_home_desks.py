"""Each role's home page (issue 21) on the demo county: the work waiting for the reader, each
line a link that opens its case in the same tab, and the coordinator's counts the ledger's for
the same filter (followed through the link into the ledger)."""

from datetime import timedelta
from urllib.parse import parse_qsl

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.cases import extension_requests, ledger, moves
from db.cases.ledger import LedgerFilter
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine, write_session
from db.demo.supervision import seed_inspection
from db.enums import RequestStatus, Stage
from db.figures import headline
from db.models import Case, Rectification, Unit, User
from db.supervision import rectifications
from tests.db import supervision_helpers as sup
from tests.db.factories import act, new_case, plan


def actor(engine: Engine, username: str) -> Actor:
    with Session(engine) as session:
        return Actor.of(session, session.exec(select(User).where(User.username == username)).one())


def titles(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def links(at: AppTest) -> list[tuple[str, str, dict[str, str]]]:
    """Every page link on the page: label, page and query parameters."""
    return [
        (p.proto.label, p.proto.page, dict(parse_qsl(p.proto.query_string)))
        for p in at.main.get("page_link")
    ]


def follow(at: AppTest, label: str) -> AppTest:
    """Click the link with this label: its page, with its query parameters, in the same tab."""
    (page, params) = [(page, params) for text, page, params in links(at) if text == label][0]
    at.query_params = params
    return at.switch_page(f"pages/{page}.py").run()


def ledger_total(engine: Engine, reader: Actor, **filters: object) -> int:
    with Session(engine) as session:
        return ledger.list_cases(session, actor=reader, filters=LedgerFilter(**filters)).total  # type: ignore[arg-type]


def mediating_case_of_the_mediator(engine: Engine, *, deadline_days: int) -> int:
    """A 东河村 case assigned by the town to the demo mediator, who starts it; its deadline
    then set as the records have it."""
    mediator, town = actor(engine, "mediator"), actor(engine, "coordinator")
    case_id = new_case(engine, mediator, "QSZ01")
    with Session(engine) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
    act(engine, moves.assign, actor=town, case_id=case_id, plan=plan(village, mediator.id))
    act(engine, moves.start, actor=mediator, case_id=case_id)
    with write_session(engine) as session:
        session.exec(
            update(Case)
            .where(col(Case.id) == case_id)
            .values(deadline=local_today() + timedelta(days=deadline_days))
        )
        session.commit()
    return case_id


def test_the_coordinators_desk_counts_what_the_ledger_shows(app_as, app_db) -> None:
    engine = make_engine(app_db)
    town = actor(engine, "coordinator")
    waiting = ledger_total(engine, town, stages=[Stage.REGISTERED])
    overdue = ledger_total(engine, town, overdue_only=True)
    assert waiting and overdue  # the demo town has both
    at = app_as("coordinator")
    at.switch_page("pages/home.py").run()
    assert not at.exception
    shown = titles(at)
    assert f"{texts.DESK_WAITING}（{waiting}）" in shown, shown
    assert f"{texts.DESK_OVERDUE}（{overdue}）" in shown, shown
    for title in (texts.DESK_FOLLOW_UPS, texts.DESK_SETTLED, texts.DESK_RECTIFICATIONS):
        assert any(s.startswith(title + "（") for s in shown), (title, shown)
    # Each waiting line opens its case in the same tab (a page link with ?id=).
    with Session(engine) as session:
        oldest = session.exec(
            ledger._ledger_query(session, town, LedgerFilter(stages=[Stage.REGISTERED]))
            .order_by(col(Case.created_at), col(Case.id))
            .limit(1)
        ).one()
    case_links = [(text, params) for text, page, params in links(at) if page == "case"]
    assert any(
        text.startswith(oldest.number) and params == {"id": str(oldest.id)}
        for text, params in case_links
    ), case_links
    # "全部 n 件" opens the ledger with the same filter, and the ledger says n.
    for count in (waiting, overdue):
        home = app_as("coordinator")
        home.switch_page("pages/home.py").run()
        ledger_page = follow(home, texts.DESK_ALL.format(count=count))
        assert not ledger_page.exception
        captions = [c.value for c in ledger_page.caption]
        pages = max(1, -(-count // ledger.PAGE_SIZE))
        assert texts.LEDGER_TOTAL.format(total=count, page=1, pages=pages) in captions, captions
        unit_box = ledger_page.selectbox(key="cases-unit").proto
        assert (unit_box.default, unit_box.set_value) == (0, False)  # 全部, not an empty box


def numbers_of(engine: Engine, case_id: int) -> str:
    with Session(engine) as session:
        return session.exec(select(Case.number).where(col(Case.id) == case_id)).one()


def test_an_overdue_unit_opens_the_ledger_filtered_by_it(app_as, app_db) -> None:
    engine = make_engine(app_db)
    at = app_as("coordinator")
    at.switch_page("pages/home.py").run()
    unit_links = [
        (text, params) for text, _page, params in links(at) if params.get("overdue") == "1"
    ]
    by_unit = [(text, params) for text, params in unit_links if "unit" in params]
    assert by_unit, unit_links
    text, params = by_unit[0]
    count = int(text.rsplit("：", 1)[1].split(" ")[0])
    town = actor(engine, "coordinator")
    assert count == ledger_total(engine, town, overdue_only=True, unit_id=int(params["unit"]))
    filtered = follow(at, text)
    assert filtered.checkbox(key="cases-overdue").value is True
    assert filtered.selectbox(key="cases-unit").value == int(params["unit"])


def test_the_mediators_desk_their_cases_the_daily_report_and_their_requests(app_as, app_db) -> None:
    engine = make_engine(app_db)
    late = mediating_case_of_the_mediator(engine, deadline_days=-2)
    soon = mediating_case_of_the_mediator(engine, deadline_days=3)
    ask = extension_requests.ExtensionAsk(
        proposed_deadline=local_today() + timedelta(days=20), reason="当事人外出务工"
    )
    with write_session(engine) as session:
        extension_requests.request_extension(
            session, actor=actor(engine, "mediator"), case_id=soon, ask=ask
        )
    at = app_as("mediator")
    at.switch_page("pages/home.py").run()
    assert not at.exception
    assert f"{texts.DESK_MY_OPEN}（2）" in titles(at)
    # The request waits for the town's answer: the line says so and opens the case.
    assert texts.DESK_MY_REQUESTS in titles(at)
    request_line = texts.DESK_REQUEST_LINE.format(
        number=numbers_of(engine, soon),
        proposed=(local_today() + timedelta(days=20)).isoformat(),
        status=texts.label(RequestStatus.PENDING),
        note="",
    )
    assert (request_line, "case", {"id": str(soon)}) in links(at), links(at)
    case_lines = [(text, params["id"]) for text, page, params in links(at) if page == "case"]
    with Session(engine) as session:
        numbers = {i: session.get(Case, i).number for i in (late, soon)}  # type: ignore[union-attr]
    assert case_lines[:2] == [
        (
            f"{numbers[late]} · 东河村 · 调处中 · "
            + texts.DESK_DAYS_OVER.format(
                days=2, deadline=(local_today() - timedelta(days=2)).isoformat()
            ),
            str(late),
        ),
        (
            f"{numbers[soon]} · 东河村 · 调处中 · "
            + texts.DESK_DAYS_LEFT.format(
                days=3, deadline=(local_today() + timedelta(days=3)).isoformat()
            ),
            str(soon),
        ),
    ]
    # Today's daily report is not sent: a warning with the way to the reports page.
    warning = texts.DESK_REPORT_MISSING.format(day=local_today().isoformat())
    assert [w.value for w in at.warning] == [warning]
    assert (texts.DESK_GO_REPORT, "reports", {}) in links(at)
    reports = follow(at, texts.DESK_GO_REPORT)
    assert not reports.exception
    reports.button(key="reports-submit").click().run()
    assert not reports.exception
    reports.switch_page("pages/home.py").run()
    assert not [w for w in reports.warning if w.value == warning]


def test_the_leaders_desk_headline_flagged_cases_and_the_way_on(app_as, app_db) -> None:
    engine = make_engine(app_db)
    flagged = mediating_case_of_the_mediator(engine, deadline_days=5)
    with write_session(engine) as session:
        session.exec(update(Case).where(col(Case.id) == flagged).values(flagged=True))
        session.commit()
        number = session.get(Case, flagged).number  # type: ignore[union-attr]
    at = app_as("leader")
    at.switch_page("pages/home.py").run()
    assert not at.exception
    assert f"{texts.DESK_FLAGGED}（1）" in titles(at)
    # The plans' figures against their targets, as the dashboard shows them.
    assert [m.label for m in at.metric] == [texts.FIGURE_NAMES[f] for f in headline.ORDER]
    line = texts.DESK_CASE_LINE.format(
        number=number,
        unit="东河村",
        stage=texts.label(Stage.MEDIATING),
        left=texts.DESK_DAYS_LEFT.format(
            days=5, deadline=(local_today() + timedelta(days=5)).isoformat()
        ),
    ) + texts.DESK_FLAGGED_WORKED.format(day=local_today().isoformat())
    assert (line, "case", {"id": str(flagged)}) in links(at), links(at)
    pages = {
        page
        for text, page, _ in links(at)
        if text in (texts.DESK_GO_DASHBOARD, texts.DESK_GO_WEEKLY)
    }
    assert pages == {"dashboard", "weekly"}


def test_the_supervisors_desk_inspections_and_rectifications_to_check(app_as, app_db) -> None:
    engine = make_engine(app_db)
    with write_session(engine) as session:
        inspection = seed_inspection(session)  # 南湾村, submitted a week ago: two rectifications
        session.commit()
    supervisor = actor(engine, "supervisor")
    draft = sup.start(engine, supervisor, "QSZ01")
    first, second = sup.rectifications_of(engine, inspection)
    with write_session(engine) as session:
        rectifications.mark_done(
            session, actor=actor(engine, "med_qsz02"), rectification_id=first.id or 0, note="已整改"
        )
    with write_session(engine) as session:
        session.exec(
            update(Rectification)
            .where(col(Rectification.id) == second.id)
            .values(deadline=local_today() - timedelta(days=1))
        )
        session.commit()
    at = app_as("supervisor")
    at.switch_page("pages/home.py").run()
    assert not at.exception
    shown = titles(at)
    assert f"{texts.DESK_INSPECTIONS_OPEN}（1）" in shown, shown
    assert f"{texts.DESK_TO_CHECK}（1）" in shown, shown
    assert f"{texts.DESK_RECT_LATE}（1）" in shown, shown
    found = links(at)
    assert any(page == "inspections" and params == {"id": str(draft)} for _, page, params in found)
    late = [text for text, page, params in found if params == {"id": str(inspection)}]
    assert [t for t in late if t.startswith(texts.DESK_RECT_OVERDUE)], found
    opened = follow(at, late[0])
    assert not opened.exception
    assert any("南湾村" in s.value for s in opened.subheader)
    pages = {
        page
        for text, page, _ in found
        if text in (texts.DESK_GO_INSPECTIONS, texts.DESK_GO_REPORTS)
    }
    assert pages == {"inspections", "reports"}
