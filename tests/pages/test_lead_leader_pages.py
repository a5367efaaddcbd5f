"""包案领导 on the pages (issue 23): the leader's home lists the cases they lead, the ledger's
hand-over moves a leader's cases with a reason, and a hard case's page shows its 五个一."""

from sqlmodel import Session, col, func, select

from db import texts
from db.core.engine import make_engine
from db.enums import EventKind, Risk
from db.models import Case, CaseEvent, User


def _user_id(url: str, username: str) -> int:
    with Session(make_engine(url)) as session:
        return session.exec(select(User.id).where(User.username == username)).one()  # type: ignore[return-value]


def test_the_town_leaders_home_counts_the_cases_they_lead(app_as, app_db) -> None:
    leader = _user_id(app_db, "town_leader")
    with Session(make_engine(app_db)) as session:
        led = session.exec(select(func.count()).where(Case.lead_leader_id == leader)).one()
    assert led > 0  # the demo's 青石镇 cases are led by the town's leader account
    at = app_as("town_leader")
    assert not at.exception
    assert f"{texts.MY_LEAD_CASES}（{led}）" in [h.value for h in at.subheader]


def test_the_coordinator_hands_a_leaders_open_cases_to_the_county_leader(app_as, app_db) -> None:
    town_leader, county_leader = _user_id(app_db, "town_leader"), _user_id(app_db, "leader")
    with Session(make_engine(app_db)) as session:
        open_led = session.exec(
            select(Case.id).where(
                Case.lead_leader_id == town_leader, col(Case.stage).not_in(("closed", "referred"))
            )
        ).all()
    assert open_led
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.selectbox(key="cases-handover-from").select(town_leader).run()
    at.selectbox(key="cases-handover-to").select(county_leader).run()
    at.text_area(key="cases-handover-reason").input("张伟同志调任，包案工作移交县领导")
    at.button(key="cases-handover-submit").click().run()
    assert not at.exception
    assert texts.HANDOVER_DONE.format(count=len(open_led)) in [s.value for s in at.success]
    with Session(make_engine(app_db)) as session:
        moved = session.exec(
            select(func.count()).where(
                col(Case.id).in_(open_led), Case.lead_leader_id == county_leader
            )
        ).one()
        entries = session.exec(
            select(func.count()).where(
                col(CaseEvent.case_id).in_(open_led), CaseEvent.kind == EventKind.LEADER_CHANGED
            )
        ).one()
    assert moved == entries == len(open_led)


def test_a_hard_cases_page_shows_its_five_ones(app_as, app_db) -> None:
    with Session(make_engine(app_db)) as session:
        case = session.exec(
            select(Case)
            .where(Case.risk == Risk.HIGH, col(Case.lead_leader_id).is_not(None))
            .order_by(col(Case.id))
        ).first()
    assert case is not None
    at = app_as("coordinator")
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case.id)
    at.run()
    assert not at.exception
    assert texts.FIVE_ONES in [h.value for h in at.subheader]
    rows = texts.FIVE_ONES_ROWS
    tables = [
        d.value for d in at.dataframe if rows["team"] in list(d.value.get(texts.CASE_ITEM, []))
    ]
    assert len(tables) == 1
    shown = dict(zip(tables[0][texts.CASE_ITEM], tables[0][texts.CASE_VALUE], strict=True))
    assert (shown[rows["leader"]], shown[rows["team"]]) == (case.lead_leader, case.lead_team)
