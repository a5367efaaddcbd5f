"""Rectifications from failed items: who answers and who closes them, overdue ones, the counts
for the dashboard; and the photos taken on site (db.supervision.rectifications, db.supervision.photos)."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import RectificationStatus, Role, TickResult
from db.models import Rectification, SupervisionPhoto
from db.supervision import photos, rectifications
from tests.db.factories import add_user
from tests.db.supervision_helpers import load, rectifications_of, start, submit, tick_all

F = TickResult.FAIL


def inspected(engine: Engine, actors: dict[str, Actor], unit: str = "QSZ01") -> int:
    """An inspection of the unit with items 3 and 8 failed, submitted."""
    inspection_id = start(engine, actors["supervisor"], unit)
    tick_all(engine, actors["supervisor"], inspection_id, {3: F, 8: F})
    submit(engine, actors["supervisor"], inspection_id)
    return inspection_id


def answer(engine: Engine, actor: Actor, rect_id: int, note: str = "已整改") -> None:
    with write_session(engine) as session:
        rectifications.mark_done(session, actor=actor, rectification_id=rect_id, note=note)


def close(engine: Engine, actor: Actor, rect_id: int, note: str = "现场核查属实") -> None:
    with write_session(engine) as session:
        rectifications.close(session, actor=actor, rectification_id=rect_id, note=note)


def counts(engine: Engine, actor: Actor, unit_id: int | None = None):
    with Session(engine) as session:
        return rectifications.open_rectifications(session, actor, unit_id)


def test_each_failed_item_becomes_a_rectification_for_the_inspected_unit(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECTIFICATION_DAYS", "10")
    inspection_id = inspected(engine, actors)
    made = rectifications_of(engine, inspection_id)
    unit = load(engine, actors["supervisor"], inspection_id).unit_id
    assert [(r.unit_id, r.requirement, r.deadline, r.status) for r in made] == [
        (unit, "设有人民调解室，标识规范：第 3 项问题", local_today() + timedelta(days=10), "open"),
        (unit, "无无故超期未化解的案件：第 8 项问题", local_today() + timedelta(days=10), "open"),
    ]


def test_the_unit_answers_and_only_a_supervisor_closes(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    first, second = (r.id for r in rectifications_of(engine, inspected(engine, actors)))
    with pytest.raises(rectifications.RectificationRefused, match=texts.SUP_E_RECT_NOT_DONE):
        close(engine, actors["supervisor"], first)  # not answered yet
    with pytest.raises(NotAllowed):
        answer(engine, actors["supervisor"], first)  # the inspector does not answer
    answer(engine, actors["mediator"], first, "调解室已挂牌")  # 东河村's own mediator
    answer(engine, actors["coordinator"], second)  # the town's coordinator, for its village
    with pytest.raises(rectifications.RectificationRefused, match=texts.SUP_E_RECT_ANSWERED):
        answer(engine, actors["mediator"], first)
    with pytest.raises(NotAllowed):
        close(engine, actors["coordinator"], first)  # the unit cannot close its own
    with pytest.raises(rectifications.RectificationRefused, match=texts.SUP_E_NOTE_REQUIRED):
        close(engine, actors["supervisor"], first, "  ")
    close(engine, actors["supervisor"], first)
    rows = {r.id: r for r in rectifications_of(engine, inspected(engine, actors, "QSZ02"))}
    assert rows  # another unit's, untouched
    with Session(engine) as session:
        done = session.get(Rectification, first)
        assert (done.status, done.done_note, done.verification_note) == (
            RectificationStatus.CLOSED,
            "调解室已挂牌",
            "现场核查属实",
        )
        assert done.done_by_id == actors["mediator"].id
        assert done.closed_by_id == actors["supervisor"].id


@pytest.mark.parametrize("username", ["med_qsz02", "other_town"])
def test_a_unit_answers_only_its_own_rectifications(
    engine: Engine, actors: dict[str, Actor], username: str
) -> None:
    rect_id = rectifications_of(engine, inspected(engine, actors))[0].id
    actor = (
        add_user(engine, "other_town", "柳湾镇综治办", Role.COORDINATOR, "LWZ")
        if username == "other_town"
        else actors[username]
    )
    with pytest.raises(OutOfScope):
        answer(engine, actor, rect_id)
    with Session(engine) as session:
        listed = rectifications.list_rectifications(session, actor=actor)
        assert rect_id not in [r.id for r in listed]
        assert session.get(Rectification, rect_id).status == RectificationStatus.OPEN


def test_overdue_rectifications_are_listed_first_and_counted(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    first, second = (r.id for r in rectifications_of(engine, inspected(engine, actors)))
    others = [r.id for r in rectifications_of(engine, inspected(engine, actors, "QSZ02"))]
    with write_session(engine) as session:  # the records: the second's deadline has passed
        session.exec(
            update(Rectification)
            .where(col(Rectification.id) == second)
            .values(deadline=date(2025, 1, 10))
        )
        session.commit()
    supervisor = actors["supervisor"]
    with Session(engine) as session:
        listed = rectifications.list_rectifications(session, actor=supervisor)
    assert [(r.id, r.overdue) for r in listed][:1] == [(second, True)]
    assert {r.id for r in listed} == {first, second, *others}
    assert counts(engine, supervisor) == rectifications.RectificationCounts(open=4, overdue=1)
    assert counts(engine, actors["mediator"]) == rectifications.RectificationCounts(2, 1)
    answer(engine, actors["mediator"], second)  # answered late: no longer overdue, still open
    assert counts(engine, supervisor) == rectifications.RectificationCounts(open=4, overdue=0)
    close(engine, supervisor, second)
    assert counts(engine, supervisor) == rectifications.RectificationCounts(open=3, overdue=0)


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def save(engine: Engine, actor: Actor, inspection_id: int, data: bytes, **where) -> int:
    with write_session(engine) as session:
        return photos.save_photo(
            session, actor=actor, inspection_id=inspection_id, data=data, **where
        )


def test_photos_are_images_checked_by_content_and_stored_with_the_inspection(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_DATA", str(tmp_path))
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor)
    item = load(engine, supervisor, inspection_id).items[2].item_id
    photo_id = save(engine, supervisor, inspection_id, png(), item_id=item)
    with Session(engine) as session:
        photo = session.get(SupervisionPhoto, photo_id)
        assert photo.path.startswith(f"supervision/inspection-{inspection_id}/")
        assert (tmp_path / photo.path).read_bytes() == png()
        assert photos.photo_bytes(session, actor=supervisor, photo_id=photo_id) == png()
        with pytest.raises(OutOfScope):
            photos.photo_bytes(session, actor=actors["med_lwz01"], photo_id=photo_id)
    assert load(engine, supervisor, inspection_id).items[2].photo_ids == [photo_id]
    for refused, message in [
        (b"MZ\x90\x00 not a picture at all", texts.SUP_E_PHOTO_NOT_IMAGE),
        (b"", texts.SUP_E_PHOTO_EMPTY),
        (b"\x89PNG" + b"0" * photos.MAX_BYTES, texts.SUP_E_PHOTO_TOO_BIG.format(mb=5)),
    ]:
        with pytest.raises(photos.PhotoRefused, match=message):
            save(engine, supervisor, inspection_id, refused, item_id=item)
    with pytest.raises(NotAllowed):
        save(engine, actors["coordinator"], inspection_id, png(), item_id=item)
    tick_all(engine, supervisor, inspection_id, {})
    submit(engine, supervisor, inspection_id)
    with pytest.raises(photos.PhotoRefused, match=texts.SUP_E_SUBMITTED):
        save(engine, supervisor, inspection_id, png(), item_id=item)
    assert len(list((tmp_path / "supervision").rglob("*.png"))) == 1


def test_the_unit_adds_a_photo_to_its_answer_while_open(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_DATA", str(tmp_path))
    inspection_id = inspected(engine, actors)
    rect_id = rectifications_of(engine, inspection_id)[0].id
    save(engine, actors["mediator"], inspection_id, png(), rectification_id=rect_id)
    with pytest.raises(OutOfScope):
        save(engine, actors["med_qsz02"], inspection_id, png(), rectification_id=rect_id)
    answer(engine, actors["mediator"], rect_id)
    with pytest.raises(photos.PhotoRefused, match=texts.SUP_E_RECT_ANSWERED):
        save(engine, actors["mediator"], inspection_id, png(), rectification_id=rect_id)
    with Session(engine) as session:
        listed = rectifications.list_rectifications(session, actor=actors["supervisor"])
    assert [len(r.photo_ids) for r in listed if r.id == rect_id] == [1]


def test_an_answer_that_does_not_hold_is_sent_back_open_with_the_reason(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    rect_id = rectifications_of(engine, inspected(engine, actors))[0].id
    answer(engine, actors["mediator"], rect_id, "已挂牌")
    with write_session(engine) as session:
        rectifications.close(
            session,
            actor=actors["supervisor"],
            rectification_id=rect_id,
            note="现场未见标牌",
            accepted=False,
        )
    with Session(engine) as session:
        back = session.get(Rectification, rect_id)
        assert (back.status, back.verification_note, back.closed_at) == (
            RectificationStatus.OPEN,
            "现场未见标牌",
            None,
        )
    answer(engine, actors["mediator"], rect_id, "标牌已补挂，附照片")  # the unit answers again
    close(engine, actors["supervisor"], rect_id)
    with Session(engine) as session:
        assert session.get(Rectification, rect_id).status == RectificationStatus.CLOSED
