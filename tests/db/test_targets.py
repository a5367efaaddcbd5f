"""Targets (db.figures.targets): the defaults, a year's targets an admin sets, a campaign's on
top, refusals, the audit trail, and the dashboard reading the target in force."""

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Invalid
from db.core.permissions import NotAllowed
from db.dashboard.figures import targets
from db.enums import FigureCode
from db.figures.source import MetricFilter
from db.figures.targets import set_targets, targets_in_force, year_targets
from db.models import AuditLog, FigureTarget
from tests.db.test_campaigns import create

F = FigureCode


def in_force(engine: Engine, year: int, campaign_id: int | None = None) -> dict[FigureCode, float]:
    with Session(engine) as session:
        return targets_in_force(session, year, campaign_id)


def put(engine: Engine, actor: Actor, year: int, **values: float | None) -> None:
    with write_session(engine) as session:
        set_targets(session, actor, year=year, values={F(k): v for k, v in values.items()})


def test_the_defaults_hold_until_an_admin_sets_a_years_targets(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    assert in_force(engine, 2026) == {F.RESOLUTION: 98.0, F.REPORTING: 100.0, F.TIMELY: 100.0}
    put(engine, actors["admin"], 2026, resolution=95.0, satisfaction=90.0)
    assert in_force(engine, 2026) == {
        F.RESOLUTION: 95.0,
        F.REPORTING: 100.0,
        F.TIMELY: 100.0,
        F.SATISFACTION: 90.0,
    }
    assert in_force(engine, 2025)[F.RESOLUTION] == 98.0  # another year keeps the default
    put(engine, actors["admin"], 2026, resolution=None, satisfaction=92.5)  # cleared, changed
    assert in_force(engine, 2026)[F.RESOLUTION] == 98.0
    with Session(engine) as session:
        assert year_targets(session, 2026) == {F.SATISFACTION: 92.5}
        assert len(session.exec(select(FigureTarget)).all()) == 1
        details = session.exec(
            select(AuditLog.detail).where(AuditLog.target == "targets:2026").order_by(AuditLog.id)
        ).all()
    assert details == [
        "设定2026目标：化解率 95.0",
        "设定2026目标：满意率 90.0",
        "设定2026目标：化解率 —",
        "设定2026目标：满意率 92.5",
    ]


def test_a_campaigns_own_targets_come_before_the_years(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    put(engine, actors["admin"], 2025, resolution=95.0, timely=99.0)
    campaign = create(engine, actors["admin"], target_resolution_pct=90, target_reporting_pct=96)
    assert in_force(engine, 2025, campaign) == {
        F.RESOLUTION: 90.0,
        F.REPORTING: 96.0,
        F.TIMELY: 99.0,
    }
    # The dashboard reads them as fractions for the year its period ends in.
    march = MetricFilter(date(2025, 3, 1), date(2025, 3, 31))
    with Session(engine) as session:
        assert targets(session, actor=actors["leader"], f=march)["resolution"] == 0.95


@pytest.mark.parametrize("value", [-1.0, 100.5])
def test_a_target_outside_0_to_100_is_refused(
    engine: Engine, actors: dict[str, Actor], value: float
) -> None:
    with pytest.raises(Invalid):
        put(engine, actors["admin"], 2026, resolution=value)
    assert in_force(engine, 2026)[F.RESOLUTION] == 98.0


def test_only_an_admin_sets_targets(engine: Engine, actors: dict[str, Actor]) -> None:
    with pytest.raises(NotAllowed):
        put(engine, actors["leader"], 2026, resolution=50.0)
    assert in_force(engine, 2026)[F.RESOLUTION] == 98.0
