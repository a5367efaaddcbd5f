"""Inspections: scoring with weights and N/A, conclusions, read-only after submission, template
versions, and who may inspect (db.supervision.inspections, db.supervision.checklists), on both engines.

The default checklist's weights by position: 10, 5, 10, 5, 10, 15, 10, 15, 10, 10 (100 in all).
"""

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import (
    AuditAction,
    Conclusion,
    EvidenceFigure,
    InspectionStatus,
    RectificationStatus,
    Role,
    TickResult,
)
from db.models import AuditLog, ChecklistTemplate
from db.supervision import checklists, inspections, scoring
from tests.db.factories import add_user
from tests.db.supervision_helpers import (
    default_template,
    items,
    load,
    rectifications_of,
    start,
    stored,
    submit,
    tick,
    tick_all,
)

P, F, NA = TickResult.PASS, TickResult.FAIL, TickResult.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("results", "score", "conclusion"),
    [
        # 2 failed (5), 7 not applicable (10): 85 passed of 90 applicable.
        ({2: F, 7: NA}, 85 / 90, Conclusion.EXCELLENT),
        # 6 and 8 failed (15 + 15), 4 not applicable (5): 65 of 95.
        ({6: F, 8: F, 4: NA}, 65 / 95, Conclusion.PASS),
        # 1, 3, 5, 6, 8 failed (10 + 10 + 10 + 15 + 15): 40 of 100.
        ({1: F, 3: F, 5: F, 6: F, 8: F}, 40 / 100, Conclusion.FAIL),
    ],
)
def test_score_is_passed_weight_over_applicable_weight(
    engine: Engine, actors: dict[str, Actor], results, score: float, conclusion: Conclusion
) -> None:
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor)
    tick_all(engine, supervisor, inspection_id, results)
    view = submit(engine, supervisor, inspection_id)
    assert view.score == pytest.approx(score)
    assert view.conclusion == conclusion
    assert view.status == InspectionStatus.SUBMITTED
    failed = sum(1 for r in results.values() if r == F)
    assert len(rectifications_of(engine, inspection_id)) == failed


def test_thresholds_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert scoring.conclusion_for(0.85) == Conclusion.PASS  # defaults 0.90 / 0.60
    monkeypatch.setenv("SUPERVISION_EXCELLENT_AT", "0.8")
    monkeypatch.setenv("SUPERVISION_PASS_AT", "0.7")
    assert [scoring.conclusion_for(s) for s in (0.85, 0.75, 0.65)] == [
        Conclusion.EXCELLENT,
        Conclusion.PASS,
        Conclusion.FAIL,
    ]


def test_each_tick_is_saved_at_once_and_a_later_tick_replaces_it(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor)
    first, second = load(engine, supervisor, inspection_id).items[:2]
    tick(engine, supervisor, inspection_id, first.item_id, F, "主任未明确")
    tick(engine, supervisor, inspection_id, second.item_id, P)
    tick(engine, supervisor, inspection_id, first.item_id, P)  # changed on second thought
    again = load(engine, supervisor, inspection_id)  # as another device would read it
    assert [(i.result, i.note) for i in again.items[:3]] == [(P, "主任未明确"), (P, ""), (None, "")]
    assert again.ticked == 2


def test_a_submitted_inspection_is_read_only(engine: Engine, actors: dict[str, Actor]) -> None:
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor)
    tick_all(engine, supervisor, inspection_id, {})
    submit(engine, supervisor, inspection_id)
    item = load(engine, supervisor, inspection_id).items[0]
    with pytest.raises(inspections.InspectionRefused, match=texts.SUP_E_SUBMITTED):
        tick(engine, supervisor, inspection_id, item.item_id, F, "改一下")
    with pytest.raises(inspections.InspectionRefused, match=texts.SUP_E_SUBMITTED):
        submit(engine, supervisor, inspection_id)
    assert load(engine, supervisor, inspection_id).items[0].result == P
    assert stored(engine, inspection_id).score == 1.0


