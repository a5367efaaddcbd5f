"""Sign-in as a user lives it: throttling, long passwords, first-login change, revocation, idle."""

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from components.session import TOKEN
from db import texts
from db.accounts import admin, auth, sessions
from db.accounts.addresses import UNKNOWN
from db.clock import utcnow
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Role
from db.models import AuditLog, LoginAttempt, Unit, User, WebSession
from tests.pages.conftest import PROJECT, sign_in


def fresh_app() -> AppTest:
    return AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30).run()


def signed_in(at: AppTest) -> bool:
    """No login form on the page: the user is in."""
    return not any(w.key == "login-username" for w in at.text_input)


def actor(url: str, username: str) -> Actor:
    with Session(make_engine(url)) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        return Actor.of(session, user)


def test_wrong_password_unknown_user_and_a_throttled_try_read_the_same(app_db, monkeypatch) -> None:
    messages = []
    for username, password in [("nobody", "whatever-123"), ("leader", "wrong-password")]:
        at = sign_in(fresh_app(), username, password)
        messages.append([e.value for e in at.error])
    for _ in range(4):
        sign_in(fresh_app(), "leader", "wrong-password")
    # Five more failures just now from this client (no address under AppTest): its next try
    # on "leader" waits half a minute, far longer than this test takes.
    with Session(make_engine(app_db)) as session:
        assert {a.client for a in session.exec(select(LoginAttempt)).all()} == {UNKNOWN}
        session.add_all(LoginAttempt(username="leader", client=UNKNOWN) for _ in range(5))
        session.commit()
    at = sign_in(fresh_app(), "leader")  # the right password, but too early
    messages.append([e.value for e in at.error])
    assert messages == [[texts.E_LOGIN_FAILED]] * 3
    assert not signed_in(at)


def test_a_password_over_72_bytes_gets_a_message_not_a_traceback(app_db) -> None:
    at = sign_in(fresh_app(), "leader", "调" * 25)
    assert not at.exception
    assert [e.value for e in at.error] == [texts.E_PASSWORD_LONG]


def test_first_sign_in_with_an_initial_password_forces_a_change(app_db) -> None:
    with Session(make_engine(app_db)) as session:
        unit = session.exec(select(Unit).where(Unit.code == "QSZ02")).one()
        initial = admin.add_user(
            session,
            actor=actor(app_db, "admin"),
            data=admin.UserCreate(
                username="newmed", display_name="新调解员", role=Role.MEDIATOR, unit_id=unit.id
            ),
        )
    at = sign_in(fresh_app(), "newmed", initial)
    assert texts.MUST_CHANGE_PASSWORD in [w.value for w in at.warning]
    assert not at.dataframe  # nothing else until the password is changed
    at.text_input(key="first-password-current").input(initial)
    at.text_input(key="first-password-new").input("a new password")
    at.text_input(key="first-password-repeat").input("a new password")
    at.button(key="first-password-submit").click().run()
    assert texts.MUST_CHANGE_PASSWORD not in [w.value for w in at.warning]
    again = sign_in(fresh_app(), "newmed", "a new password")
    assert signed_in(again) and texts.MUST_CHANGE_PASSWORD not in [w.value for w in again.warning]


def test_disabling_an_account_signs_its_open_session_out_on_the_next_click(app_as, app_db) -> None:
    at = app_as("mediator")
    at.switch_page("pages/cases.py").run()
    assert at.dataframe
    with Session(make_engine(app_db)) as session:
        target = session.exec(select(User.id).where(User.username == "mediator")).one()
        admin.set_active(session, actor=actor(app_db, "admin"), user_id=target, active=False)
    at.run()
    assert not signed_in(at)
    assert not at.dataframe
    assert texts.LOGIN_REVOKED in [i.value for i in at.info]


def test_a_role_change_takes_effect_on_the_next_click(app_as, app_db) -> None:
    at = app_as("coordinator")
    with Session(make_engine(app_db)) as session:
        target = session.exec(select(User).where(User.username == "coordinator")).one()
        admin.set_role_and_unit(
            session,
            actor=actor(app_db, "admin"),
            user_id=target.id,
            role=Role.LEADER,
            unit_id=target.unit_id,
        )
    at.run()
    assert not signed_in(at)


def idle_for(url: str, at: AppTest, idle: timedelta) -> None:
    """The session this AppTest is signed in with was last seen `idle` ago."""
    with Session(make_engine(url)) as session:
        session.execute(
            update(WebSession)
            .where(WebSession.token_hash == sessions.token_hash(at.session_state[TOKEN]))  # type: ignore[arg-type]
            .values(last_seen_at=utcnow() - idle)
        )
        session.commit()


