"""The outbox (issue 21): chosen notifications carried by mail through a local SMTP server
(aiosmtpd) and posted to a local webhook, on SQLite and PostgreSQL: sent once, a refusal then a
retry that succeeds, every attempt recorded, nothing for kinds not chosen, twice run sends
nothing twice, and no party's name, ID number or phone in what leaves."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db import texts
from db.clock import utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Invalid, Refused
from db.enums import Channel, NoticeKind, OutboxStatus
from db.io.outbox import choices
from db.io.outbox.run import run
from tests.db.factories import person_id, register_case
from tests.db.outbox_helpers import attempts, messages, notify, smtp_server, webhook_server

PHONE = "13812345678"
ID_NUMBER = person_id(7)
NAMES = ("欧阳明月", "司马青山")


@pytest.fixture
def case_title(engine: Engine, actors: dict[str, Actor]) -> tuple[int, str]:
    """A case whose parties have names, an ID number and a phone; its notification's title."""
    parties = [
        {"role": "applicant", "name": NAMES[0], "id_number": ID_NUMBER, "phone": PHONE},
        {"role": "respondent", "name": NAMES[1], "phone": "0311-87654321"},
    ]
    mediator = actors["mediator"]
    made = register_case(engine, mediator, mediator.unit_id, parties=parties)
    return made.id, f"{made.number} 邻里纠纷"


def choose(engine: Engine, actor: Actor, address: str, **kinds: list[NoticeKind]) -> None:
    with write_session(engine) as session:
        choices.save(
            session,
            actor=actor,
            email=address,
            kinds={Channel(channel): chosen for channel, chosen in kinds.items()},
        )


def mail_settings(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    monkeypatch.setenv("DISPUTE_DESK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DISPUTE_DESK_SMTP_PORT", str(port))
    monkeypatch.setenv("DISPUTE_DESK_SMTP_FROM", "desk@county.example")


def leaked(text: str) -> list[str]:
    """The parties' personal data found in a text that left the app."""
    return [
        data
        for data in (*NAMES, ID_NUMBER, PHONE, "87654321")
        if data in text or data in text.replace("-", "")
    ]


def test_a_chosen_kind_is_mailed_once_to_the_work_address(
    engine: Engine, actors: dict[str, Actor], case_title: tuple[int, str], monkeypatch
) -> None:
    case_id, title = case_title
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    with smtp_server() as (port, received):
        mail_settings(monkeypatch, port)
        choose(engine, mediator, "  med@village.example ", email=[NoticeKind.ASSIGNED])
        notify(engine, mediator.id, NoticeKind.ASSIGNED, title, case_id=case_id)
        notify(engine, mediator.id, NoticeKind.DUE_TODAY, title, case_id=case_id)  # not chosen
        notify(engine, coordinator.id, NoticeKind.ASSIGNED, title, case_id=case_id)  # chose none
        first = run(engine)
        second = run(engine)
    assert (first.queued, first.sent.sent, second.queued, second.sent.sent) == (1, 1, 0, 0)
    assert received.recipients == [["med@village.example"]]
    mail = received.mails[0]
    assert mail["Subject"] == f"【矛盾纠纷排查化解工作台】交办给我：{title}"
    assert f"/case?id={case_id}" in mail.get_content()
    assert leaked(received.raw[0].decode("utf-8", "replace") + mail.get_content()) == []
    (message,) = messages(engine)
    assert (message.status, message.attempts, message.user_id) == (
        OutboxStatus.SENT,
        1,
        mediator.id,
    )
    assert attempts(engine) == [(True, None)]


def test_a_refused_mail_is_tried_again_after_a_pause_and_then_goes(
    engine: Engine, actors: dict[str, Actor], case_title: tuple[int, str], monkeypatch
) -> None:
    case_id, title = case_title
    mediator = actors["mediator"]
    with smtp_server(refuse=1) as (port, received):
        mail_settings(monkeypatch, port)
        choose(engine, mediator, "med@village.example", email=[NoticeKind.OVERDUE])
        notify(engine, mediator.id, NoticeKind.OVERDUE, title, case_id=case_id)
        start = utcnow() + timedelta(seconds=1)
        refused = run(engine, now=start)
        too_soon = run(engine, now=start + timedelta(seconds=30))
        retried = run(engine, now=start + timedelta(seconds=61))
    assert (refused.sent.retrying, too_soon.sent.retrying, too_soon.sent.sent) == (1, 0, 0)
    assert retried.sent.sent == 1
    assert len(received.mails) == 1
    assert attempts(engine) == [(False, "SMTPDataError 451"), (True, None)]
    (message,) = messages(engine)
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, None)