@pytest.mark.parametrize(
    ("results", "message"),
    [
        ("unticked", texts.SUP_E_UNTICKED.format(count=1)),
        ("bare_fail", texts.SUP_E_EVIDENCE.format(items="调委会组织健全，主任明确到人")),
        ("all_na", texts.SUP_E_NOTHING_APPLIES),
    ],
)
def test_a_submission_that_cannot_be_scored_is_refused_and_changes_nothing(
    engine: Engine, actors: dict[str, Actor], results: str, message: str
) -> None:
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor)
    view = load(engine, supervisor, inspection_id)
    for position, item in enumerate(view.items, start=1):
        if results == "unticked" and position == 10:
            continue
        result = NA if results == "all_na" else P
        if results == "bare_fail" and position == 1:  # evidence required, no note, no photo
            result = F
        tick(engine, supervisor, inspection_id, item.item_id, result)
    with pytest.raises(inspections.InspectionRefused) as refused:
        submit(engine, supervisor, inspection_id)
    assert str(refused.value) == message
    after = stored(engine, inspection_id)
    assert (after.status, after.score, after.conclusion) == (InspectionStatus.DRAFT, None, None)
    assert rectifications_of(engine, inspection_id) == []


def test_editing_a_template_makes_a_new_version_and_old_inspections_keep_theirs(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    supervisor, admin = actors["supervisor"], actors["admin"]
    old_id = default_template(engine)
    before = start(engine, supervisor)
    draft = checklists.default_draft()
    draft.items[0].weight = 50  # the committee item now weighs 50
    draft.items.append(checklists.ItemDraft(section="化解成效", text="调解卷宗规范归档", weight=5))
    with write_session(engine) as session:
        new = checklists.save_version(session, actor=admin, draft=draft, key=checklists.DEFAULT_KEY)
    assert new.version == 2
    with Session(engine) as session:
        versions = session.exec(
            select(ChecklistTemplate.version, ChecklistTemplate.is_current).order_by(
                ChecklistTemplate.version
            )
        ).all()
        audited = session.exec(select(AuditLog).where(AuditLog.action == AuditAction.UPDATE)).all()
    assert list(versions) == [(1, False), (2, True)]
    assert [a.target for a in audited] == [f"checklist:{new.id}"]
    assert len(items(engine, old_id)) == 10 and len(items(engine, new.id)) == 11
    # The inspection started before the edit keeps the old items and their weights.
    tick_all(engine, supervisor, before, {1: F})
    assert submit(engine, supervisor, before).score == pytest.approx(90 / 100)
    after = start(engine, supervisor, template_id=new.id)
    tick_all(engine, supervisor, after, {1: F})
    assert len(load(engine, supervisor, after).items) == 11
    assert submit(engine, supervisor, after).score == pytest.approx(95 / 145)
    # An old version can no longer start an inspection.
    with pytest.raises(inspections.InspectionRefused, match=texts.SUP_E_TEMPLATE):
        start(engine, supervisor, template_id=old_id)


@pytest.mark.parametrize("username", ["supervisor", "coordinator", "mediator", "leader"])
def test_only_admins_edit_templates(engine: Engine, actors: dict[str, Actor], username) -> None:
    default_template(engine)
    with write_session(engine) as session, pytest.raises(NotAllowed):
        checklists.save_version(session, actor=actors[username], draft=checklists.default_draft())


@pytest.mark.parametrize("username", ["admin", "coordinator", "mediator", "leader"])
def test_only_supervisors_inspect(engine: Engine, actors: dict[str, Actor], username) -> None:
    supervisor_inspection = start(engine, actors["supervisor"])
    with pytest.raises(NotAllowed):
        start(engine, actors[username])
    item = load(engine, actors["supervisor"], supervisor_inspection).items[0]
    with pytest.raises(NotAllowed):
        tick(engine, actors[username], supervisor_inspection, item.item_id, P)
    with pytest.raises(NotAllowed):
        submit(engine, actors[username], supervisor_inspection)


def test_a_supervisor_inspects_only_units_in_scope(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    town_team = add_user(engine, "sup_lwz", "柳湾镇督查组", Role.SUPERVISOR, "LWZ")
    start(engine, town_team, "LWZ01")  # its own village
    with pytest.raises(OutOfScope):
        start(engine, town_team, "QSZ01")
    county_inspection = start(engine, actors["supervisor"], "QSZ01")
    with pytest.raises(OutOfScope):
        load(engine, town_team, county_inspection)


def test_the_visit_date_cannot_be_in_the_future(engine: Engine, world) -> None:
    with pytest.raises(ValueError, match=texts.V_FUTURE_DATE):
        inspections.InspectionStart(
            template_id=1,
            unit_id=world.county_id,
            visited_on=local_today().replace(year=local_today().year + 1),
            team="陈静",
        )


@pytest.mark.parametrize(
    "enum", [TickResult, InspectionStatus, Conclusion, RectificationStatus, EvidenceFigure]
)
def test_every_supervision_code_has_a_chinese_label(enum) -> None:
    assert [m for m in enum if not any("\u4e00" <= ch <= "\u9fff" for ch in texts.label(m))] == []
