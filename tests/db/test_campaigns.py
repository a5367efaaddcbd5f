"""Campaigns (db.reports.campaigns, db.core.campaign_scope) against a small hand-made record.

百日行动 runs 2025-03-01 .. 2025-03-31 and covers 南湾村 (QSZ02) and the whole of 柳湾镇 (LWZ, seven
villages and communities that must report). Cases (found_on, where, stage):
  a 03-05 东河村 QSZ01 closed    — not covered
  b 03-05 南湾村 QSZ02 closed    — counted, resolved
  c 02-28 南湾村 QSZ02 registered — before the period
  d 03-31 南湾村 QSZ02 mediating — counted, open
  e 03-10 前进村 LWZ01 referred  — counted, finished but not resolved
  f 04-01 红星村 LWZ02 registered — after the period
"""

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from db.cases import ledger
from db.cases.ledger import LedgerFilter
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.enums import Stage
from db.figures.definitions import plan_rates
from db.figures.metrics import MetricFilter
from db.reports import campaigns
from db.reports.campaigns import CampaignCreate, CampaignRefused
from db.reports.daily import ReportCreate, submit
from tests.db.factories import dated_case, unit_id

MARCH_START, MARCH_END = date(2025, 3, 1), date(2025, 3, 31)
PHASES = [
    {"name": "动员部署", "starts_on": date(2025, 3, 1), "ends_on": date(2025, 3, 5)},
    {"name": "全面排查", "starts_on": date(2025, 3, 6), "ends_on": date(2025, 3, 20)},
    {"name": "集中化解", "starts_on": date(2025, 3, 21), "ends_on": date(2025, 3, 31)},
]


def form(engine: Engine, **changes: object) -> CampaignCreate:
    data: dict[str, object] = {
        "name": "百日行动",
        "starts_on": MARCH_START,
        "ends_on": MARCH_END,
        "target_resolution_pct": 98,
        "target_reporting_pct": 100,
        "phases": PHASES,
        "unit_ids": [unit_id(engine, "QSZ02"), unit_id(engine, "LWZ")],
    }
    data.update(changes)
    return CampaignCreate.model_validate(data)


def create(engine: Engine, actor: Actor, **changes: object) -> int:
    with write_session(engine) as session:
        return campaigns.create_campaign(session, actor=actor, data=form(engine, **changes))


def record(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    coordinator = actors["coordinator"]
    return {
        "a": dated_case(engine, actors["mediator"], "QSZ01", date(2025, 3, 5), stage=Stage.CLOSED),
        "b": dated_case(engine, coordinator, "QSZ02", date(2025, 3, 5), stage=Stage.CLOSED),
        "c": dated_case(engine, coordinator, "QSZ02", date(2025, 2, 28)),
        "d": dated_case(engine, coordinator, "QSZ02", date(2025, 3, 31), stage=Stage.MEDIATING),
        "e": dated_case(
            engine, actors["med_lwz01"], "LWZ01", date(2025, 3, 10), stage=Stage.REFERRED
        ),
        "f": dated_case(engine, actors["med_lwz02"], "LWZ02", date(2025, 4, 1)),
    }


def the_campaign(engine: Engine, actor: Actor) -> campaigns.CampaignView:
    with Session(engine) as session:
        [view] = campaigns.list_campaigns(session, actor=actor)
    return view


def test_an_admin_defines_a_campaign_with_phases_targets_and_units(engine, actors) -> None:
    create(engine, actors["admin"])
    view = the_campaign(engine, actors["leader"])
    assert (view.name, view.starts_on, view.ends_on) == ("百日行动", MARCH_START, MARCH_END)
    assert (view.target_resolution, view.target_reporting) == (0.98, 1.0)
    assert [p.name for p in view.phases] == ["动员部署", "全面排查", "集中化解"]
    assert view.units == ["柳湾镇", "南湾村"]  # in tree order
    assert view.phase_on(date(2025, 3, 10)).name == "全面排查"
    assert view.phase_on(date(2025, 4, 1)) is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": date(2025, 2, 1)}, "ends_on", "结束日期不能早于开始日期"),
        (
            {"phases": [PHASES[0], {**PHASES[1], "starts_on": date(2025, 3, 5)}]},
            "phases",
            "阶段“全面排查”与上一阶段重叠或顺序颠倒",
        ),
        (
            {"phases": [{**PHASES[2], "ends_on": date(2025, 4, 2)}]},
            "phases",
            "阶段“集中化解”不在活动期间内",
        ),
        ({"unit_ids": []}, "unit_ids", None),
        ({"target_resolution_pct": 120}, "target_resolution_pct", None),
    ],
)
def test_a_bad_campaign_form_is_refused_field_by_field(
    engine, world, changes, field, message
) -> None:
    with pytest.raises(ValidationError) as refused:
        form(engine, **changes)
    errors = field_errors(refused.value)
    assert field in errors
    if message:
        assert errors[field] == message


