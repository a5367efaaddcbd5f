"""The intake form, the ledger and one case, driven as a user would."""

import re

import pytest
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.cases import register
from db.core.engine import make_engine
from db.core.scope import OutOfScope
from db.models import AuditLog, Case, CaseEvent

GOOD_ID = "990000196707300004"


def fill_intake(
    at: AppTest, *, facts: str, id_number: str = GOOD_ID, phone: str = "13812345678"
) -> None:
    at.text_area(key="intake-facts").input(facts)
    at.text_input(key="intake-party-0-name").input("胡丽娟")
    at.text_input(key="intake-party-0-id").input(id_number)
    at.text_input(key="intake-party-0-phone").input(phone)
    at.text_input(key="intake-party-1-name").input("郭桂兰")


def count(url: str, model) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_registering_a_dispute_shows_its_number_and_writes_the_event(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    before = count(app_db, Case)
    fill_intake(at, facts="两户因排水沟走向发生争执。")
    at.button(key="intake-submit").click().run()
    assert not at.exception
    [message] = [s.value for s in at.success]
    number = re.search(r"QSZ-\d{4}-\d{4}", message).group(0)
    assert count(app_db, Case) == before + 1
    engine = make_engine(app_db)
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.number == number)).one()
        kinds = session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert kinds == ["registered"]


def test_bad_input_gets_chinese_messages_and_saves_nothing(app_as, app_db) -> None:
    at = app_as("mediator")
    at.switch_page("pages/intake.py").run()
    before = count(app_db, Case)
    fill_intake(at, facts="", id_number="990000196707300005", phone="12345")
    at.text_input(key="intake-amount").input("-5")
    at.button(key="intake-submit").click().run()
    errors = {e.value for e in at.error}
    assert texts.V_ID_CHECKSUM in errors
    assert texts.V_PHONE in errors
    assert texts.V_REQUIRED_LONG.format(max=2000) in errors  # the facts (empty: maybe a lost paste)
    assert texts.V_NEGATIVE in errors  # the money
    assert count(app_db, Case) == before


