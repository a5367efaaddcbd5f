"""The sign-in gate every page passes through.

streamlit-authenticator carries the "remember me" cookie (a JWT with the username and its
expiry, set and deleted from the browser by the library). Passwords are checked by db.accounts.auth, not
by the library (see there why). On every run the session, or the cookie it came back with, is
checked against the database, so logout, a password change, a disabled account or a new role
take effect on the user's next click. The cookie counts for 30 minutes after it was issued, the
idle timeout, and is renewed while the user works.
"""

from datetime import datetime, timedelta

import jwt
import streamlit as st
import streamlit_authenticator as stauth

from components.client_address import client_address
from components.navigation import sidebar
from components.refusals import refusal_shown
from components.settings import cookie_key
from db import texts
from db.accounts import auth
from db.clock import utcnow
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import PAGE_PERMISSION, allows

COOKIE_NAME = "dispute_desk_auth"
# The browser keeps the cookie a day at most. The library writes its expiry as the server's naive
# local time, which a browser reads in its own zone (8 hours off for a UTC server and a browser in
# China), so a lifetime shorter than a day could arrive already expired. The 30-minute idle limit
# is enforced here instead: a cookie counts only if it was issued (or renewed, every 5 minutes of
# activity) within the last 30 minutes.
COOKIE_LIFETIME = timedelta(days=1)
COOKIE_RENEW_AFTER = timedelta(minutes=5)
# Our own session-state keys (the library owns name, username, roles, authentication_status...).
COOKIE_PENDING = "dd_cookie_pending"  # the expiry of a cookie set but not yet seen back
COOKIE_DELETE = "dd_cookie_delete"  # tries so far to delete the cookie, until the browser has none
MAX_DELETE_TRIES = 10
ACTOR, SIGNED_IN_AT, LAST_SEEN, COOKIE_SET_AT = (
    "dd_actor",
    "dd_signed_in_at",
    "dd_last_seen",
    "dd_cookie_set_at",
)


def _authenticator() -> stauth.Authenticate:
    """Built only when a cookie must be set or deleted: it renders the library's cookie
    component, which may appear once per run."""
    return stauth.Authenticate(
        {"usernames": {}},  # passwords are checked by db.accounts.auth against the database
        cookie_name=COOKIE_NAME,
        cookie_key=cookie_key(),
        cookie_expiry_days=COOKIE_LIFETIME / timedelta(days=1),
        auto_hash=False,
        login_sleep_time=0,
    )


def _remember(actor: Actor, signed_in_at: datetime) -> None:
    now = utcnow()
    st.session_state[ACTOR] = actor
    st.session_state[SIGNED_IN_AT] = signed_in_at
    st.session_state[LAST_SEEN] = now
    # The library's keys, for its cookie and logout.
    st.session_state["authentication_status"] = True
    st.session_state["username"] = actor.username
    st.session_state["name"] = actor.display_name
    st.session_state["roles"] = [actor.role.value]


def _forget() -> None:
    for key in (ACTOR, SIGNED_IN_AT, LAST_SEEN, COOKIE_SET_AT, COOKIE_PENDING):
        st.session_state.pop(key, None)
    for key in ("authentication_status", "username", "name", "roles"):
        st.session_state[key] = None


