"""Hostile uploads: a small workbook whose shared strings expand to 360 MB, a sheet of a million
rows under 10 MB, a flood of strings, a sheet padded with empty rows, a zip bomb's directory and a
photo declaring 2.5 gigapixels are each refused with a Chinese message naming the limit, with
nothing written and the server's memory grown by less than 200 MB; a preview keeps only what it
shows, and the import reads the file again and refuses one that changed."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from db import texts
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.settings import PROJECT_DIR
from db.core.uploads import MB, FileRefused, ZipLimits, check_zip_members
from db.io.imports.container import MAX_ROWS, MAX_SHARED_STRINGS, MAX_SHEET_ROWS
from db.io.imports.upload import UploadChoice, import_upload, preview_upload
from db.io.imports.workbook import LedgerUnreadable, read_ledger
from db.models import SupervisionPhoto
from db.supervision import photos
from tests.data import SAMPLE_LEDGER
from tests.db.factories import register_case, unit_id
from tests.db.hostile_files import (
    expanding_workbook,
    far_row_workbook,
    many_strings_workbook,
    million_row_workbook,
    png_bomb,
)
from tests.db.supervision_helpers import start
from tests.db.test_import import state

MEMORY_BOUND_MB = 200


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile workbooks, built once for the module."""
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "expanding": expanding_workbook(folder / "expanding.xlsx", unpacked_mb=360),
        "million": million_row_workbook(folder / "million.xlsx", rows=1_000_000),
    }


def probe(engine: Engine, path: Path) -> dict[str, object]:
    """Preview `path` as the import page does, in a process of its own (tests/db/upload_probe)."""
    env = {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "PYTHONPATH": str(PROJECT_DIR),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.db.upload_probe", str(path)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def preview_of(engine: Engine, actor: Actor, path: Path):  # type: ignore[no-untyped-def]
    choice = UploadChoice(filename=path.name, town_code="QSZ")
    return preview_upload(path.read_bytes(), actor=actor, choice=choice, engine=engine)


def test_the_hostile_files_are_what_the_issue_describes(hostile: dict[str, Path]) -> None:
    expanding = zipfile.ZipFile(hostile["expanding"]).getinfo("xl/sharedStrings.xml")
    assert hostile["expanding"].stat().st_size < 1 * MB and expanding.file_size >= 360 * MB
    assert hostile["million"].stat().st_size < 10 * MB


def test_an_expanding_workbook_is_refused_before_anything_is_inflated(
    engine: Engine, actors: dict[str, Actor], hostile: dict[str, Path]
) -> None:
    before = state(engine)
    with pytest.raises(LedgerUnreadable) as refused:
        preview_of(engine, actors["coordinator"], hostile["expanding"])
    assert refused.value.message == texts.FILE_ZIP_PART_TOO_BIG.format(size="360", max="32")
    assert state(engine) == before
    measured = probe(engine, hostile["expanding"])
    assert measured["outcome"] == "refused" and measured["message"] == refused.value.message
    assert measured["growth_mb"] < MEMORY_BOUND_MB, measured


def test_a_million_row_sheet_is_refused_at_the_row_cap_without_reading_it_whole(
    engine: Engine, actors: dict[str, Actor], hostile: dict[str, Path]
) -> None:
    before = state(engine)
    with pytest.raises(LedgerUnreadable) as refused:
        preview_of(engine, actors["coordinator"], hostile["million"])
    assert refused.value.message == texts.IMP_TOO_MANY_ROWS.format(max=MAX_ROWS)
    assert "20000" in refused.value.message
    assert state(engine) == before
    measured = probe(engine, hostile["million"])
    assert measured["outcome"] == "refused" and measured["message"] == refused.value.message
    assert measured["growth_mb"] < MEMORY_BOUND_MB, measured


def test_the_row_cap_lets_exactly_its_number_of_rows_through(tmp_path: Path) -> None:
    at_cap = million_row_workbook(tmp_path / "cap.xlsx", rows=MAX_ROWS)
    assert len(read_ledger(at_cap, filename="cap.xlsx").rows) == MAX_ROWS
    over = million_row_workbook(tmp_path / "over.xlsx", rows=MAX_ROWS + 1)
    with pytest.raises(LedgerUnreadable, match=texts.IMP_TOO_MANY_ROWS.format(max=MAX_ROWS)):
        read_ledger(over, filename="over.xlsx")


def test_a_sheet_padded_with_empty_rows_is_refused_at_the_sheet_cap(tmp_path: Path) -> None:
    padded = far_row_workbook(tmp_path / "padded.xlsx", row=MAX_SHEET_ROWS + 10)
    with pytest.raises(LedgerUnreadable) as refused:
        read_ledger(padded, filename="padded.xlsx")
    assert refused.value.message == texts.IMP_SHEET_TOO_LONG.format(max=MAX_SHEET_ROWS)


def test_a_flood_of_shared_strings_is_refused_before_openpyxl_holds_them(tmp_path: Path) -> None:
    flood = many_strings_workbook(tmp_path / "flood.xlsx", strings=MAX_SHARED_STRINGS + 1)
    assert zipfile.ZipFile(flood).getinfo("xl/sharedStrings.xml").file_size < 10 * MB
    with pytest.raises(LedgerUnreadable) as refused:
        read_ledger(flood, filename="flood.xlsx")
    assert refused.value.message == texts.IMP_TOO_MANY_STRINGS.format(max=MAX_SHARED_STRINGS)


def _part(name: str, size: int, compressed: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.file_size, info.compress_size = size, compressed
    return info


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            [_part(f"p{i}.xml", 10, 5) for i in range(11)],
            texts.FILE_ZIP_TOO_MANY_PARTS.format(max=10),
        ),
        ([_part("a.bin", 3 * MB, 2 * MB)], texts.FILE_ZIP_PART_TOO_BIG.format(size="3", max="2")),
        (
            [_part("big/a.xml", 3 * MB, 1 * MB), _part("big/b.xml", 3 * MB, 1 * MB)],
            texts.FILE_ZIP_TOO_BIG.format(size="6", max="5"),
        ),
        ([_part("a.bin", 2 * MB, 1000)], texts.FILE_ZIP_RATIO.format(ratio=2097, max=100)),
    ],
    ids=["parts", "one part", "in all", "ratio"],
)
def test_a_zip_directory_over_a_limit_is_refused_from_the_directory_alone(
    parts: list[zipfile.ZipInfo], message: str
) -> None:
    limits = ZipLimits(
        max_parts=10,
        max_part_bytes=2 * MB,
        max_total_bytes=5 * MB,
        part_limits=(("big/*.xml", 4 * MB),),
    )
    with pytest.raises(FileRefused) as refused:
        check_zip_members(parts, limits)
    assert refused.value.message == message
    check_zip_members([_part("big/a.xml", 4 * MB, 1 * MB), _part("small.xml", 1000, 1)], limits)


