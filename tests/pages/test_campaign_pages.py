"""专项活动 driven as a user would: an admin defines a campaign; a leader follows it; the ledger
filters by it."""

from datetime import timedelta

from sqlmodel import Session, col, func, select

from db import texts
from db.clock import local_today
from db.core.engine import make_engine
from db.models import Campaign, CampaignPhase, CampaignUnit, Case, Unit


def count_cases(url: str, unit_codes: tuple[str, ...], start, end) -> int:
    """By hand: cases found in the period in these units or below them."""
    engine = make_engine(url)
    with Session(engine) as session:
        paths = session.exec(select(Unit.path).where(col(Unit.code).in_(unit_codes))).all()
        ids = [
            u
            for p in paths
            for u in session.exec(select(Unit.id).where(col(Unit.path).startswith(p))).all()
        ]
        n = session.exec(
            select(func.count()).where(
                col(Case.unit_id).in_(ids), Case.found_on >= start, Case.found_on <= end
            )
        ).one()
    engine.dispose()
    return n


def define(at, *, name: str, start, end, units: list[str]) -> None:
    at.text_input(key="campaigns-name").input(name)
    at.date_input(key="campaigns-period").set_value((start, end))
    at.number_input(key="campaigns-phases").set_value(2).run()
    at.text_input(key="campaigns-name").input(name)
    at.date_input(key="campaigns-period").set_value((start, end))
    middle = start + (end - start) / 2
    at.text_input(key="campaigns-phase-0-name").input("全面排查")
    at.date_input(key="campaigns-phase-0-dates").set_value((start, middle))
    at.text_input(key="campaigns-phase-1-name").input("集中化解")
    at.date_input(key="campaigns-phase-1-dates").set_value((middle + timedelta(days=1), end))
    labels = at.multiselect(key="campaigns-units").options
    chosen = [o for o in labels if o.strip().split("（")[0] in units]
    at.multiselect(key="campaigns-units").set_value(chosen)
    at.button(key="campaigns-create").click().run()


def test_an_admin_defines_a_campaign_and_a_leader_follows_it(app_as, app_db) -> None:
    today = local_today()
    start, end = today - timedelta(days=60), today + timedelta(days=39)
    at = app_as("admin")
    at.switch_page("pages/campaigns.py").run()
    assert [i.value for i in at.info] == [texts.CAMPAIGN_NONE]
    define(at, name="百日行动", start=start, end=end, units=["青石镇"])
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert texts.CAMPAIGN_CREATED.format(name="百日行动") in [s.value for s in at.success]
    engine = make_engine(app_db)
    with Session(engine) as session:
        campaign = session.exec(select(Campaign)).one()
        phases = session.exec(select(CampaignPhase.name).order_by(CampaignPhase.position)).all()
        covered = session.exec(select(func.count()).select_from(CampaignUnit)).one()
    engine.dispose()
    assert (campaign.starts_on, campaign.ends_on, campaign.target_resolution) == (start, end, 0.98)
    assert (phases, covered) == (["全面排查", "集中化解"], 1)

    leader = app_as("leader")
    leader.switch_page("pages/campaigns.py").run()
    assert not leader.exception
    phase_line = [i.value for i in leader.info][0]
    assert phase_line.startswith("当前阶段：")
    registered = next(m for m in leader.metric if m.label == texts.CAMPAIGN_REGISTERED)
    assert int(registered.value) == count_cases(app_db, ("QSZ",), start, today)
    behind = leader.dataframe[-1].value  # the phases, then the units furthest behind
    assert list(behind.columns)[0] == texts.CAMPAIGN_BEHIND_COLS["unit"]
    assert set(behind[texts.CAMPAIGN_BEHIND_COLS["unit"]]) <= {
        "东河村", "南湾村", "西岭村", "北坡村", "石桥社区", "柳园社区", "枣林村"
    }  # fmt: skip
    assert len(behind) == 7


def test_a_bad_campaign_is_refused_with_a_message_per_field(app_as, app_db) -> None:
    today = local_today()
    at = app_as("admin")
    at.switch_page("pages/campaigns.py").run()
    define(at, name="", start=today, end=today + timedelta(days=9), units=[])
    errors = [e.value for e in at.error]
    assert any(e.startswith(texts.CAMPAIGN_FIELDS["name"]) for e in errors)
    assert any(e.startswith(texts.CAMPAIGN_FIELDS["unit_ids"]) for e in errors)
    engine = make_engine(app_db)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Campaign)).one() == 0
    engine.dispose()


def test_the_ledger_filters_by_campaign(app_as, app_db) -> None:
    today = local_today()
    start = today - timedelta(days=90)
    admin = app_as("admin")
    admin.switch_page("pages/campaigns.py").run()
    define(admin, name="春季行动", start=start, end=today, units=["东河村", "南湾村"])
    assert not admin.error
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.selectbox(key="cases-campaign").select_index(1).run()
    expected = count_cases(app_db, ("QSZ01", "QSZ02"), start, today)
    assert [c.value for c in at.caption if c.value.startswith("共")][
        0
    ] == texts.LEDGER_TOTAL.format(total=expected, page=1, pages=max(1, -(-expected // 50)))


def test_the_dashboard_filters_by_campaign(app_as, app_db) -> None:
    today = local_today()
    start = today - timedelta(days=20)
    admin = app_as("admin")
    admin.switch_page("pages/campaigns.py").run()
    define(admin, name="秋季行动", start=start, end=today, units=["柳湾镇"])
    at = app_as("leader")
    at.switch_page("pages/dashboard.py").run()
    at.selectbox(key="dashboard-campaign").select_index(1).run()
    assert not at.exception
    registered = next(m for m in at.metric if m.label == texts.CHART["registered"])
    year_start = today.replace(month=1, day=1)
    assert int(registered.value) == count_cases(app_db, ("LWZ",), max(start, year_start), today)
    assert any("专项活动：秋季行动" in c.value for c in at.caption)