def _from_cookie() -> tuple[str, datetime] | None:
    """The username and issue time of a valid cookie signed with our key, if any."""
    if st.session_state.get("logout"):
        return None
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:
        return None
    if not token:
        return None
    try:
        claims = jwt.decode(token, cookie_key(), algorithms=["HS256"])
        expires = datetime.fromtimestamp(float(claims["exp_date"])).astimezone()
        username = str(claims["username"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None
    issued_at = expires - COOKIE_LIFETIME
    if expires <= utcnow() or utcnow() - issued_at > auth.IDLE_TIMEOUT:
        return None
    return username, issued_at


def current_actor() -> Actor | None:
    """The signed-in user, checked against the database on this run; None when signed out."""
    now = utcnow()
    actor: Actor | None = st.session_state.get(ACTOR)
    if actor is not None:
        if now - st.session_state.get(LAST_SEEN, now) > auth.IDLE_TIMEOUT:
            _forget()
            st.session_state["dd_notice"] = texts.LOGIN_IDLE
            return None
        with read_session() as session:
            fresh = auth.resume(
                session,
                username=actor.username,
                issued_at=st.session_state[SIGNED_IN_AT],
                client=actor.client,
            )
        if fresh is None or fresh.role != actor.role or fresh.unit_id != actor.unit_id:
            _forget()
            st.session_state["dd_notice"] = texts.LOGIN_REVOKED
            return None
        st.session_state[ACTOR] = fresh
        st.session_state[LAST_SEEN] = now
        return fresh
    cookie = _from_cookie()
    if cookie is None:
        return None
    username, issued_at = cookie
    with read_session() as session:
        fresh = auth.resume(
            session, username=username, issued_at=issued_at, client=client_address()
        )
    if fresh is None:
        return None
    _remember(fresh, issued_at)
    st.session_state[COOKIE_SET_AT] = issued_at  # renewed once it is five minutes old
    return fresh


def sync_cookie() -> None:
    """Set the cookie after sign-in, renew it while the user works (it expires after 30 idle
    minutes), and set it again until the browser reports it back: the library's cookie
    component runs in the browser, and a rerun can remove it before it has run. Called once
    per run, by require_user (every page, with or without app.py)."""
    pending = st.session_state.get(COOKIE_PENDING)
    last = st.session_state.get(COOKIE_SET_AT)
    if pending is None and last is not None and utcnow() - last <= COOKIE_RENEW_AFTER:
        return  # nothing to do: no cookie component (and no extra rerun) on this run
    authenticator = _authenticator()
    model = authenticator.cookie_controller.cookie_model
    in_browser = (model.cookie_manager.cookies or {}).get(COOKIE_NAME)
    if pending is not None and _expiry_of(in_browser) == pending:
        st.session_state.pop(COOKIE_PENDING)
        pending = None
    if pending is not None or last is None or utcnow() - last > COOKIE_RENEW_AFTER:
        authenticator.cookie_controller.set_cookie()
        st.session_state[COOKIE_PENDING] = model.exp_date
        st.session_state[COOKIE_SET_AT] = utcnow()


def _expiry_of(token: str | None) -> float | None:
    if not token:
        return None
    try:
        return float(jwt.decode(token, cookie_key(), algorithms=["HS256"])["exp_date"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None


def login_form() -> Actor | None:
    """Our login form (stable keys, Chinese labels); on success the library sets its cookie."""
    st.title(texts.APP_TITLE)
    _delete_cookie_if_pending()
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
    st.session_state["logout"] = None
    st.session_state.pop("dd_notice", None)
    st.session_state.pop(COOKIE_DELETE, None)
    _remember(signed.actor, signed.at)
    st.session_state["dd_must_change"] = signed.must_change_password
    return signed.actor


def sign_out(actor: Actor) -> None:
    """Revoke every session and cookie of the user in the database, forget this session, and
    have the login form delete the browser's cookie."""
    with write_session() as session:
        auth.sign_out(session, actor=actor)
    _forget()
    st.session_state["logout"] = True  # the library's flag: no cookie sign-in in this session
    st.session_state[COOKIE_DELETE] = 0
    st.session_state["dd_notice"] = texts.LOGGED_OUT


def _delete_cookie_if_pending() -> None:
    """After a logout, delete the browser's cookie until the next sign-in: through the library's
    cookie manager (each try a fresh component, a rerun may remove one before it has run), and
    by a line of script in the page itself, which no rerun can sweep away before it runs. A
    cookie left behind would be worthless anyway: the sign-out revoked it in the database."""
    attempt = st.session_state.get(COOKIE_DELETE)
    if attempt is None:
        return
    st.html(
        f"<script>document.cookie = '{COOKIE_NAME}=; path=/; max-age=0; samesite=strict';</script>",
        unsafe_allow_javascript=True,
    )
    if attempt >= MAX_DELETE_TRIES:
        return
    manager = _authenticator().cookie_controller.cookie_model.cookie_manager
    try:
        manager.delete(COOKIE_NAME, key=f"delete-{attempt}")
    except KeyError:  # the manager had not seen the cookie yet; the browser deletes it anyway
        pass
    st.session_state[COOKIE_DELETE] = attempt + 1


def password_change_form(actor: Actor, *, key_prefix: str) -> bool:
    """Change one's own password; True once changed."""
    with st.form(f"{key_prefix}-form", clear_on_submit=True):
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
        valid_from = auth.change_password(
            session, actor=actor, current=current, new=new, repeat=repeat
        )
    if refused:
        return False
    # This session goes on; every other session and every older cookie stops counting.
    st.session_state[SIGNED_IN_AT] = valid_from
    st.session_state["dd_must_change"] = False
    st.session_state.pop(COOKIE_SET_AT, None)  # the next run issues a fresh cookie
    st.session_state["dd_notice"] = texts.PASSWORD_CHANGED
    st.rerun()
    return True


def require_user(page: str) -> Actor:
    """Every page starts here: sign in if needed, force a first password change, and refuse a
    page the role may not open. Stops the script otherwise."""
    actor = current_actor() or login_form()
    if actor is None:
        st.stop()
    sidebar(actor, on_logout=sign_out)
    sync_cookie()
    if notice := st.session_state.pop("dd_notice", None):
        st.success(notice)
    if st.session_state.get("dd_must_change"):
        st.warning(texts.MUST_CHANGE_PASSWORD)
        if not password_change_form(actor, key_prefix="first-password"):
            st.stop()
    # Pages that keep per-visit state (the case page's form version) need to know a new visit.
    st.session_state["dd_new_visit"] = st.session_state.get("dd_current_page") != page
    st.session_state["dd_current_page"] = page
    needed = PAGE_PERMISSION.get(page)
    if needed is not None and not allows(actor.role, needed):
        from db.core import audit
        from db.enums import AuditAction

        audit.record_alone(actor=actor, action=AuditAction.DENIED, target=f"page:{page}")
        st.error(texts.E_PAGE_NOT_ALLOWED)
        st.stop()
    return actor