@pytest.mark.parametrize("size", [(50_000, 50_000), (7_000, 6_000)], ids=["bomb", "just over"])
def test_a_picture_of_too_many_pixels_is_refused_and_nothing_is_stored(
    engine: Engine,
    actors: dict[str, Actor],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_DATA", str(tmp_path))
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor)
    bomb = png_bomb(*size)
    assert len(bomb) < 200
    with pytest.raises(photos.PhotoRefused) as refused, write_session(engine) as session:
        photos.save_photo(session, actor=supervisor, inspection_id=inspection_id, data=bomb)
    assert refused.value.message == texts.FILE_IMAGE_TOO_MANY_PIXELS.format(max=4000)
    assert list(tmp_path.rglob("*.png")) == []
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(SupervisionPhoto)).one() == 0


def test_the_import_reads_the_file_again_and_refuses_a_changed_file_or_preview(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    coordinator = actors["coordinator"]
    data = SAMPLE_LEDGER.read_bytes()
    choice = UploadChoice(filename=SAMPLE_LEDGER.name, town_code="QSZ")
    shown = preview_upload(data, actor=coordinator, choice=choice, engine=engine)
    assert shown.ok and shown.cases == 40 and shown.lines[0].startswith("文件 ")
    before = state(engine)
    for other_data, other_choice in [
        (data + b"\0", choice),  # another file
        (data, UploadChoice(filename=SAMPLE_LEDGER.name, town_code="QSZ", sheet="台账")),
    ]:
        with pytest.raises(Refused, match=texts.IMP_PREVIEW_STALE):
            import_upload(
                other_data, actor=coordinator, choice=other_choice, shown=shown, engine=engine
            )
    # Someone registers a case after the preview: it takes the town's next number, one the
    # file also gives (the sample numbers its rows QSZ-2026-0001 on).
    register_case(engine, coordinator, unit_id(engine, "QSZ01"))
    changed = state(engine)
    with pytest.raises(Refused, match=texts.IMP_PREVIEW_STALE):
        import_upload(data, actor=coordinator, choice=choice, shown=shown, engine=engine)
    assert state(engine) == changed != before
    again = preview_upload(data, actor=coordinator, choice=choice, engine=engine)
    assert not again.ok and again.skippable
    result = import_upload(data, actor=coordinator, choice=choice, shown=again, engine=engine)
    assert result.created == 39 and result.skipped_rows


def test_a_preview_of_many_problems_lists_a_few_hundred_lines_and_counts_the_rest(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    from tests.db.hostile_files import bad_ledger_workbook

    path = bad_ledger_workbook(tmp_path / "bad.xlsx", rows=200)
    shown = preview_of(engine, actors["coordinator"], path)
    assert len(shown.lines) == 302  # the summary, 300 problems, and how many more
    assert shown.lines[-1].startswith("……另有 ")
    assert not shown.ready
