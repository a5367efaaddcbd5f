"""Signing in and out (db.accounts.auth): one refusal message, throttling (more in
test_throttle.py), exact passwords, bcrypt's 72-byte limit, session revocation and password changes."""

import bcrypt
import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, select

from db import texts
from db.accounts import auth, throttle
from db.accounts.auth import LoginRefused, SignedIn, change_password, resume, sign_in, sign_out
from db.accounts.users import MIN_PASSWORD_LENGTH, PasswordRefused, create_user
from db.clock import utcnow
from db.core.engine import write_session
from db.demo.world import World
from db.enums import AuditAction, Role
from db.models import AuditLog, LoginAttempt, Unit, User
from tests.conftest import PASSWORD

HOME, ELSEWHERE = "10.0.0.1", "10.0.0.2"


def login(engine: Engine, username: str, password: str, client: str = HOME) -> SignedIn:
    with write_session(engine) as session:
        return sign_in(session, username=username, password=password, client=client)


def refusal(engine: Engine, username: str, password: str, client: str = HOME) -> str:
    with pytest.raises(LoginRefused) as refused:
        login(engine, username, password, client)
    return str(refused.value)


def audit_rows(engine: Engine, action: AuditAction) -> list[AuditLog]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
            ).all()
        )


def still_valid(engine: Engine, token: str) -> bool:
    """The session this token names still signs its user in."""
    with Session(engine) as session:
        return resume(session, token=token, client=HOME).who is not None


def set_user(engine: Engine, username: str, **values: object) -> None:
    with Session(engine) as session:
        session.execute(update(User).where(User.username == username).values(**values))  # type: ignore[arg-type]
        session.commit()


def add_user(engine: Engine, username: str, password: str) -> None:
    with Session(engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == "QSZ01")).one()
        create_user(
            session,
            username=username,
            display_name=username,
            password=password,
            role=Role.MEDIATOR,
            unit=unit,
            must_change_password=False,
        )
        session.commit()


def test_the_right_password_signs_in_and_is_audited(engine: Engine, world: World) -> None:
    signed = login(engine, "mediator", PASSWORD)
    assert (signed.actor.username, signed.actor.role, signed.actor.client) == (
        "mediator",
        Role.MEDIATOR,
        HOME,
    )
    assert signed.actor.unit_name == "东河村"
    assert signed.must_change_password is False
    logins = audit_rows(engine, AuditAction.LOGIN)
    assert [(a.user_id, a.username, a.client) for a in logins] == [
        (world.users["mediator"], "mediator", HOME)
    ]


def test_the_username_may_carry_blanks_around_it(engine: Engine, world: World) -> None:
    assert login(engine, "  mediator ", PASSWORD).actor.username == "mediator"


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("mediator", "wrong password"),
        ("mediator", PASSWORD.upper()),
        ("mediator", ""),
        ("nobody", PASSWORD),
        ("Mediator", PASSWORD),
        ("", ""),
        ("mediator", " " + PASSWORD),  # passwords are not trimmed
        ("mediator", PASSWORD + " "),
    ],
)
def test_every_refusal_reads_the_same(
    engine: Engine, world: World, username: str, password: str
) -> None:
    assert refusal(engine, username, password) == texts.E_LOGIN_FAILED
    failed = audit_rows(engine, AuditAction.LOGIN_FAILED)
    assert [(a.username, a.client, a.user_id) for a in failed] == [(username.strip(), HOME, None)]
    assert audit_rows(engine, AuditAction.LOGIN) == []


