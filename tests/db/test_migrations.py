"""Migrations: they build the schema the models describe, on both engines."""

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

from db.core.migrate import check


def test_models_and_migrations_agree(engine: Engine) -> None:
    check(engine.url.render_as_string(hide_password=False))


def test_migrated_database_has_every_table(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {
        "units",
        "users",
        "cases",
        "parties",
        "case_events",
        "audit_log",
        "case_counters",
    } <= names


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"]
)
def test_audit_log_refuses_updates_and_deletes(engine: Engine, world, statement: str) -> None:
    with Session(engine) as session:
        session.exec(
            text(
                "INSERT INTO audit_log (at, username, action, target, detail, client) VALUES (CURRENT_TIMESTAMP, 'x', 'login', '', '', '')"
            )
        )  # type: ignore[call-overload]
        session.commit()
    with Session(engine) as session, pytest.raises(Exception, match="append-only"):
        session.exec(text(statement))  # type: ignore[call-overload]
        session.commit()
