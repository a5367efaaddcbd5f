"""The demo tells the truth at a first look: its daily reports cover every day it shows cases
for, so the year's 上报率 (日报报送率) reads as a working county's, not 8 %."""

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from db.clock import local_today
from db.core.actor import Actor
from db.demo.cases import generate_cases
from db.demo.reports import generate_campaign, generate_reports
from db.demo.world import World
from db.figures.reporting import reporting_rate
from db.models import Campaign, Case, DailyReport


def test_the_demo_reports_cover_its_cases_and_the_years_rate_is_plausible(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    today = local_today()
    with Session(engine) as session:
        generate_cases(session, world=world, count=40, seed=7, today=today)
        generate_reports(session, seed=7, today=today)
        generate_campaign(session, today=today)
        first_case = session.exec(select(func.min(Case.found_on))).one()
        first_report = session.exec(select(func.min(DailyReport.day))).one()
        assert first_report <= first_case < today - timedelta(days=30)
        campaign = session.exec(select(Campaign)).one()
        running = reporting_rate(
            session, actors["leader"], campaign.starts_on, today, None, campaign.id
        )
        year = reporting_rate(
            session, actors["leader"], today - timedelta(days=365), today, None, None
        )
    assert year.rate is not None and 0.8 < year.rate < 1.0  # some missing, never alarming
    assert running.rate is not None and 0.8 < running.rate < 1.0  # the campaign's 60 days
