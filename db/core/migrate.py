"""Apply and check Alembic migrations programmatically (for the CLI, run.sh and tests)."""

from alembic import command
from alembic.config import Config

from db.core.settings import PROJECT_DIR, database_url


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_DIR / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")


def check(url: str | None = None) -> None:
    """Raise if the models and the migrations disagree (alembic check)."""
    command.check(alembic_config(url))