def test_logout_ends_the_session_and_is_audited(app_as, app_db) -> None:
    at = app_as("leader")
    token = at.session_state[TOKEN]
    at.sidebar.button(key="nav-logout").click().run()
    assert not signed_in(at)
    with Session(make_engine(app_db)) as session:
        actions = session.exec(select(AuditLog.action).where(AuditLog.username == "leader")).all()
        # The session (and a cookie naming it) no longer counts.
        assert auth.resume(session, token=token, client="x").reason == "logout"
    assert actions == ["login", "logout"]


def test_thirty_idle_minutes_sign_the_user_out(app_as, app_db) -> None:
    at = app_as("leader")
    idle_for(app_db, at, timedelta(minutes=31))
    at.run()
    assert not signed_in(at)
    assert texts.LOGIN_IDLE in [i.value for i in at.info]


def test_29_idle_minutes_do_not(app_as, app_db) -> None:
    at = app_as("leader")
    idle_for(app_db, at, timedelta(minutes=29))
    at.run()
    assert signed_in(at)


def test_a_second_tab_with_the_same_session_is_signed_in_and_ends_with_it(app_as) -> None:
    """What a reload or a new tab does with the cookie (AppTest has no real cookies): a fresh
    script session that holds only the session's token."""
    first = app_as("coordinator")
    second = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    second.session_state[TOKEN] = first.session_state[TOKEN]
    second.run()
    second.switch_page("pages/cases.py").run()
    assert signed_in(second) and second.dataframe
    first.sidebar.button(key="nav-logout").click().run()
    second.run()
    assert not signed_in(second) and not second.dataframe


def test_an_admin_ends_a_users_sessions_from_the_users_tab(app_as, app_db) -> None:
    mediator = app_as("mediator")
    mediator.switch_page("pages/cases.py").run()
    assert mediator.dataframe
    at = app_as("admin")
    at.switch_page("pages/admin.py").run()
    with Session(make_engine(app_db)) as session:
        target = session.exec(select(User.id).where(User.username == "mediator")).one()
    at.selectbox(key="admin-user").select(target).run()
    at.button(key="admin-end-sessions").click().run()
    assert texts.ADMIN_SESSIONS_ENDED.format(username="mediator", count=1) in [
        s.value for s in at.success
    ]
    mediator.run()
    assert not signed_in(mediator) and not mediator.dataframe
    assert texts.LOGIN_REVOKED in [i.value for i in mediator.info]


def only_the_change_form(at: AppTest) -> bool:
    """The forced change and nothing else: no ledger, no menu, no other form."""
    keys = {w.key for w in at.text_input}
    return (
        texts.MUST_CHANGE_PASSWORD in [w.value for w in at.warning]
        and keys == {"first-password-current", "first-password-new", "first-password-repeat"}
        and not at.dataframe
        and not at.sidebar.get("page_link")
    )


def test_every_path_into_the_session_lands_on_the_change_form(app_db) -> None:
    """Signed in with a one-time password: a reload of /cases (a fresh script session holding
    the session's token, as the cookie gives it), or the page run without app.py (a fresh
    server), shows the change form alone until the change is saved."""
    with Session(make_engine(app_db)) as session:
        target = session.exec(select(User.id).where(User.username == "coordinator")).one()
        once = admin.reset_password(session, actor=actor(app_db, "admin"), user_id=target)
    at = sign_in(fresh_app(), "coordinator", once)
    assert only_the_change_form(at)
    token = at.session_state[TOKEN]
    reload = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    reload.session_state[TOKEN] = token
    reload.run()
    assert only_the_change_form(reload)
    for name in ("cases", "case", "admin", "account"):
        alone = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
        alone.session_state[TOKEN] = token
        alone.switch_page(f"pages/{name}.py").run()
        assert only_the_change_form(alone), name
    reload.text_input(key="first-password-current").input(once)
    reload.text_input(key="first-password-new").input("my own passphrase")
    reload.text_input(key="first-password-repeat").input("my own passphrase")
    reload.button(key="first-password-submit").click().run()
    reload.switch_page("pages/cases.py").run()
    assert reload.dataframe and not reload.warning
    # The first tab's session ended with the change; the one-time password signs no one in.
    at.run()
    assert not signed_in(at)
    again = sign_in(fresh_app(), "coordinator", once)
    assert [e.value for e in again.error] == [texts.E_LOGIN_FAILED]
