"""The inbox on the pages (AppTest): the coordinator's assignment reaches the mediator's
sidebar as one unread; the inbox lists it with a link to the case; 标为已读 and 全部标为已读
empty the count; opening the case marks its notifications read; the home page's urgent notices
(components.inbox_view.urgent_on_top)."""

import itertools
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.cases import moves
from db.cases.lifecycle import AssignPlan
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, NoticeKind, Risk
from db.models import Case, Notification, Unit, User
from tests.pages.conftest import PROJECT, sign_in
from tests.pages.test_case_life_below_pages import mediating_case


def _actor(session: Session, username: str) -> Actor:
    return Actor.of(session, session.exec(select(User).where(User.username == username)).one())


_serial = itertools.count(1)


def assigned_to_mediator(url: str) -> Case:
    """A 东河村 dispute registered by the town's coordinator and assigned to the mediator."""
    with Session(make_engine(url), expire_on_commit=False) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        mediator, coordinator = _actor(session, "mediator"), _actor(session, "coordinator")
        data = CaseCreate.model_validate(
            {
                "category": Category.NEIGHBOUR,
                "found_via": FoundVia.VISIT,
                "found_on": local_today(),
                "unit_id": village,
                "facts": f"两户因排水沟走向发生争执（第 {next(_serial)} 起）。",
                "risk": Risk.LOW,
                "parties": [PartyCreate(name="胡丽娟"), PartyCreate(name="郭桂兰")],
            }
        )
        case_id = register(session, actor=coordinator, data=data).id
        plan = AssignPlan(
            lead_leader_id=session.exec(select(User.id).where(User.username == "leader")).one(),
            responsible_unit_id=village,
            responsible_user_id=mediator.id,
            deadline=local_today() + timedelta(days=5),
            team="王刚、李梅",  # 五个一: an urgent case is a hard one
            measures="召集双方当面协商",
        )
        moves.assign(session, actor=coordinator, case_id=case_id, version=1, plan=plan)
        case = session.get(Case, case_id)
        assert case is not None
        return case


def inbox_label(at: AppTest) -> str:
    (label,) = [
        link.proto.label
        for link in at.sidebar.get("page_link")
        if link.proto.label.startswith(texts.PAGE_INBOX)
    ]
    return label


def lines(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.main.get("page_link")]


def test_an_assignment_shows_as_one_unread_and_its_line_opens_the_case(app_as, app_db) -> None:
    at = app_as("mediator")
    assert inbox_label(at) == texts.PAGE_INBOX
    case = assigned_to_mediator(app_db)
    at.switch_page("pages/inbox.py").run()
    assert not at.exception, at.exception
    assert inbox_label(at) == texts.INBOX_NAV_LABEL.format(count=1)
    (line,) = lines(at)
    assert case.number in line.replace("\\", "")
    (link,) = at.main.get("page_link")
    assert link.proto.page.endswith("case") or "case" in link.proto.page
    # the case page opened: its notification is read
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case.id)
    at.run()
    assert not at.exception, at.exception
    at.switch_page("pages/inbox.py").run()
    assert inbox_label(at) == texts.PAGE_INBOX


def test_mark_read_and_mark_all_read(app_as, app_db) -> None:
    at = app_as("mediator")
    first = assigned_to_mediator(app_db)
    assigned_to_mediator(app_db)
    at.switch_page("pages/inbox.py").run()
    assert inbox_label(at) == texts.INBOX_NAV_LABEL.format(count=2)
    with Session(make_engine(app_db)) as session:
        notice_id = session.exec(
            select(Notification.id).where(Notification.case_id == first.id)
        ).one()
    at.button(key=f"inbox-n{notice_id}-read").click().run()
    assert inbox_label(at) == texts.INBOX_NAV_LABEL.format(count=1)
    at.toggle(key="inbox-unread").set_value(True).run()
    assert len(lines(at)) == 1
    at.button(key="inbox-all-read").click().run()
    assert inbox_label(at) == texts.PAGE_INBOX
    assert at.info[0].value == texts.INBOX_EMPTY  # only unread shown, and none is


def test_the_filter_by_kind(app_as, app_db) -> None:
    assigned_to_mediator(app_db)
    at = app_as("mediator")
    at.switch_page("pages/inbox.py").run()
    at.multiselect(key="inbox-kinds").set_value([NoticeKind.URGENT]).run()
    assert lines(at) == []
    at.multiselect(key="inbox-kinds").set_value([NoticeKind.ASSIGNED]).run()
    assert len(lines(at)) == 1


HOME_TOP = """
from components.inbox_view import urgent_on_top
from components.session import require_user

urgent_on_top(require_user("home"))
"""


def test_urgent_notices_on_top_for_the_coordinator(app_db, tmp_path: Path) -> None:
    """What pages/home.py will draw first (the merger wires it in): a script beside the real
    pages, so that its links resolve as the home page's do."""
    case = mediating_case(app_db, group_risk=True, people_involved=30)
    (tmp_path / "pages").symlink_to(PROJECT / "pages")
    script = tmp_path / "home_top.py"
    script.write_text(HOME_TOP, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=30)
    at.run()
    sign_in(at, "coordinator")
    assert not at.exception, at.exception
    assert at.error[0].value == texts.INBOX_URGENT_TITLE
    assert [label.replace("\\", "") for label in lines(at)] == [
        texts.NOTICE_TITLE.format(number=case.number, what=texts.NOTICE_FIXED["urgent"])
    ]
    # the mediator who registered it is not told of their own case: nothing on top
    other = AppTest.from_file(str(script), default_timeout=30)
    other.run()
    sign_in(other, "mediator")
    assert not other.exception, other.exception
    assert (list(other.error), lines(other)) == ([], [])
