"""The demo tells the truth at a first look: its daily reports cover every day it shows cases
for, and its units' reporting start dates are where the reports begin, so no period's 上报率
(日报报送率) reads as an alarming 8 %; the campaign's figures are plausible for its age (60 days
of 100: its older cases mostly resolved, the last weeks' still being worked on)."""

from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from db.clock import local_today
from db.core.actor import Actor
from db.demo.cases import generate_cases
from db.demo.reports import generate_campaign, generate_reports
from db.demo.world import World
from db.figures.definitions import plan_rates
from db.figures.reporting import reporting_rate
from db.figures.source import MetricFilter
from db.models import Campaign, Case, DailyReport, Unit


def test_the_demo_reports_cover_its_cases_and_the_years_rate_is_plausible(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    today = local_today()
    with Session(engine) as session:
        generate_cases(session, world=world, count=300, seed=7, today=today)
        generate_reports(session, seed=7, today=today)
        generate_campaign(session, today=today)
        first_case = session.exec(select(func.min(Case.found_on))).one()
        first_report = session.exec(select(func.min(DailyReport.day))).one()
        assert first_report <= first_case < today - timedelta(days=30)
        starts = session.exec(select(Unit.reports_from).where(col(Unit.must_report))).all()
        campaign = session.exec(select(Campaign)).one()
        leader = actors["leader"]
        running = reporting_rate(session, leader, campaign.starts_on, today, None, campaign.id)
        year = reporting_rate(session, leader, today - timedelta(days=365), today, None, None)
        # From before the demo's first day: those days are no unit's to report.
        before = reporting_rate(session, leader, first_report - timedelta(days=300), today)
        since_first = reporting_rate(session, leader, first_report, today)
        in_campaign = plan_rates(
            session,
            actor=leader,
            f=MetricFilter(date(2000, 1, 1), today, campaign_id=campaign.id),
        )
        older = plan_rates(
            session, actor=leader, f=MetricFilter(today - timedelta(days=365), today)
        )
    assert starts and set(starts) == {first_report}  # every reporting unit, from that day
    assert year.rate is not None and 0.8 < year.rate < 1.0  # some missing, never alarming
    assert running.rate is not None and 0.8 < running.rate < 1.0  # the campaign's 60 days
    assert before.rate == since_first.rate  # not diluted by the 300 days before the demo
    assert in_campaign.registered >= 20  # enough cases to read a rate from
    # 60 days in: a good part resolved, not all (its last weeks' cases are being worked on)...
    assert in_campaign.resolution_rate is not None and 0.4 < in_campaign.resolution_rate < 0.95
    # ...fewer than over the year, whose older cases are mostly done...
    assert older.resolution_rate is not None and older.resolution_rate > in_campaign.resolution_rate
    # ...and the mediations that ended mostly succeeded.
    assert in_campaign.success_rate is not None and in_campaign.success_rate > 0.8
