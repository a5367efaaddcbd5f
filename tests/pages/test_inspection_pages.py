"""The inspections page as a supervisor uses it on site, and the rectifications page as the
inspected village answers: driven with AppTest through the real login."""

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.clock import local_today
from db.core.engine import make_engine
from db.demo.supervision import seed_inspection
from db.enums import Conclusion, InspectionStatus, RectificationStatus, TickResult
from db.models import ChecklistTemplate, Inspection, InspectionResult, Rectification, Unit
from db.supervision.checklists import ensure_default_template
from tests.pages.pages_helpers import offered_file


@pytest.fixture
def app_with_checklist(app_db: str) -> str:
    engine = make_engine(app_db)
    with Session(engine) as session:
        ensure_default_template(session)
    engine.dispose()
    return app_db


def village_id(url: str, code: str = "QSZ01") -> int:
    with Session(make_engine(url)) as session:
        return session.exec(select(Unit.id).where(Unit.code == code)).one()


def inspections_page(app_as, username: str = "supervisor") -> AppTest:
    at = app_as(username)
    at.switch_page("pages/inspections.py")
    return at.run()


def start_inspection(at: AppTest, url: str) -> int:
    at.selectbox(key="insp-unit").select(village_id(url))
    at.text_input(key="insp-team").input("陈静、王磊")
    at.button(key="insp-start").click().run()
    assert not at.exception, at.exception
    assert texts.SUP_STARTED in [s.value for s in at.success]
    opened = at.query_params["id"]
    return int(opened[0] if isinstance(opened, list) else opened)


def tick_keys(at: AppTest) -> list[str]:
    return [w.key for w in at.segmented_control if w.key and w.key.startswith("insp-tick-")]


def stored_results(url: str, inspection_id: int) -> list[TickResult | None]:
    with Session(make_engine(url)) as session:
        rows = session.exec(
            select(InspectionResult.result)
            .where(InspectionResult.inspection_id == inspection_id)
            .order_by(InspectionResult.item_id)
        ).all()
        return list(rows)


def submit(at) -> None:  # type: ignore[no-untyped-def]
    """提交督查, then 确认提交 in the confirmation that the first click brings."""
    at.button(key="insp-submit").click().run()
    at.button(key="insp-confirm").click().run()


def test_submitting_asks_for_a_confirmation_and_going_back_changes_nothing(
    app_as, app_with_checklist: str
) -> None:
    url = app_with_checklist
    at = inspections_page(app_as)
    visit_day = at.date_input(key="insp-date")
    assert visit_day.value == local_today() and visit_day.proto.format == "YYYY-MM-DD"
    inspection_id = start_inspection(at, url)
    for key in tick_keys(at):
        at.segmented_control(key=key).set_value(TickResult.PASS).run()
    at.button(key="insp-submit").click().run()
    assert texts.SUP_SUBMIT_CONFIRM.format(done=10, total=10) in [w.value for w in at.warning]
    with Session(make_engine(url)) as session:
        assert session.get(Inspection, inspection_id).status == InspectionStatus.DRAFT
    at.button(key="insp-cancel").click().run()
    assert texts.SUP_SUBMIT_CONFIRM.format(done=10, total=10) not in [w.value for w in at.warning]
    assert len(tick_keys(at)) == 10  # still the checklist, still a draft
    with Session(make_engine(url)) as session:
        assert session.get(Inspection, inspection_id).status == InspectionStatus.DRAFT
    submit(at)
    with Session(make_engine(url)) as session:
        assert session.get(Inspection, inspection_id).status == InspectionStatus.SUBMITTED


def test_a_ledger_figure_says_what_it_counts(app_as, app_with_checklist: str) -> None:
    at = inspections_page(app_as)
    start_inspection(at, app_with_checklist)
    captions = [c.value for c in at.caption if c.value.startswith("台账数据")]
    assert captions
    for figure, what in texts.SUP_FIG_WHAT.items():
        if any(texts.label(figure) in c for c in captions):
            assert any(texts.label(figure) in c and what in c for c in captions)
    assert all(any(what in c for what in texts.SUP_FIG_WHAT.values()) for c in captions)


