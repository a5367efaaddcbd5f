"""`python -m db outbox` as an operator runs it (a subprocess) against the test database and a
local webhook: 0 done, 1 a setting refused, 2 a message given up after its last attempt."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from db import texts
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.settings import PROJECT_DIR
from db.enums import Channel, NoticeKind, OutboxStatus
from db.io.outbox import choices
from tests.db.outbox_helpers import attempts, messages, notify, webhook_server

OFF = ("DISPUTE_DESK_SMTP_HOST", "DISPUTE_DESK_WEBHOOK_URL", "DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS")


def outbox(engine: Engine | str, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    url = engine if isinstance(engine, str) else engine.url.render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if k not in OFF}
    env |= {"DATABASE_URL": url, **settings}
    env["PYTHONPATH"] = str(PROJECT_DIR)
    return subprocess.run(
        [sys.executable, "-m", "db", "outbox", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_and_off_by_default(engine: Engine) -> None:
    helped = outbox(engine, "--help")
    assert helped.returncode == 0 and "DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS" in helped.stdout
    off = outbox(engine)
    assert (off.returncode, off.stdout.strip()) == (0, texts.OUTBOX_OFF)


def test_an_unusable_setting_is_refused_before_anything_moves(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    notify(engine, actors["mediator"].id, NoticeKind.ASSIGNED, "QS-1 交办")
    done = outbox(engine, DISPUTE_DESK_WEBHOOK_URL="ftp://gateway.intranet/notify")
    assert done.returncode == 1
    assert "DISPUTE_DESK_WEBHOOK_URL" in done.stderr
    no_sender = outbox(engine, DISPUTE_DESK_SMTP_HOST="127.0.0.1")
    assert no_sender.returncode == 1 and "DISPUTE_DESK_SMTP_FROM" in no_sender.stderr
    assert messages(engine) == []


def test_a_message_given_up_exits_2_and_is_not_tried_again(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    mediator = actors["mediator"]
    with webhook_server(refuse=1) as (url, received):
        monkeypatch.setenv("DISPUTE_DESK_WEBHOOK_URL", url)
        with write_session(engine) as session:
            choices.save(
                session, actor=mediator, email="", kinds={Channel.WEBHOOK: [NoticeKind.ASSIGNED]}
            )
        notify(engine, mediator.id, NoticeKind.ASSIGNED, "QS-1 交办")
        settings = {"DISPUTE_DESK_WEBHOOK_URL": url, "DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS": "1"}
        failed = outbox(engine, **settings)
        notify(engine, mediator.id, NoticeKind.ASSIGNED, "QS-2 交办")
        done = outbox(engine, **settings)
    assert failed.returncode == 2, failed.stderr
    assert failed.stdout.strip() == texts.OUTBOX_DONE.format(queued=1, sent=0, retrying=0, failed=1)
    assert done.returncode == 0, done.stderr
    assert [post["subject"] for post in received.posts] == [
        "【矛盾纠纷排查化解工作台】交办给我：QS-2 交办"
    ]
    assert [m.status for m in messages(engine)] == [OutboxStatus.FAILED, OutboxStatus.SENT]
    assert attempts(engine) == [(False, "HTTPError 500"), (True, None)]


def test_a_database_that_cannot_be_reached_exits_2() -> None:
    nowhere = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    done = outbox(nowhere, DISPUTE_DESK_WEBHOOK_URL="http://127.0.0.1:1/notify")
    assert done.returncode == 2, done.stderr[-500:]