@pytest.fixture
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sign-in's clock stands still: a throttled try stays too early however slow the
    machine (test_throttle.py moves time on)."""
    now = utcnow()
    monkeypatch.setattr(auth, "utcnow", lambda: now)


@pytest.mark.usefixtures("stopped_clock")
def test_a_throttled_try_reads_the_same_as_a_wrong_password(engine: Engine, world: World) -> None:
    for _ in range(throttle.FREE_FAILURES):
        refusal(engine, "mediator", "wrong password")
    # The right password, too early after the fifth failure from this client: refused alike.
    assert refusal(engine, "mediator", PASSWORD) == texts.E_LOGIN_FAILED
    failed = audit_rows(engine, AuditAction.LOGIN_FAILED)
    assert [a.detail for a in failed] == [""] * throttle.FREE_FAILURES + ["throttled"]


def test_four_failures_do_not_slow_anything(engine: Engine, world: World) -> None:
    for _ in range(throttle.FREE_FAILURES - 1):
        refusal(engine, "mediator", "wrong password")
    assert login(engine, "mediator", PASSWORD).actor.username == "mediator"


def test_a_success_clears_the_failure_count(engine: Engine, world: World) -> None:
    for _ in range(4):
        refusal(engine, "mediator", "wrong password")
    login(engine, "mediator", PASSWORD)
    for _ in range(4):
        refusal(engine, "mediator", "wrong password")
    assert login(engine, "mediator", PASSWORD).actor.username == "mediator"
    with Session(engine) as session:
        assert session.exec(select(LoginAttempt)).all() == []


@pytest.mark.usefixtures("stopped_clock")
def test_unknown_usernames_are_throttled_too(engine: Engine, world: World) -> None:
    for _ in range(throttle.FREE_FAILURES):
        refusal(engine, "nobody", "guess")
    refusal(engine, "nobody", "guess")
    assert audit_rows(engine, AuditAction.LOGIN_FAILED)[-1].detail == "throttled"


def test_a_password_ending_in_a_space_is_checked_exactly(engine: Engine, world: World) -> None:
    add_user(engine, "spacey", "ends with space ")
    assert login(engine, "spacey", "ends with space ").actor.username == "spacey"
    refusal(engine, "spacey", "ends with space")


@pytest.mark.parametrize("password", ["a" * 73, "密" * 25, PASSWORD + "x" * 60])
def test_a_password_over_72_bytes_gets_its_own_message(
    engine: Engine, world: World, password: str
) -> None:
    assert len(password.encode()) > 72
    assert refusal(engine, "mediator", password) == texts.E_PASSWORD_LONG


def test_a_password_of_exactly_72_bytes_works(engine: Engine, world: World) -> None:
    password = "密" * 24  # 72 bytes in UTF-8
    add_user(engine, "long", password)
    assert login(engine, "long", password).actor.username == "long"


def test_a_disabled_user_cannot_sign_in(engine: Engine, world: World) -> None:
    set_user(engine, "mediator", is_active=False)
    assert refusal(engine, "mediator", PASSWORD) == texts.E_LOGIN_FAILED


@pytest.mark.parametrize(
    ("username", "password", "prepare"),
    [
        ("mediator", PASSWORD, None),
        ("mediator", "wrong password", None),
        ("nobody", PASSWORD, None),
        ("mediator", PASSWORD, "throttled"),
        ("nobody", PASSWORD, "throttled"),
        ("mediator", PASSWORD, "disable"),
    ],
)
@pytest.mark.usefixtures("stopped_clock")
def test_every_path_does_exactly_one_bcrypt_check(
    engine: Engine,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    username: str,
    password: str,
    prepare: str | None,
) -> None:
    # With one bcrypt check on each path, an unknown name or a throttled try answers as slowly
    # as a wrong password. (Wall-clock comparisons are too noisy at the tests' 4 bcrypt rounds.)
    if prepare == "throttled":
        for _ in range(throttle.FREE_FAILURES):
            refusal(engine, username, "wrong password")
    if prepare == "disable":
        set_user(engine, username, is_active=False)
    checks: list[bytes] = []
    real = bcrypt.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        checks.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting)
    try:
        login(engine, username, password)
    except LoginRefused:
        pass
    assert len(checks) == 1
    if prepare == "throttled":
        assert audit_rows(engine, AuditAction.LOGIN_FAILED)[-1].detail == "throttled"


def test_the_dummy_hash_costs_as_much_as_a_real_one(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        stored = session.exec(select(User.password_hash).where(User.username == "mediator")).one()
    assert auth._DUMMY_HASH.split("$")[2] == stored.split("$")[2]


# Sessions ---------------------------------------------------------------------------------


def test_a_fresh_session_is_resumed_with_the_users_current_unit(
    engine: Engine, world: World
) -> None:
    signed = login(engine, "mediator", PASSWORD)
    with Session(engine) as session:
        actor = resume(session, token=signed.token, client=ELSEWHERE).who
    assert actor is not None
    assert (actor.id, actor.unit_name, actor.client) == (
        world.users["mediator"],
        "东河村",
        ELSEWHERE,
    )


def test_signing_out_ends_this_session_only(engine: Engine, world: World) -> None:
    first = login(engine, "mediator", PASSWORD)
    other_device = login(engine, "mediator", PASSWORD, ELSEWHERE)
    with write_session(engine) as session:
        sign_out(session, actor=first.actor, token=first.token)
    assert not still_valid(engine, first.token)
    assert still_valid(engine, other_device.token)
    again = login(engine, "mediator", PASSWORD)
    assert still_valid(engine, again.token)
    assert [a.user_id for a in audit_rows(engine, AuditAction.LOGOUT)] == [world.users["mediator"]]


def test_signing_out_leaves_other_users_signed_in(engine: Engine, world: World) -> None:
    mine = login(engine, "mediator", PASSWORD)
    theirs = login(engine, "coordinator", PASSWORD)
    with write_session(engine) as session:
        sign_out(session, actor=mine.actor, token=mine.token)
    assert still_valid(engine, theirs.token)


def test_disabling_a_user_ends_their_sessions(engine: Engine, world: World) -> None:
    signed = login(engine, "mediator", PASSWORD)
    set_user(engine, "mediator", is_active=False)
    assert not still_valid(engine, signed.token)


def test_a_token_nobody_was_given_is_not_resumed(engine: Engine, world: World) -> None:
    login(engine, "mediator", PASSWORD)
    assert not still_valid(engine, "made-up-token")


# Changing the password --------------------------------------------------------------------


def change(engine: Engine, actor, current: str, new: str, repeat: str | None = None):  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        return change_password(
            session, actor=actor, current=current, new=new, repeat=new if repeat is None else repeat
        )


def test_changing_the_password_revokes_earlier_sessions(engine: Engine, world: World) -> None:
    signed = login(engine, "mediator", PASSWORD)
    other_device = login(engine, "mediator", PASSWORD, ELSEWHERE)
    fresh_token = change(engine, signed.actor, PASSWORD, "a new passphrase")
    assert not still_valid(engine, signed.token)
    assert not still_valid(engine, other_device.token)
    assert still_valid(engine, fresh_token)
    refusal(engine, "mediator", PASSWORD)
    assert login(engine, "mediator", "a new passphrase").actor.username == "mediator"
    changed = audit_rows(engine, AuditAction.PASSWORD_CHANGED)
    assert [a.user_id for a in changed] == [world.users["mediator"]]


def test_changing_the_password_clears_must_change(engine: Engine, world: World) -> None:
    set_user(engine, "mediator", must_change_password=True)
    signed = login(engine, "mediator", PASSWORD)
    assert signed.must_change_password is True
    change(engine, signed.actor, PASSWORD, "a new passphrase")
    assert login(engine, "mediator", "a new passphrase").must_change_password is False


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("wrong password", "a new passphrase", None, texts.E_PASSWORD_CURRENT),
        (" " + PASSWORD, "a new passphrase", None, texts.E_PASSWORD_CURRENT),
        (PASSWORD, "a new passphrase", "a new passphrase!", texts.E_PASSWORD_REPEAT),
        (
            PASSWORD,
            "short",
            None,
            texts.E_PASSWORD_SHORT.format(min=MIN_PASSWORD_LENGTH),
        ),
        (PASSWORD, "x" * 73, None, texts.E_PASSWORD_LONG),
        (PASSWORD, PASSWORD, None, texts.E_PASSWORD_SAME),
    ],
)
def test_bad_password_changes_are_refused_and_change_nothing(
    engine: Engine,
    world: World,
    current: str,
    new: str,
    repeat: str | None,
    message: str,
) -> None:
    signed = login(engine, "mediator", PASSWORD)
    with pytest.raises(PasswordRefused) as refused:
        change(engine, signed.actor, current, new, repeat)
    assert str(refused.value) == message
    assert still_valid(engine, signed.token)
    assert login(engine, "mediator", PASSWORD).actor.username == "mediator"
    assert audit_rows(engine, AuditAction.PASSWORD_CHANGED) == []
