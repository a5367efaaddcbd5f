"""周研判 driven as a user would: the coordinator reads last week's pack, writes a decision on a
case from it, and downloads the pack."""

import io
import json
from datetime import timedelta

from openpyxl import load_workbook
from sqlmodel import Session, col, func, select

from db import texts
from db.clock import local_today
from db.core.engine import make_engine
from db.models import AuditLog, Case, CaseEvent, Unit
from db.reports.weekly import week_of
from tests.pages.pages_helpers import link_labels, offered_file


def new_in_week(url: str, start, end) -> int:
    """By hand: cases found in the week in 青石镇's villages (the coordinator's scope)."""
    engine = make_engine(url)
    with Session(engine) as session:
        path = session.exec(select(Unit.path).where(Unit.code == "QSZ")).one()
        ids = session.exec(select(Unit.id).where(col(Unit.path).startswith(path))).all()
        n = session.exec(
            select(func.count()).where(
                col(Case.unit_id).in_(ids), Case.found_on >= start, Case.found_on <= end
            )
        ).one()
    engine.dispose()
    return n


def test_the_coordinator_reads_the_pack_and_writes_a_decision_back(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/weekly.py").run()
    assert not at.exception
    start, end = week_of(local_today() - timedelta(days=7))
    assert at.subheader[0].value == texts.WEEKLY_HEADER.format(scope="青石镇", start=start, end=end)
    heading = texts.WEEKLY_SECTIONS["new_cases"]
    shown = [m.value for m in at.markdown if m.value.startswith(f"**{heading}（")]
    assert shown == [f"**{heading}（{new_in_week(app_db, start, end)}）**"]

    case_box = at.selectbox(key="weekly-case")
    number = case_box.options[0]
    at.text_area(key="weekly-note").input("由镇综治办牵头，本周内组织调解")
    at.button(key="weekly-save").click().run()
    assert texts.WEEKLY_DECISION_SAVED.format(number=number) in [s.value for s in at.success]
    engine = make_engine(app_db)
    with Session(engine) as session:
        case_id = session.exec(select(Case.id).where(Case.number == number)).one()
        last = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id).desc())
        ).first()
    engine.dispose()
    assert last.kind == "note"
    assert json.loads(last.detail)["note"] == "由镇综治办牵头，本周内组织调解"


def test_the_pack_downloads_as_a_workbook_and_the_download_is_audited(app_as, app_db) -> None:
    at = app_as("leader")
    at.switch_page("pages/weekly.py").run()
    at.button(key="weekly-make").click().run()
    assert not at.exception
    engine = make_engine(app_db)
    with Session(engine) as session:
        audits = session.exec(select(AuditLog).where(AuditLog.target == "weekly")).all()
    engine.dispose()
    assert len(audits) == 1 and audits[0].action == "export"
    assert link_labels(at) == [texts.WEEKLY_DOWNLOAD]
    start, _end = week_of(local_today() - timedelta(days=7))
    offered = offered_file(at, "weekly-download")  # what the link hands to this session
    assert offered.offer.file_name == f"周研判-{start}.xlsx"
    book = load_workbook(io.BytesIO(offered.data))
    assert book.sheetnames[0] == "说明" and texts.WEEKLY_SECTIONS["flagged"] in book.sheetnames


def test_the_meeting_hands_out_ticked_cases_and_the_minutes_are_offered(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/weekly.py").run()
    ticks = [c for c in at.checkbox if str(c.key).startswith("weekly-assign-")]
    assert ticks  # the demo's pack has a case to hand out
    numbers = [t.label for t in ticks]
    for tick in ticks:
        tick.check()
    at.text_input(key="weekly-assign-attendees").input("赵强、孙丽")
    at.button(key="weekly-assign-submit").click().run()
    assert not at.exception and not at.error
    done = texts.HANDOUT_DONE.format(count=len(numbers), numbers="、".join(numbers))
    assert done in [s.value for s in at.success]
    engine = make_engine(app_db)
    with Session(engine) as session:
        stages = session.exec(select(Case.stage).where(col(Case.number).in_(numbers))).all()
    engine.dispose()
    assert stages == ["assigned"] * len(numbers)
    assert link_labels(at)[-2:] == [texts.MINUTES_DOWNLOAD["xlsx"], texts.MINUTES_DOWNLOAD["docx"]]
    offered = offered_file(at, "weekly-minutes-docx")
    start, _end = week_of(local_today() - timedelta(days=7))
    assert offered.offer.file_name == f"研判会议纪要-{start}.docx"


def test_a_case_changed_after_the_page_was_drawn_is_refused_as_stale(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/weekly.py").run()
    tick = next(c for c in at.checkbox if str(c.key).startswith("weekly-assign-"))
    number = tick.label
    engine = make_engine(app_db)
    with Session(engine) as session:  # someone else's change, after the page showed the case
        case = session.exec(select(Case).where(Case.number == number)).one()
        case.version += 1
        session.add(case)
        session.commit()
    engine.dispose()
    tick.check()
    at.text_input(key="weekly-assign-attendees").input("赵强")
    at.run()
    assert texts.HANDOUT_CHANGED.format(number=number) in [w.value for w in at.warning]
    at.button(key="weekly-assign-submit").click().run()
    refused = [e.value for e in at.error]
    assert len(refused) == 1 and refused[0].startswith(f"{number} 未交办：该案件已被")
