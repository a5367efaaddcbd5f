"""Bad input and abuse through the pages (AppTest, the real login): the part of the abuse suite
that needs a page — see tests/abuse_payloads.py for the payloads and what each must give, and
tests/db/test_abuse.py for every entry point on both engines.

A page run costs a second or two, so the matrix here is representative, not complete: each
refused kind once on a field of the intake form where it is likeliest (control character in the
facts and a party's name, 1 MB in the facts, each number and date kind once), the kept payloads
once through the whole form and back on the case page and the ledger, each Markdown-rendering
place that shows user text (the flag note, the inspection header, a duplicate party's link,
the sidebar), and the ?id= parameter of the case and inspection pages with each kind of bad
value. Each: a Chinese message under the field or a literal display, nothing saved that should
not be, and no exception.
"""

import re
from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from components.forms import literal
from db import texts
from db.cases import actions as case_actions
from db.core.actor import Actor
from db.core.engine import make_engine, write_session
from db.core.validation import EARLIEST_DATE
from db.enums import AuditAction
from db.models import AuditLog, Case, Inspection, Party, Unit, User
from db.supervision.checklists import ensure_default_template
from tests.abuse_payloads import ALL_KEPT, CONTROL, HUGE, KEPT

# The payloads' markup as Markdown would act on it: found unescaped in a Markdown-rendering
# element, it would be a link, an image, bold text or (escaped by Streamlit) a tag.
LIVE_MARKUP = re.compile(r"\[link\]\(|\[张三\]\(|!\[x\]\(|\*\*bold\*\*|(?<!\\)<(script|img)")


def count(url: str, model) -> int:  # type: ignore[no-untyped-def]
    with Session(make_engine(url)) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def markdown_shown(at: AppTest) -> list[str]:
    """Every string the page passed through Markdown: headers, captions, alerts, Markdown
    blocks, expander and widget labels."""
    found: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption"):
        found += [e.value for e in getattr(at, kind)]
    for kind in ("error", "warning", "info", "success"):
        found += [e.value for e in getattr(at, kind)]
    found += [e.label for e in at.expander]
    for kind in ("text_input", "text_area", "button", "selectbox", "segmented_control"):
        found += [w.label for w in at.get(kind) if getattr(w, "label", None)]
    return [str(v) for v in found]


def assert_no_live_markup(at: AppTest) -> None:
    assert not at.exception, at.exception
    live = [v for v in markdown_shown(at) if LIVE_MARKUP.search(v)]
    assert not live, f"user text reached Markdown unescaped: {live}"


def plain_texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def intake(at: AppTest, *, facts: str = "两户因排水沟走向发生争执。", **fields: str) -> None:
    at.switch_page("pages/intake.py").run()
    at.text_area(key="intake-facts").input(facts)
    at.text_input(key="intake-party-0-name").input(fields.get("name0", "胡丽娟"))
    at.text_input(key="intake-party-1-name").input(fields.get("name1", "郭桂兰"))
    if "address0" in fields:
        at.text_input(key="intake-party-0-address").input(fields["address0"])
    if "amount" in fields:
        at.text_input(key="intake-amount").input(fields["amount"])


def saved_case_id(at: AppTest) -> int:
    [link] = [p for p in at.get("page_link") if "id" in (p.proto.query_string or "")]
    return int(re.search(r"id=(\d+)", link.proto.query_string)[1])  # type: ignore[index]


def open_case(at: AppTest, case_id: int | str) -> AppTest:
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    return at.run()


# The intake form: refused kinds, each under its field ----------------------------------------


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"facts": CONTROL}, "facts", texts.V_CONTROL_CHAR),
        ({"name0": CONTROL}, "parties.0.name", texts.V_CONTROL_CHAR),
        ({"amount": "-5"}, "amount_yuan", texts.V_NEGATIVE),
        ({"amount": "1e30"}, "amount_yuan", texts.V_TOO_LARGE.format(max=10**10)),
        ({"amount": "NaN"}, "amount_yuan", texts.V_NOT_NUMBER),
        ({"people": 10**12}, "people_involved", texts.V_TOO_LARGE.format(max=100_000)),
    ],
    ids=[
        "nul-facts",
        "nul-name",
        "negative-amount",
        "huge-amount",
        "nan-amount",
        "huge-people",
    ],
)
def test_a_refused_intake_field_gets_its_message_and_saves_nothing(
    fields: dict[str, object], key: str, message: str, app_as, app_db: str
) -> None:
    at = app_as("coordinator")
    text_fields = {k: str(v) for k, v in fields.items() if k in ("name0", "amount")}
    intake(at, facts=str(fields.get("facts", "两户因排水沟走向发生争执。")), **text_fields)
    if "people" in fields:
        at.number_input(key="intake-people").set_value(fields["people"])
    before = (count(app_db, Case), count(app_db, Party), count(app_db, AuditLog))
    at.button(key="intake-submit").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert message in errors, errors
    assert texts.FORM_HAS_ERRORS.format(count=1) in errors  # the one field, nothing else
    assert (count(app_db, Case), count(app_db, Party), count(app_db, AuditLog)) == before


