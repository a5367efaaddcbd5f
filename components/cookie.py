"""The "remember me" cookie: it names a server-side sign-in session (db.accounts.sessions).

Its value is a JWT (HS256, the cookie key) of the session's random token and an expiry; the
database keeps only the token's SHA-256, and the session counts only while the database says
so (logout, 30 idle minutes, a password change or an administrator end it). The cookie is
written by a component in the browser (extra-streamlit-components' CookieManager, which
streamlit-authenticator also uses), so it cannot be HttpOnly; it is SameSite=Strict, and Secure
whenever the browser is on HTTPS: st.context.url is the address the browser itself shows, so
this holds behind a proxy that terminates TLS too, with no proxy header to trust. A client that
lied about its own address could only make its own cookie less safe.
"""

from datetime import UTC, datetime, timedelta

import extra_streamlit_components as stx
import jwt
import streamlit as st

from components.settings import cookie_key

COOKIE_NAME = "dispute_desk_auth"
# The browser keeps the cookie a day at most; the session behind it ends after 30 idle minutes
# whatever the cookie says (db.accounts.sessions.IDLE_TIMEOUT).
COOKIE_LIFETIME = timedelta(days=1)
COOKIE_PENDING = "dd_cookie_pending"  # (token, value) of a cookie set but not yet seen back
COOKIE_DELETE = "dd_cookie_delete"  # tries so far to delete the cookie, until the browser has none
MAX_DELETE_TRIES = 10


def over_https() -> bool:
    """The browser shows an https:// address for the app."""
    try:
        url = st.context.url
    except Exception:  # no request context
        return False
    return isinstance(url, str) and url.lower().startswith("https://")


def encode(token: str, *, lifetime: timedelta = COOKIE_LIFETIME) -> str:
    expires = datetime.now(UTC) + lifetime
    return jwt.encode(
        {"sid": token, "exp_date": expires.timestamp()}, cookie_key(), algorithm="HS256"
    )


def decode(value: str | None) -> str | None:
    """The session token a cookie value carries, if it is ours, well formed and not expired."""
    if not value:
        return None
    try:
        claims = jwt.decode(value, cookie_key(), algorithms=["HS256"])
        token, expires = claims["sid"], float(claims["exp_date"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None
    if not isinstance(token, str) or expires <= datetime.now(UTC).timestamp():
        return None
    return token


def from_request() -> str | None:
    """The session token of the cookie the browser sent with this page load, if any."""
    try:
        return decode(st.context.cookies.get(COOKIE_NAME))
    except Exception:
        return None


def _manager(key: str) -> stx.CookieManager:
    """The cookie component (one per key per run); its `cookies` are the browser's."""
    return stx.CookieManager(key=key)


def sync(token: str) -> None:
    """Set the cookie for this session's token until the browser reports it back: the component
    runs in the browser, and a rerun can remove it before it has run. Nothing is drawn once the
    browser has it (no component, no extra rerun).

    Called last in the sidebar: drawn on the first runs after sign-in only, the component in the
    main area moved every later element between those runs, and under load the previous run's
    blocks showed (faded) beside the new ones until the run ended."""
    pending = st.session_state.get(COOKIE_PENDING)
    if pending is None or pending[0] != token:
        return
    manager = _manager("dd-cookies")
    if decode((manager.cookies or {}).get(COOKIE_NAME)) == token:
        st.session_state.pop(COOKIE_PENDING, None)
        return
    manager.set(
        COOKIE_NAME,
        pending[1],  # the same value on every try
        key="dd-cookie-set",
        expires_at=datetime.now(UTC) + COOKIE_LIFETIME,
        secure=over_https() or None,
        same_site="strict",
    )


def issue(token: str) -> None:
    """Have the next runs set the cookie for this token (after sign-in or a password change)."""
    st.session_state[COOKIE_PENDING] = (token, encode(token))
    st.session_state.pop(COOKIE_DELETE, None)


def forget() -> None:
    """After logout: stop setting the cookie and delete it from the browser (delete_if_pending)."""
    st.session_state.pop(COOKIE_PENDING, None)
    st.session_state[COOKIE_DELETE] = 0


def delete_if_pending() -> None:
    """After a logout, delete the browser's cookie until the next sign-in: through the cookie
    manager (each try a fresh component, a rerun may remove one before it has run), and by a
    line of script in the page itself, which no rerun can sweep away before it runs. A cookie
    left behind would be worthless anyway: the logout ended its session in the database."""
    attempt = st.session_state.get(COOKIE_DELETE)
    if attempt is None:
        return
    secure = "; secure" if over_https() else ""
    st.html(
        f"<script>document.cookie = '{COOKIE_NAME}=; path=/; max-age=0; samesite=strict{secure}';"
        "</script>",
        unsafe_allow_javascript=True,
    )
    if attempt >= MAX_DELETE_TRIES:
        return
    manager = _manager(f"dd-cookies-delete-{attempt}")
    try:
        manager.delete(COOKIE_NAME, key=f"delete-{attempt}")
    except KeyError:  # the manager had not seen the cookie yet; the browser deletes it anyway
        pass
    st.session_state[COOKIE_DELETE] = attempt + 1
