"""Alembic environment: the models' metadata, the engine from DATABASE_URL (or the caller's)."""

import re

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from db.core.engine import make_engine
from db.core.settings import database_url

config = context.config
target_metadata = SQLModel.metadata

# Made in SQL by migration 0007 and not described by the models: the FTS5 tables (and the
# shadow tables SQLite keeps for them) and the pg_trgm indexes of the case search; by 0024 the
# bigram table of the short terms and its positions.
SEARCH_OBJECTS = re.compile(r"^(cases_fts|parties_fts)(_\w+)?$|_trgm$|^search_(grams|positions)$")


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Leave the search objects out of autogenerate and `alembic check`."""
    return not (reflected and compare_to is None and SEARCH_OBJECTS.search(name or ""))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
