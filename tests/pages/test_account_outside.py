"""我的账号 → 站外通知 (AppTest, SQLite): the work e-mail and the kinds per configured channel,
only the configured channels offered, saved for the signed-in user alone, a refusal shown."""

from collections.abc import Callable

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.core.engine import make_engine
from db.enums import Channel, NoticeKind
from db.models import NoticeChoice, User


def account(app_as: Callable[[str], AppTest], username: str) -> AppTest:
    at = app_as(username)
    at.switch_page("pages/account.py").run()
    assert not at.exception, at.exception
    return at


def saved(url: str) -> tuple[dict[str, str | None], set[tuple[str, Channel, NoticeKind]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        emails = {u.username: u.email for u in session.exec(select(User)).all()}
        rows = session.exec(select(NoticeChoice, User).join(User)).all()
        kinds = {(user.username, c.channel, c.kind) for c, user in rows}
    engine.dispose()
    return emails, kinds


def test_with_no_channel_configured_only_the_address_is_asked_and_the_page_says_so(
    app_db: str, app_as: Callable[[str], AppTest]
) -> None:
    at = account(app_as, "mediator")
    assert texts.OUTSIDE_NONE in [c.value for c in at.caption]
    assert not at.multiselect
    at.text_input(key="account-email").input("med@village.example")
    at.button(key="account-outside-submit").click().run()
    assert [s.value for s in at.success] == [texts.OUTSIDE_SAVED]
    emails, kinds = saved(app_db)
    assert (emails["mediator"], emails["coordinator"], kinds) == (
        "med@village.example",
        None,
        set(),
    )


def test_the_kinds_chosen_per_channel_are_saved_for_oneself_and_shown_again(
    app_db: str, app_as: Callable[[str], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_SMTP_HOST", "mail.intranet")
    monkeypatch.setenv("DISPUTE_DESK_WEBHOOK_URL", "http://gateway.intranet/notify")
    at = account(app_as, "mediator")
    assert texts.OUTSIDE_NOTE in [c.value for c in at.caption]
    email_kinds = at.multiselect(key="account-kinds-email")
    assert email_kinds.label == "通过邮件接收的通知" and email_kinds.value == []
    email_kinds.set_value([NoticeKind.ASSIGNED, NoticeKind.OVERDUE])
    at.multiselect(key="account-kinds-webhook").set_value([NoticeKind.URGENT])
    at.button(key="account-outside-submit").click().run()
    assert [e.value for e in at.error] == [texts.E_OUTBOX_NO_EMAIL]
    assert saved(app_db)[1] == set()

    at.text_input(key="account-email").input("med@village.example")
    at.button(key="account-outside-submit").click().run()
    assert [s.value for s in at.success] == [texts.OUTSIDE_SAVED]
    emails, kinds = saved(app_db)
    assert emails["mediator"] == "med@village.example"
    assert kinds == {
        ("mediator", Channel.EMAIL, NoticeKind.ASSIGNED),
        ("mediator", Channel.EMAIL, NoticeKind.OVERDUE),
        ("mediator", Channel.WEBHOOK, NoticeKind.URGENT),
    }

    again = account(app_as, "mediator")
    assert again.text_input(key="account-email").value == "med@village.example"
    assert again.multiselect(key="account-kinds-email").value == [
        NoticeKind.ASSIGNED,
        NoticeKind.OVERDUE,
    ]
    other = account(app_as, "coordinator")
    assert other.text_input(key="account-email").value == ""
    assert other.multiselect(key="account-kinds-webhook").value == []