def test_the_gateway_gets_one_json_post_and_gives_up_after_the_last_attempt(
    engine: Engine, actors: dict[str, Actor], case_title: tuple[int, str], monkeypatch
) -> None:
    case_id, title = case_title
    coordinator = actors["coordinator"]
    with webhook_server(refuse=2) as (url, received):
        monkeypatch.setenv("DISPUTE_DESK_WEBHOOK_URL", url)
        monkeypatch.setenv("DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS", "2")
        choose(engine, coordinator, "", webhook=[NoticeKind.URGENT, NoticeKind.FLAGGED])
        notify(engine, coordinator.id, NoticeKind.URGENT, title, case_id=case_id)
        start = utcnow() + timedelta(seconds=1)
        run(engine, now=start)
        given_up = run(engine, now=start + timedelta(minutes=2))
        notify(engine, coordinator.id, NoticeKind.FLAGGED, title, case_id=case_id)
        later = start + timedelta(minutes=3)
        delivered = run(engine, now=later)
        again = run(engine, now=later + timedelta(hours=1))
    assert (given_up.sent.failed, delivered.sent.sent, again.sent.sent) == (1, 1, 0)
    assert attempts(engine) == [(False, "HTTPError 500"), (False, "HTTPError 500"), (True, None)]
    failed, sent = messages(engine)
    assert (failed.status, failed.attempts, sent.status) == (
        OutboxStatus.FAILED,
        2,
        OutboxStatus.SENT,
    )
    (post,) = received.posts
    assert post == {
        "id": sent.id,
        "to": "coordinator",
        "subject": f"【矛盾纠纷排查化解工作台】挂牌督办：{title}",
        "text": sent.body,
    }
    assert f"/case?id={case_id}" in str(post["text"])
    assert leaked(received.raw[0].decode("utf-8")) == []


def test_nothing_is_queued_that_was_read_made_before_the_choice_or_not_chosen(
    engine: Engine, actors: dict[str, Actor], monkeypatch
) -> None:
    mediator = actors["mediator"]
    with webhook_server() as (url, received):
        monkeypatch.setenv("DISPUTE_DESK_WEBHOOK_URL", url)
        notify(engine, mediator.id, NoticeKind.ASSIGNED, "QS-1 旧通知", at=utcnow())
        choose(engine, mediator, "", webhook=[NoticeKind.ASSIGNED])
        notify(engine, mediator.id, NoticeKind.ASSIGNED, "QS-2 已读", read=True)
        notify(engine, mediator.id, NoticeKind.REOPENED, "QS-3 未选")
        notify(engine, mediator.id, NoticeKind.ASSIGNED, "QS-4 新通知")
        run(engine)
        choose(engine, mediator, "", webhook=[])  # turned off again
        notify(engine, mediator.id, NoticeKind.ASSIGNED, "QS-5 关闭后")
        run(engine)
    assert [post["subject"] for post in received.posts] == [
        "【矛盾纠纷排查化解工作台】交办给我：QS-4 新通知"
    ]


def test_an_id_number_or_phone_in_a_title_is_masked_and_the_title_stays_one_line(
    engine: Engine, actors: dict[str, Actor], monkeypatch
) -> None:
    mediator = actors["mediator"]
    with smtp_server() as (port, received):
        mail_settings(monkeypatch, port)
        choose(engine, mediator, "med@village.example", email=[NoticeKind.ASSIGNED])
        title = f"QS-9 {ID_NUMBER} {PHONE}\r\nBcc: everyone@example.com"
        notify(engine, mediator.id, NoticeKind.ASSIGNED, title)
        run(engine)
    raw = received.raw[0].decode("utf-8", "replace")
    mail = received.mails[0]
    assert leaked(raw + mail.get_content() + str(mail["Subject"])) == []
    assert mail["Bcc"] is None and received.recipients == [["med@village.example"]]
    assert "138****5678" in str(mail["Subject"]) and "/inbox" in mail.get_content()


def test_nothing_leaves_while_no_channel_is_configured(
    engine: Engine, actors: dict[str, Actor], monkeypatch
) -> None:
    mediator = actors["mediator"]
    with webhook_server() as (url, _received):
        monkeypatch.setenv("DISPUTE_DESK_WEBHOOK_URL", url)
        choose(engine, mediator, "", webhook=[NoticeKind.ASSIGNED])
    monkeypatch.delenv("DISPUTE_DESK_WEBHOOK_URL")
    notify(engine, mediator.id, NoticeKind.ASSIGNED, "QS-1 交办")
    assert run(engine).channels == ()
    assert messages(engine) == []


def test_choices_are_ones_own_and_refused_for_a_channel_not_configured(
    engine: Engine, actors: dict[str, Actor], monkeypatch
) -> None:
    mediator = actors["mediator"]
    with pytest.raises(Refused, match="未配置邮件渠道"):
        choose(engine, mediator, "med@village.example", email=[NoticeKind.ASSIGNED])
    monkeypatch.setenv("DISPUTE_DESK_SMTP_HOST", "127.0.0.1")
    with pytest.raises(Refused) as no_address:
        choose(engine, mediator, " ", email=[NoticeKind.ASSIGNED])
    assert (no_address.value.message, no_address.value.field) == (
        texts.E_OUTBOX_NO_EMAIL,
        "email",
    )
    for bad in ("med", "a b@x", "med@village.example, boss@county.example", "x@" + "y" * 260):
        with pytest.raises(Invalid, match="邮箱地址格式不对"):
            choose(engine, mediator, bad, email=[])
    choose(engine, mediator, "med@village.example", email=[NoticeKind.ASSIGNED, NoticeKind.DIGEST])
    choose(engine, mediator, "med@village.example", email=[NoticeKind.DIGEST, NoticeKind.URGENT])
    with Session(engine) as session:
        mine = choices.read(session, mediator)
        theirs = choices.read(session, actors["coordinator"])
    assert mine.email == "med@village.example"
    assert mine.kinds[Channel.EMAIL] == {NoticeKind.DIGEST, NoticeKind.URGENT}
    assert (theirs.email, theirs.kinds[Channel.EMAIL]) == (None, frozenset())
