"""The sign-in gate every page passes through.

A sign-in starts a session in the database (db.accounts.sessions); the browser tab keeps its
token in session state and the "remember me" cookie carries it (components.cookie), so a reload,
a new tab or another server process finds the same session. On every run the session is looked
up by its token: logout, 30 idle minutes, a password change, a disabled account or an
administrator end it, and a role change takes effect on the user's next click (the actor is made
afresh from the database on each run). Passwords are checked by db.accounts.auth.

An account still on its one-time password is a PasswordChangeOnly, not an Actor (db.core.actor):
on every path in (the form, the cookie, a new tab, a second server) it gets the change form and
nothing else, and db/ refuses it everything else whatever a page does.
"""

import streamlit as st

from components import cookie, reminder_runner
from components.client_address import client_address
from components.navigation import sidebar
from components.refusals import refusal_shown
from db import texts
from db.accounts import auth, sessions
from db.core.actor import Actor, PasswordChangeOnly, Signed
from db.core.engine import read_session, write_session
from db.core.permissions import PAGE_PERMISSION, allows
from db.io.delivery import STORE as DELIVERIES

COOKIE_NAME = cookie.COOKIE_NAME
# Our own session-state keys: who is signed in (as made on this run) and their session's token.
ACTOR, TOKEN = "dd_actor", "dd_session_token"


def _forget() -> None:
    ctx = st.runtime.scriptrunner.get_script_run_ctx()  # its files can no longer be fetched
    DELIVERIES.forget_session(ctx.session_id if ctx else "")
    for key in (ACTOR, TOKEN, cookie.COOKIE_PENDING):
        st.session_state.pop(key, None)


def _resume(token: str) -> sessions.Resumed:
    with read_session() as session:
        resumed = auth.resume(session, token=token, client=client_address())
    if resumed.visit_due:  # at most once a minute, or to end a session found idle
        with write_session() as session:
            sessions.record_visit(session, resumed)
    return resumed


def current_actor() -> Signed | None:
    """Who is signed in, checked against the database on this run: an Actor, a
    PasswordChangeOnly (an account on its one-time password), or None when signed out."""
    token = st.session_state.get(TOKEN)
    if token is not None:
        resumed = _resume(token)
        if resumed.who is None:
            _forget()
            idle = resumed.reason == sessions.Ended.IDLE
            st.session_state["dd_notice"] = texts.LOGIN_IDLE if idle else texts.LOGIN_REVOKED
            return None
    else:
        token = cookie.from_request()
        if token is None:
            return None
        resumed = _resume(token)
        if resumed.who is None:
            return None
        st.session_state[TOKEN] = token
    st.session_state[ACTOR] = resumed.who
    return resumed.who


def login_form() -> Signed | None:
    """Our login form (stable keys, Chinese labels); on success the next runs set the cookie."""
    st.title(texts.APP_TITLE)
    cookie.delete_if_pending()
    # The notice (logged out, signed out for idleness...) stays until someone signs in again.
    if notice := st.session_state.get("dd_notice"):
        st.info(notice)
    with st.form("login", enter_to_submit=True):
        st.subheader(texts.LOGIN_TITLE)
        username = st.text_input(
            texts.FIELDS["username"], key="login-username", autocomplete="username"
        )
        password = st.text_input(
            texts.FIELDS["password"],
            type="password",
            key="login-password",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(texts.LOGIN_SUBMIT, key="login-submit", type="primary")
    if not submitted:
        return None
    with refusal_shown() as refused, write_session() as session:
        signed = auth.sign_in(
            session, username=username, password=password, client=client_address()
        )
    if refused:
        return None
    st.session_state.pop("dd_notice", None)
    st.session_state[ACTOR] = signed.actor
    st.session_state[TOKEN] = signed.token
    cookie.issue(signed.token)
    return signed.actor


def sign_out(who: Signed) -> None:
    """End this session in the database (every tab and the cookie that share it), forget it
    here, and have the login form delete the browser's cookie."""
    token = st.session_state.get(TOKEN)
    if token is not None:
        with write_session() as session:
            auth.sign_out(session, actor=who, token=token)
    _forget()
    cookie.forget()
    st.session_state["dd_notice"] = texts.LOGGED_OUT


def password_change_form(who: Signed, *, key_prefix: str) -> bool:
    """Change one's own password; True once changed."""
    with st.form(f"{key_prefix}-form", clear_on_submit=True, enter_to_submit=False):
        current = st.text_input(
            texts.PASSWORD_CURRENT, type="password", key=f"{key_prefix}-current"
        )
        new = st.text_input(
            texts.PASSWORD_NEW, type="password", key=f"{key_prefix}-new", help=texts.PASSWORD_RULES
        )
        repeat = st.text_input(texts.PASSWORD_REPEAT, type="password", key=f"{key_prefix}-repeat")
        submitted = st.form_submit_button(
            texts.PASSWORD_SUBMIT, key=f"{key_prefix}-submit", type="primary"
        )
    if not submitted:
        return False
    with refusal_shown() as refused, write_session() as session:
        token = auth.change_password(session, actor=who, current=current, new=new, repeat=repeat)
    if refused:
        return False
    # Every session of the user ended; this one goes on in a fresh session, with a fresh cookie.
    st.session_state[TOKEN] = token
    cookie.issue(token)
    st.session_state["dd_notice"] = texts.PASSWORD_CHANGED
    st.rerun()
    return True


def first_change(who: PasswordChangeOnly) -> None:
    """All an account on its one-time password gets, on any page: the change form (and logout).
    Stops the script; once the change is saved the next run has an Actor."""
    with st.sidebar:
        st.markdown(f"**{texts.APP_TITLE}**")
        st.button(texts.LOGOUT, key="nav-logout", on_click=sign_out, args=(who,))
        cookie.sync(st.session_state.get(TOKEN, ""))
    st.title(texts.APP_TITLE)
    st.warning(texts.MUST_CHANGE_PASSWORD)
    password_change_form(who, key_prefix="first-password")
    st.stop()


def require_user(page: str) -> Actor:
    """Every page starts here: sign in if needed, force a first password change, and refuse a
    page the role may not open. Stops the script otherwise."""
    who = current_actor() or login_form()
    if who is None:
        st.stop()
    if not isinstance(who, Actor):
        first_change(who)
    assert isinstance(who, Actor)
    sidebar(who, on_logout=sign_out)
    with st.sidebar:  # last in the sidebar: drawn on one run only, it shifts no other element
        cookie.sync(st.session_state.get(TOKEN, ""))
    reminder_runner.kick()  # the reminders, at most once a minute, in the background
    if notice := st.session_state.pop("dd_notice", None):
        st.success(notice)
    # Pages that keep per-visit state (the case page's form version) need to know a new visit.
    st.session_state["dd_new_visit"] = st.session_state.get("dd_current_page") != page
    st.session_state["dd_current_page"] = page
    needed = PAGE_PERMISSION.get(page)
    if needed is not None and not allows(who.role, needed):
        from db.core import audit
        from db.enums import AuditAction

        audit.record_alone(actor=who, action=AuditAction.DENIED, target=f"page:{page}")
        st.error(texts.E_PAGE_NOT_ALLOWED)
        st.stop()
    return who
