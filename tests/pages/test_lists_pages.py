"""Issue 21's lists on the demo: a case number in the ledger and the weekly pack opens the case in
the same session (one click); the board shows compact cards and a "显示更多" per column."""

from datetime import timedelta

from sqlmodel import Session, func, select

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Move, Stage
from db.models import Case, User
from db.reports.weekly import weekly_pack
from tests.db.factories import new_case
from tests.pages.pages_helpers import click_in_page_link
from tests.pages.test_workflow_pages import registered_case


def _h1(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.value for t in at.title]


def test_a_click_on_a_ledger_number_opens_the_case_in_the_same_session(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    frame = at.dataframe[0].value
    number = frame[texts.FIELDS["number"]][2]
    with Session(make_engine(app_db)) as session:
        case_id = session.exec(select(Case.id).where(Case.number == number)).one()
    # What a click on the third row's number cell sends back to the script.
    at.session_state["cases-table-grid"] = {
        "selection": {"rows": [], "columns": [], "cells": [[2, texts.FIELDS["number"]]]}
    }
    at.run()
    assert not at.exception, at.exception
    assert any(number in t for t in _h1(at)), _h1(at)
    assert at.query_params.get("id") in (str(case_id), [str(case_id)])


def test_a_click_on_another_cell_stays_on_the_ledger(app_as) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.session_state["cases-table-grid"] = {
        "selection": {"rows": [], "columns": [], "cells": [[2, texts.FIELDS["facts"]]]}
    }
    at.run()
    assert not at.exception, at.exception
    assert _h1(at) == [texts.PAGE_CASES]


def test_the_ledger_filters_by_responsible_person_and_shows_the_column(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    people = at.selectbox(key="cases-person")
    name = "东河村调解员 孙丽"
    people.select(next(o for o in people.options if o == name)).run()
    frame = at.dataframe[0].value
    F = texts.FIELDS
    assert len(frame) > 0
    assert set(frame[F["responsible"]]) == {name}
    leaders = set(frame[F["lead_leader"]])
    leader = sorted(leaders)[0]
    at.text_input(key="cases-leader").input(leader[-2:]).run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) <= len(frame)
    assert all(leader[-2:] in v for v in narrowed[F["lead_leader"]])


def test_a_board_column_shows_more_when_asked_and_says_how_many_are_left(app_as, app_db) -> None:
    engine = make_engine(app_db)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "mediator")).one()
        mediator = Actor.of(session, user)
    for _ in range(25):  # more than 20 waiting to be assigned in the county
        new_case(engine, mediator, "QSZ01")
    at = app_as("county_coord")
    at.switch_page("pages/kanban.py").run()
    assert not at.exception, at.exception
    stage = Stage.REGISTERED
    button = at.button(key=f"kanban-more-{stage.value}")
    with Session(make_engine(app_db)) as session:
        total = session.exec(select(func.count()).where(Case.stage == stage)).one()
    assert total > 25
    assert button.label == texts.BOARD_MORE.format(rest=total - 20)
    shown = texts.BOARD_COUNT.format(count=total, shown=20)
    assert shown in [c.value for c in at.caption]
    button.click().run()
    assert not at.exception, at.exception
    now = min(total, 40)
    assert texts.BOARD_COUNT.format(count=total, shown=now) in [c.value for c in at.caption]
    keys = [str(b.key) for b in at.button]
    if total > 40:
        assert at.button(key=f"kanban-more-{stage.value}").label == texts.BOARD_MORE.format(
            rest=total - 40
        )
    else:
        assert f"kanban-more-{stage.value}" not in keys


def test_a_move_on_the_board_is_told_in_a_toast_not_at_the_page_top(app_as, app_db) -> None:
    case = registered_case(app_db)
    at = app_as("coordinator")
    at.switch_page("pages/kanban.py").run()
    click_in_page_link(at, f"move-{case.id}-assign", key="kanban-links")
    at.button(key="kanban-dialog-assign-submit").click().run()
    assert not at.exception, at.exception
    done = texts.MOVE_DONE.format(move=texts.label(Move.ASSIGN))
    assert [t.value for t in at.toast] == [texts.BOARD_MOVED.format(number=case.number, done=done)]
    assert not at.success, [s.value for s in at.success]
    with Session(make_engine(app_db)) as session:
        assert session.get(Case, case.id).stage == Stage.ASSIGNED  # type: ignore[union-attr]


def test_a_click_on_a_number_in_the_weekly_pack_opens_the_case(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/weekly.py").run()
    S, C = texts.WEEKLY_SECTIONS, texts.WEEKLY_COLS
    with_rows = [
        name
        for name in ("long_overdue", "still_unassigned", "new_cases", "waiting_follow_up")
        if not any(m.value == f"**{S[name]}（0）**" for m in at.markdown)
    ]
    assert with_rows, [m.value for m in at.markdown]
    name = with_rows[0]
    with Session(make_engine(app_db)) as session:
        user = session.exec(select(User).where(User.username == "coordinator")).one()
        pack = weekly_pack(
            session, actor=Actor.of(session, user), week_start=local_today() - timedelta(days=7)
        )
    first = getattr(pack, name)[0]
    at.session_state[f"weekly-table-{name}"] = {
        "selection": {"rows": [], "columns": [], "cells": [[0, C["number"]]]}
    }
    at.run()
    assert not at.exception, at.exception
    assert any(first.number in t for t in _h1(at)), _h1(at)
    assert at.query_params.get("id") in (str(first.id), [str(first.id)])