def test_a_supervisor_ticks_items_each_saved_at_once_and_continues_in_a_new_session(
    app_as, app_with_checklist: str
) -> None:
    url = app_with_checklist
    at = inspections_page(app_as)
    inspection_id = start_inspection(at, url)
    keys = tick_keys(at)
    assert len(keys) == 10
    for key in keys[:4]:
        at.segmented_control(key=key).set_value(TickResult.PASS).run()
    at.segmented_control(key=keys[4]).set_value(TickResult.FAIL).run()
    at.text_input(key=keys[4].replace("tick", "note")).input("例会记录缺失").run()
    assert not at.exception, at.exception
    assert stored_results(url, inspection_id)[:6] == [TickResult.PASS] * 4 + [TickResult.FAIL, None]
    # Another device: a new session, signed in again, opens the draft from the list.
    again = inspections_page(app_as)
    again.button(key=f"insp-open-{inspection_id}").click().run()
    assert [again.segmented_control(key=k).value for k in keys[:6]] == [TickResult.PASS] * 4 + [
        TickResult.FAIL,
        None,
    ]
    assert again.text_input(key=keys[4].replace("tick", "note")).value == "例会记录缺失"
    # Submitting with items left is refused; ticking the rest and submitting scores it.
    submit(again)
    assert texts.SUP_E_UNTICKED.format(count=5) in [e.value for e in again.error]
    for key in keys[5:]:
        again.segmented_control(key=key).set_value(TickResult.PASS).run()
    submit(again)
    assert not again.exception, again.exception
    # Item 5 (weight 10) failed: 90 of 100, 优秀 at the default thresholds.
    assert texts.SUP_SUBMITTED.format(score=90.0, conclusion="优秀") in [
        s.value for s in again.success
    ]
    with Session(make_engine(url)) as session:
        inspection = session.get(Inspection, inspection_id)
        made = session.exec(
            select(Rectification).where(Rectification.inspection_id == inspection_id)
        ).all()
    assert (inspection.status, inspection.conclusion) == (
        InspectionStatus.SUBMITTED,
        Conclusion.EXCELLENT,
    )
    assert [r.requirement for r in made] == ["定期召开调解工作例会，记录完整：例会记录缺失"]
    # Read-only now: the answers are a table, and the rectification is shown.
    assert tick_keys(again) == []
    assert "定期召开调解工作例会，记录完整：例会记录缺失" in [t.value for t in again.text]


def test_the_village_answers_its_rectification_and_the_supervisor_closes_it(
    app_as, app_with_checklist: str
) -> None:
    url = app_with_checklist
    at = inspections_page(app_as)
    inspection_id = start_inspection(at, url)
    keys = tick_keys(at)
    for key in keys:
        at.segmented_control(key=key).set_value(TickResult.PASS).run()
    at.segmented_control(key=keys[2]).set_value(TickResult.FAIL).run()
    at.text_input(key=keys[2].replace("tick", "note")).input("无调解室标识").run()
    submit(at)
    with Session(make_engine(url)) as session:
        rect_id = session.exec(
            select(Rectification.id).where(Rectification.inspection_id == inspection_id)
        ).one()
    village = app_as("mediator")
    village.switch_page("pages/rectifications.py")
    village.run()
    village.text_area(key=f"rect-{rect_id}-note").input("已制作并悬挂调解室标牌")
    village.button(key=f"rect-{rect_id}-done").click().run()
    assert not village.exception, village.exception
    assert texts.SUP_RECT_SAVED in [s.value for s in village.success]
    other = app_as("med_qsz02")  # another village sees nothing of it
    other.switch_page("pages/rectifications.py")
    other.run()
    assert texts.SUP_RECT_NONE in [i.value for i in other.info]
    check = inspections_page(app_as)
    check.text_area(key=f"insp-rect-{rect_id}-vnote").input("现场核查，标牌已悬挂")
    check.button(key=f"insp-rect-{rect_id}-close").click().run()
    with Session(make_engine(url)) as session:
        done = session.get(Rectification, rect_id)
    assert (done.status, done.done_note, done.verification_note) == (
        RectificationStatus.CLOSED,
        "已制作并悬挂调解室标牌",
        "现场核查，标牌已悬挂",
    )


@pytest.mark.parametrize("username", ["coordinator", "mediator", "leader"])
def test_only_supervisors_open_the_inspections_page(app_as, app_with_checklist, username) -> None:
    at = inspections_page(app_as, username)
    assert texts.E_PAGE_NOT_ALLOWED in [e.value for e in at.error]
    assert [b for b in at.button if b.key == "insp-start"] == []


