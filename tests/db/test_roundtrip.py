"""Excel both ways: the demo ledger exported, imported into an empty county, exported again,
gives the same rows."""

import io
import shutil
from pathlib import Path

import openpyxl
from sqlmodel import Session, select

from db.cases.ledger import LedgerFilter
from db.core.actor import Actor
from db.core.engine import make_engine, write_session
from db.demo.cases import generate_cases
from db.demo.categories import add_demo_categories
from db.demo.world import build_world, load_world
from db.io.exports import ledger as export_ledger
from db.io.imports import apply as import_apply
from db.io.imports import preview as import_preview
from db.io.imports import workbook as import_workbook
from db.models import User
from tests.conftest import PASSWORD


def fresh_database(template: Path, path: Path):  # type: ignore[no-untyped-def]
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        build_world(session, password=PASSWORD)
    return engine


def actor(engine, username: str) -> Actor:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return Actor.of(session, session.exec(select(User).where(User.username == username)).one())


def export_rows(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        data = export_ledger.ledger_xlsx(
            session,
            actor=actor(engine, "coordinator"),
            filters=LedgerFilter(sort="found_on"),
            reveal_reason="台账迁移核对",
        )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header, *rows = [tuple(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    # Cases found on the same day keep their database order, which two databases need not
    # share: compare by number, without the running 序号.
    return [header[1:], *sorted(row[1:] for row in rows)]


def test_export_import_export_gives_the_same_rows(sqlite_template: Path, tmp_path: Path) -> None:
    source = fresh_database(sqlite_template, tmp_path / "source.db")
    with Session(source) as session:
        generate_cases(session, world=load_world(session), count=150, seed=5)
    first = export_rows(source)
    assert len(first) > 10

    with write_session(source) as session:
        workbook = export_ledger.ledger_xlsx(
            session,
            actor=actor(source, "coordinator"),
            filters=LedgerFilter(sort="found_on"),
            reveal_reason="台账迁移核对",
        )
    target = fresh_database(sqlite_template, tmp_path / "target.db")
    with write_session(target) as session:  # the office's local categories, set up first
        add_demo_categories(session, admin_id=None)
        session.commit()
    with write_session(target) as session:
        ledger = import_workbook.read_ledger(workbook, filename="ledger.xlsx")
        plan = import_preview.preview(
            session, actor=actor(target, "coordinator"), ledger=ledger, town_code="QSZ"
        )
        assert plan.errors == []
        import_apply.apply(
            session, actor=actor(target, "coordinator"), plan=plan, filename="ledger.xlsx"
        )

    second = export_rows(target)
    assert second == first