def test_what_the_widgets_would_not_send_is_bounded_before_the_rules_see_it(
    app_as, app_db: str
) -> None:
    """1 MB of facts, 5,000 characters of address and dates of year 1 and 9999, set past the
    widgets' own checks as a forged message would carry them: Streamlit cuts text at the
    widget's max_chars and puts an out-of-range date back to its default, so the case saved
    holds neither (and the rules in db/ refuse them outright: tests/db/test_abuse.py)."""
    at = app_as("coordinator")
    for found_on in (date(1, 1, 1), date(9999, 12, 31)):
        intake(at, facts="")
        at.text_area(key="intake-facts").set_value(HUGE)
        at.text_input(key="intake-party-0-address").set_value("纠" * 5000)
        at.date_input(key="intake-found-on").set_value(found_on)
        at.button(key="intake-submit").click().run()
        assert not at.exception, at.exception
        case_id = saved_case_id(at)
        with Session(make_engine(app_db)) as session:
            case = session.get(Case, case_id)
            address = session.exec(
                select(Party.address).where(Party.case_id == case_id, Party.name == "胡丽娟")
            ).one()
        assert case is not None and case.facts == HUGE[:2000]
        assert address == "纠" * 200
        assert EARLIEST_DATE <= case.found_on <= date.today() + timedelta(days=1)


# Kept payloads: through the form, back on the case page and in the ledger --------------------


def test_kept_payloads_are_shown_as_typed_as_text_on_the_case_page_and_the_ledger(
    app_as, app_db: str
) -> None:
    at = app_as("coordinator")
    names = (KEPT["rare-cjk"], KEPT["markdown-link"])
    intake(at, facts=ALL_KEPT, name0=names[0], name1=names[1], address0=KEPT["emoji"])
    at.button(key="intake-submit").click().run()
    assert not at.exception, at.exception
    assert at.success, [e.value for e in at.error]
    case_id = saved_case_id(at)
    with Session(make_engine(app_db)) as session:
        stored = session.get(Case, case_id)
        assert stored is not None and stored.facts == ALL_KEPT

    open_case(at, case_id)
    assert ALL_KEPT in plain_texts(at)  # st.text: shown exactly, as text
    parties = at.dataframe[1].value
    assert list(parties.iloc[:, 1]) == list(names)
    assert KEPT["emoji"] in list(parties.iloc[:, 4])
    assert_no_live_markup(at)

    at.switch_page("pages/cases.py").run()
    at.text_input(key="cases-search").input(KEPT["rare-cjk"]).run()
    [table] = at.dataframe
    assert list(table.value.iloc[:, -1]) == [ALL_KEPT]  # 纠纷简要情况, in a grid: text
    assert_no_live_markup(at)


# Markdown-rendering places that show user text ---------------------------------------------


def _leader(url: str) -> Actor:
    with Session(make_engine(url)) as session:
        user = session.exec(select(User).where(User.username == "leader")).one()
        return Actor.of(session, user)


def test_a_flag_note_with_markup_is_shown_literally(app_as, app_db: str) -> None:
    with Session(make_engine(app_db)) as session:
        case_id = session.exec(
            select(Case.id).where(Case.number.startswith("QSZ"), Case.stage == "registered")
        ).first()
    note = KEPT["markdown-link"] + " " + KEPT["markdown-image"]
    with write_session(make_engine(app_db)) as session:
        case_actions.flag(session, actor=_leader(app_db), case_id=case_id, on=True, note=note)
    at = open_case(app_as("coordinator"), case_id)
    assert texts.FLAG_MARK + literal(note) in [w.value for w in at.warning]
    assert_no_live_markup(at)