def test_only_admins_define_campaigns_and_names_are_unique(engine, actors) -> None:
    with pytest.raises(NotAllowed):
        create(engine, actors["coordinator"])
    create(engine, actors["admin"])
    with pytest.raises(CampaignRefused, match="已有名为“百日行动”"):
        create(engine, actors["admin"])
    with Session(engine) as session:
        assert len(campaigns.list_campaigns(session, actor=actors["admin"])) == 1


def test_cases_found_in_the_period_in_covered_units_count(engine, actors) -> None:
    ids = record(engine, actors)
    campaign_id = create(engine, actors["admin"])
    view = the_campaign(engine, actors["leader"])
    with Session(engine) as session:
        county = campaigns.progress(session, actor=actors["leader"], campaign=view)
        town = campaigns.progress(session, actor=actors["coordinator"], campaign=view)
        ledger_page = ledger.list_cases(
            session, actor=actors["coordinator"], filters=LedgerFilter(campaign_id=campaign_id)
        )
        dashboard = plan_rates(
            session,
            actor=actors["leader"],
            f=MetricFilter(start=date(2025, 1, 1), end=date(2025, 12, 31), campaign_id=campaign_id),
        )
    # 化解率 over every case of the campaign, open and referred ones included.
    assert (county.registered, county.open, county.resolution_rate) == (3, 1, 1 / 3)  # b of b d e
    assert (town.registered, town.open, town.resolution_rate) == (2, 1, 0.5)  # b of b d
    assert sorted(r.id for r in ledger_page.rows) == sorted([ids["b"], ids["d"]])
    assert dashboard.registered == 3 and dashboard.resolution_rate == 1 / 3


def test_progress_names_the_units_furthest_behind(engine, actors) -> None:
    record(engine, actors)
    create(engine, actors["admin"])
    for username in ("med_qsz02", "med_lwz01"):
        with write_session(engine) as session:
            submit(
                session,
                actor=actors[username],
                data=ReportCreate(day=date(2025, 3, 3), zero=False),
                base_version=0,
            )
    view = the_campaign(engine, actors["leader"])
    with Session(engine) as session:
        result = campaigns.progress(session, actor=actors["leader"], campaign=view)
    # 8 covered units must report over 31 days; two reported one day each.
    assert result.reporting_rate == pytest.approx(2 / 248)
    names = [u.unit_name for u in result.behind]
    # Six 柳湾镇 units never reported (gap 1.0), then 前进村 (nothing resolved: 0.98), then
    # 南湾村 (化解率 1 of 2, gap 0.48; reported 1 day of 31: gap 30/31).
    assert sorted(names[:6]) == sorted(
        ["红星村", "王庄村", "李家坳村", "新华社区", "河口村", "马集村"]
    )
    assert names[6:] == ["前进村", "南湾村"]
    assert result.behind[7].gap == pytest.approx(1 - 1 / 31)
    assert result.behind[6].resolution_rate == 0.0


def test_a_unit_that_began_reporting_mid_campaign_counts_from_its_start(engine, actors) -> None:
    """南湾村 reports from 03-30 (units.reports_from) and reported 03-30 and 03-31: its own
    日报报送率 is 2 of 2, not 2 of 31, and the campaign's counts it the same way."""
    from sqlalchemy import update

    from db.models import Unit

    record(engine, actors)
    create(engine, actors["admin"])
    with write_session(engine) as session:
        session.exec(
            update(Unit).where(Unit.code == "QSZ02").values(reports_from=date(2025, 3, 30))
        )
        session.commit()
    for day in (date(2025, 3, 30), date(2025, 3, 31)):
        with write_session(engine) as session:
            submit(
                session,
                actor=actors["med_qsz02"],
                data=ReportCreate(day=day, zero=False),
                base_version=0,
            )
    view = the_campaign(engine, actors["leader"])
    with Session(engine) as session:
        result = campaigns.progress(session, actor=actors["leader"], campaign=view)
    # 南湾村 2 of 2 days; 柳湾镇's seven units 0 of 31 each.
    assert result.reporting_rate == pytest.approx(2 / (2 + 7 * 31))
    nanwan = next(u for u in result.behind if u.unit_name == "南湾村")
    assert nanwan.reporting_rate == 1.0
    assert nanwan.gap == pytest.approx(0.98 - 1 / 2)  # behind on 化解率 only (b of b d)


def test_a_campaign_not_yet_begun_has_no_figures(engine, actors) -> None:
    create(
        engine, actors["admin"], starts_on=date(2099, 1, 1), ends_on=date(2099, 4, 10), phases=[]
    )
    view = the_campaign(engine, actors["leader"])
    with Session(engine) as session:
        result = campaigns.progress(session, actor=actors["leader"], campaign=view)
    assert (result.registered, result.resolution_rate, result.up_to) == (0, None, None)