def test_an_admin_saves_the_checklist_as_a_new_version(app_as, app_with_checklist: str) -> None:
    at = app_as("admin")
    at.switch_page("pages/admin.py")
    at.run()
    editor = at.data_editor(key="admin-checklist-items-default")
    assert len(editor.value) == 10
    at.text_input(key="admin-checklist-name-default").input("督查清单（2027 版）")
    at.button(key="admin-checklist-save").click().run()
    assert not at.exception, at.exception
    assert texts.SUP_ADMIN_SAVED.format(name="督查清单（2027 版）", version=2) in [
        s.value for s in at.success
    ]
    with Session(make_engine(app_with_checklist)) as session:
        versions = session.exec(
            select(
                ChecklistTemplate.name, ChecklistTemplate.version, ChecklistTemplate.is_current
            ).order_by(ChecklistTemplate.version)
        ).all()
    assert list(versions) == [
        (texts.SUP_DEFAULT_TEMPLATE_NAME, 1, False),
        ("督查清单（2027 版）", 2, True),
    ]


def test_tapping_the_chosen_answer_again_keeps_it(app_as, app_with_checklist: str) -> None:
    at = inspections_page(app_as)
    inspection_id = start_inspection(at, app_with_checklist)
    key = tick_keys(at)[0]
    at.segmented_control(key=key).set_value(TickResult.FAIL).run()
    at.segmented_control(key=key).set_value(None).run()
    assert at.segmented_control(key=key).value == TickResult.FAIL
    assert stored_results(app_with_checklist, inspection_id)[0] == TickResult.FAIL


def test_the_bulletin_ranks_the_demo_inspection_and_downloads_as_xlsx(
    app_as, app_with_checklist: str
) -> None:
    with Session(make_engine(app_with_checklist)) as session:
        seed_inspection(session)  # 南湾村, a week ago: 75, 合格, two rectifications
    at = inspections_page(app_as)
    tables = [d.value for d in at.dataframe]
    ranking = [t for t in tables if list(t.columns) == list(texts.SUP_RANKING_COLUMNS)]
    assert [t.values.tolist() for t in ranking] == [[[1, "南湾村", 1, 75.0, "合格"]]]
    assert f"**{texts.SUP_BULLETIN_RECTS.format(count=2, overdue=0)}**" in [
        m.value for m in at.markdown
    ]
    at.button(key="bulletin-make").click().run()
    assert not at.exception, at.exception
    offered = offered_file(at, "bulletin-download")
    assert offered.offer.what == "bulletin" and offered.offer.file_name.startswith("督查通报-")


def test_a_rectification_photo_is_shown_through_the_sessions_own_address(
    app_as, app_with_checklist: str
) -> None:
    """Not st.image (served at /media/ to anyone): an <img> whose file/<token> address gives the
    photo only to this session's user, read with their scope check when fetched."""
    import io as _io

    from PIL import Image

    from db.core.actor import Actor
    from db.core.engine import write_session
    from db.io.delivery import STORE
    from db.models import User
    from db.supervision import rectifications

    picture = _io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, format="PNG")
    engine = make_engine(app_with_checklist)
    with Session(engine) as session:
        seed_inspection(session)  # 南湾村, two open rectifications
        rect = session.exec(select(Rectification).order_by(Rectification.id)).first()
        village = Actor.of(
            session, session.exec(select(User).where(User.username == "med_qsz02")).one()
        )
    with write_session(engine) as session:
        rectifications.mark_done(
            session,
            actor=village,
            rectification_id=rect.id,
            note="已整改",
            photo=picture.getvalue(),
        )
    at = app_as("med_qsz02")
    at.switch_page("pages/rectifications.py").run()
    assert not at.exception, at.exception
    assert not at.get("imgs"), "a photo handed to Streamlit's media store"
    [img] = [h.proto.body for h in at.get("html") if 'class="dd-photo"' in h.proto.body]
    entry = STORE.get(img.split('src="file/', 1)[1].split('"', 1)[0])
    assert entry is not None and entry.username == "med_qsz02" and not entry.offer.audited
    with Session(engine) as session:
        assert entry.loader(session, village) == picture.getvalue()