def test_a_duplicate_partys_link_shows_the_name_literally(app_as) -> None:
    at = app_as("coordinator")
    name = "[张三](javascript:alert(1))"
    for facts in ("第一次登记。", "第二次登记。"):
        intake(at, facts=facts, name0=name)
        at.text_input(key="intake-party-0-phone").input("13812349876")
        at.button(key="intake-submit").click().run()
    assert not at.exception, at.exception
    labels = [p.proto.label for p in at.get("page_link") if "id=" in p.proto.query_string]
    assert labels and all(literal(name) in label for label in labels), labels
    assert not any(LIVE_MARKUP.search(label) for label in labels)


def test_an_inspection_team_with_markup_is_shown_literally(app_as, app_db: str) -> None:
    engine = make_engine(app_db)
    with Session(engine) as session:
        ensure_default_template(session)
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
    at = app_as("supervisor")
    at.switch_page("pages/inspections.py").run()
    at.selectbox(key="insp-unit").select(village)
    team = KEPT["markdown-link"] + " " + KEPT["script"]
    at.text_input(key="insp-team").input(team)
    at.button(key="insp-start").click().run()
    assert not at.exception, at.exception
    with Session(engine) as session:
        assert session.exec(select(Inspection.team)).all() == [team]
    assert any(literal(team) in h for h in (s.value for s in at.subheader))
    assert_no_live_markup(at)


# ?id= on the case and inspection pages --------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["abc", "-1", "0", "²", "１２", "2147483648", "9" * 40, "1;DROP TABLE cases", "<script>"]
)
def test_a_bad_case_id_in_the_url_gets_a_message(raw: str, app_as, app_db: str) -> None:
    at = open_case(app_as("coordinator"), raw)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [texts.CASE_NO_ID]
    assert count(app_db, Case) > 0


def test_a_case_id_that_names_no_case_is_not_found(app_as) -> None:
    at = open_case(app_as("coordinator"), 2**31 - 1)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [texts.E_NOT_FOUND]


def test_another_units_case_by_id_is_refused_audited_and_shows_nothing_of_it(
    app_as, app_db: str
) -> None:
    with Session(make_engine(app_db)) as session:
        other = session.exec(select(Case).where(Case.number.startswith("LWZ"))).first()
        mediator = session.exec(select(User.id).where(User.username == "mediator")).one()
    assert other is not None
    at = open_case(app_as("mediator"), other.id or 0)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [texts.E_OUT_OF_SCOPE]
    shown = " ".join(markdown_shown(at) + plain_texts(at))
    assert other.number not in shown and other.facts not in shown
    assert not at.dataframe
    with Session(make_engine(app_db)) as session:
        denied = session.exec(
            select(AuditLog.user_id).where(
                AuditLog.action == AuditAction.DENIED, AuditLog.case_id == other.id
            )
        ).all()
    assert denied == [mediator]


@pytest.mark.parametrize("raw", ["²", "-1", "9" * 40, "2147483647", "<script>"])
def test_a_bad_inspection_id_in_the_url_is_no_error(raw: str, app_as, app_db: str) -> None:
    at = app_as("supervisor")
    at.switch_page("pages/inspections.py")
    at.query_params["id"] = raw
    at.run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert errors == ([texts.SUP_E_NO_INSPECTION] if raw == "2147483647" else [])


# The account password form ----------------------------------------------------------------


def test_a_password_with_a_nul_gets_a_message_and_changes_nothing(app_as, app_db: str) -> None:
    from tests.conftest import PASSWORD

    with Session(make_engine(app_db)) as session:
        before = session.exec(select(User.password_hash).where(User.username == "mediator")).one()
    at = app_as("mediator")
    at.switch_page("pages/account.py").run()
    new = "new\x00password 1"
    at.text_input(key="account-password-current").input(PASSWORD)
    at.text_input(key="account-password-new").input(new)
    at.text_input(key="account-password-repeat").input(new)
    at.button(key="account-password-submit").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [texts.V_CONTROL_CHAR]
    with Session(make_engine(app_db)) as session:
        after = session.exec(select(User.password_hash).where(User.username == "mediator")).one()
    assert after == before


# The login form -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["admin\x00", "<script>alert(1)</script>", "' OR 1=1 --"])
def test_a_hostile_username_reads_like_any_wrong_sign_in(username: str, app_db: str) -> None:
    from db.accounts.auth import LoginRefused
    from tests.conftest import PASSWORD
    from tests.pages.conftest import PROJECT, sign_in

    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.run()
    sign_in(at, username, PASSWORD)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [str(LoginRefused())]
    assert not [b for b in at.button if b.key == "nav-logout"]