def test_a_second_submit_of_the_same_form_makes_one_case(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    before = count(app_db, Case)
    fill_intake(at, facts="借款到期未还。", id_number="", phone="")
    at.button(key="intake-submit").click().run()
    fill_intake(at, facts="借款到期未还。", id_number="", phone="")
    at.button(key="intake-submit").click().run()
    assert count(app_db, Case) == before + 1


def test_a_known_party_is_warned_about_and_may_still_be_registered(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    fill_intake(at, facts="第一次登记。", id_number=GOOD_ID, phone="")
    at.button(key="intake-submit").click().run()
    before = count(app_db, Case)
    fill_intake(at, facts="同一当事人的另一纠纷。", id_number=GOOD_ID, phone="")
    at.button(key="intake-submit").click().run()
    assert any("注意" in w.value for w in at.warning)
    assert count(app_db, Case) == before  # nothing saved until confirmed
    at.button(key="intake-confirm").click().run()
    assert count(app_db, Case) == before + 1
    assert any("已登记" in s.value for s in at.success)


@pytest.mark.parametrize("cause", ["rules", "database"])
def test_a_refused_save_without_duplicates_shows_only_the_refusal(
    cause: str, app_as, app_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused by a rule (here: the unit lies outside the user's scope) or by a database that
    cannot take the write: the reason shows, and no box of zero other cases offers to register
    anyway."""
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    fill_intake(at, facts="登记被拒绝的纠纷。", id_number="", phone="")
    before = count(app_db, Case)
    if cause == "rules":
        message = texts.E_UNIT_OUT_OF_SCOPE

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise OutOfScope(message)

        monkeypatch.setattr(register, "register", refuse)
    else:
        message = texts.E_DB_READ_ONLY
        path = app_db.removeprefix("sqlite:///")
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    at.button(key="intake-submit").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [message]
    assert texts.INTAKE_DUPLICATES.format(count=0) not in [w.value for w in at.warning]
    assert texts.INTAKE_SAVE_ANYWAY not in [b.label for b in at.button]
    assert not at.success
    assert count(app_db, Case) == before


def test_ledger_finds_a_case_by_number_and_shows_no_personal_identifiers(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    fill_intake(at, facts="物业费争议。")
    at.button(key="intake-submit").click().run()
    number = re.search(r"QSZ-\d{4}-\d{4}", at.success[0].value).group(0)
    at.switch_page("pages/cases.py").run()
    at.text_input(key="cases-search").input(number).run()
    assert texts.LEDGER_TOTAL.format(total=1, page=1, pages=1) in [c.value for c in at.caption]
    frame = at.dataframe[0].value
    assert frame[texts.FIELDS["number"]].str.endswith(number).tolist() == [True]
    assert GOOD_ID not in frame.to_string()


def test_ledger_search_finds_a_case_by_words_of_its_facts(app_as) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    fill_intake(at, facts="小区电梯加装费用分摊引发𠮷姓业主不满。")
    at.button(key="intake-submit").click().run()
    number = re.search(r"QSZ-\d{4}-\d{4}", at.success[0].value).group(0)
    at.switch_page("pages/cases.py").run()
    for term in ("电梯加装费用", "𠮷姓"):
        at.text_input(key="cases-search").input(term).run()
        frame = at.dataframe[0].value
        assert frame[texts.FIELDS["number"]].str.endswith(number).tolist() == [True], term
    at.text_input(key="cases-search").input("电梯加装 费用").run()
    assert [i.value for i in at.info] == [texts.LEDGER_EMPTY]


def test_mediator_ledger_holds_only_cases_of_their_village(app_as) -> None:
    at = app_as("mediator")
    at.switch_page("pages/cases.py").run()
    frame = at.dataframe[0].value
    assert set(frame[texts.FIELDS["unit"]]) == {"东河村"}


def test_case_page_masks_identifiers_until_revealed_with_a_reason(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    fill_intake(at, facts="<script>alert(1)</script> [x](javascript:alert(1))")
    at.button(key="intake-submit").click().run()
    case_id = count(app_db, Case)
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    at.run()
    assert "<script>alert(1)</script> [x](javascript:alert(1))" in [t.value for t in at.text]
    parties = at.dataframe[1].value  # facts, then parties
    assert parties[texts.FIELDS["id_number"]][0] == "990***********0004"
    assert parties[texts.FIELDS["phone"]][0] == "138****5678"
    at.text_input(key="case-reveal-reason").input("电话联系当事人安排调解")
    at.button(key="case-reveal-submit").click().run()
    parties = at.dataframe[1].value  # facts, then parties
    assert parties[texts.FIELDS["id_number"]][0] == GOOD_ID
    engine = make_engine(app_db)
    with Session(engine) as session:
        reveal = session.exec(select(AuditLog).where(AuditLog.action == "reveal")).one()
    assert reveal.case_id == case_id and reveal.detail == "电话联系当事人安排调解"


def test_case_outside_scope_is_refused_on_the_case_page(app_as, app_db) -> None:
    engine = make_engine(app_db)
    with Session(engine) as session:
        other = session.exec(select(Case.id).where(~Case.number.startswith("QSZ"))).first()
    at = app_as("mediator")
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(other)
    at.run()
    assert [e.value for e in at.error] == [texts.E_OUT_OF_SCOPE]
    assert not at.dataframe


def test_after_a_save_the_form_is_empty_and_the_number_links_to_the_case(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    fill_intake(at, facts="两户因院墙滴水发生口角。", id_number="", phone="")
    at.text_input(key="intake-party-0-address").input("东河村 3 组")
    at.checkbox(key="intake-group-risk").check()
    at.button(key="intake-submit").click().run()
    assert not at.exception
    [message] = [s.value for s in at.success]
    number = re.search(r"QSZ-\d{4}-\d{4}", message).group(0)
    engine = make_engine(app_db)
    with Session(engine) as session:
        case_id = session.exec(select(Case.id).where(Case.number == number)).one()
    [link] = [
        link
        for link in at.get("page_link")
        if link.proto.label == texts.OPEN_CASE.format(number=number)
    ]
    assert link.proto.page.endswith("case") and f"id={case_id}" in link.proto.query_string
    # Nothing of the last dispute is left to copy or to submit a second time.
    assert at.text_area(key="intake-facts").value == ""
    for field in ("name", "id", "phone", "address"):
        assert at.text_input(key=f"intake-party-0-{field}").value == ""
    assert at.text_input(key="intake-party-1-name").value == ""
    assert at.checkbox(key="intake-group-risk").value is False
    at.button(key="intake-submit").click().run()  # an empty form saves nothing
    assert texts.V_REQUIRED in {e.value for e in at.error}
    with Session(engine) as session:
        assert (
            session.exec(select(func.count()).where(Case.facts == "两户因院墙滴水发生口角。")).one()
            == 1
        )


def test_the_facts_box_takes_what_db_takes_and_says_the_limit(app_as, app_db) -> None:
    at = app_as("mediator")
    at.switch_page("pages/intake.py").run()
    facts = at.text_area(key="intake-facts")
    assert facts.max_chars == 2000  # CaseCreate.facts
    assert "2000" in facts.help
    fill_intake(at, facts="争" * 2000, id_number="", phone="")
    at.button(key="intake-submit").click().run()
    assert not at.error
    assert [s for s in at.success]
    # A paste past the limit is not taken (as in the browser): the message says why.
    at.text_area(key="intake-facts").input("争" * 2001)
    at.text_input(key="intake-party-0-name").input("胡丽娟")
    at.text_input(key="intake-party-1-name").input("郭桂兰")
    at.button(key="intake-submit").click().run()
    assert texts.V_REQUIRED_LONG.format(max=2000) in {e.value for e in at.error}
