"""A Streamlit client without a browser, for bench.concurrency: the websocket protocol the
browser speaks, just enough to sign in with the app's cookie and click through pages.

What the browser does, replicated (Streamlit 1.67, starlette server,
streamlit/web/server/starlette/starlette_websocket.py):
- GET /_stcore/health sets the `_streamlit_xsrf` cookie (XSRF protection is on in
  .streamlit/config.toml);
- the websocket ws://HOST/_stcore/stream is opened with the subprotocols
  ["streamlit", <xsrf token>], an Origin of the same host and the cookies (the XSRF cookie and
  the app's sign-in cookie, which the app reads from st.context.cookies);
- a page view or a click is a BackMsg `rerun_script` (ClientState: query_string, page_name, the
  browser's time zone); the server answers with ForwardMsgs (new_session, deltas...) and ends
  each run with `script_finished`.

The sign-in cookie is the JWT that components/cookie.py writes and reads: {"sid", "exp_date"}
signed HS256 with DISPUTE_DESK_COOKIE_KEY, where "sid" is the token of a sign-in session in the
app's database (db.accounts.sessions). The bench starts that session itself, as the login form
would, and mints the cookie for it.
"""

from __future__ import annotations

import http.cookies
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta

import jwt
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

COOKIE_NAME = "dispute_desk_auth"  # components.cookie.COOKIE_NAME (not imported: Streamlit)
COOKIE_LIFETIME = timedelta(days=1)  # components.cookie.COOKIE_LIFETIME
XSRF_COOKIE = "_streamlit_xsrf"
BROWSER_TIMEZONE = "Asia/Shanghai"
# script_finished statuses that end a run the client asked for (2 = ended early for a rerun
# the script asked for itself: more messages follow).
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


def start_session(database_url: str, username: str) -> str:
    """A sign-in session for `username` started in the app's database, as the login form does;
    returns its token."""
    from sqlmodel import select

    from db.accounts import sessions
    from db.core.engine import engine_for, write_session
    from db.models import User

    with write_session(engine_for(database_url)) as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
        token = sessions.start(session, user_id=user_id)
        session.commit()
    return token


def mint_cookie(cookie_key: str, session_token: str) -> str:
    """The sign-in cookie the app would have set just now for the session with this token."""
    expires = time.time() + COOKIE_LIFETIME.total_seconds()
    return jwt.encode({"sid": session_token, "exp_date": expires}, cookie_key, algorithm="HS256")


def xsrf_token(base_url: str) -> str:
    """The XSRF cookie's value, as the browser gets it from the health check."""
    with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie(header)
            if XSRF_COOKIE in jar:
                return jar[XSRF_COOKIE].value
    raise RuntimeError(f"{base_url}/_stcore/health set no {XSRF_COOKIE} cookie")


@dataclass
class Run:
    """One rerun as the client saw it."""

    page: str
    seconds: float
    deltas: int
    headings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # exceptions, a compile error
    error_boxes: list[str] = field(default_factory=list)  # st.error bodies (content or trouble)


async def open_session(
    base_url: str, cookie_key: str, username: str, database_url: str
) -> ClientConnection:
    """A websocket session signed in as `username` by cookie (checked on the first run)."""
    token = xsrf_token(base_url)
    host = base_url.removeprefix("http://")
    signed = mint_cookie(cookie_key, start_session(database_url, username))
    cookies = f"{XSRF_COOKIE}={token}; {COOKIE_NAME}={signed}"
    return await connect(
        f"ws://{host}/_stcore/stream",
        subprotocols=["streamlit", token],  # type: ignore[list-item]
        additional_headers={"Cookie": cookies, "Origin": base_url},
        max_size=None,
        open_timeout=60,
        ping_interval=None,  # the server's own heartbeat is not needed for a short bench
    )


def _collect(message: ForwardMsg, run: Run) -> None:
    if message.WhichOneof("type") != "delta":
        return
    run.deltas += 1
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "heading":
        run.headings.append(element.heading.body)
    elif kind == "exception":
        run.problems.append(f"exception: {element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.format == Alert.ERROR:
        run.error_boxes.append(element.alert.body)


async def rerun(ws: ClientConnection, page: str) -> Run:
    """Ask for `page` (a url path of components.navigation.PAGES) and wait for the run's end:
    the time from sending the request to receiving script_finished."""
    request = BackMsg()
    request.rerun_script.query_string = ""
    request.rerun_script.page_name = page
    request.rerun_script.context_info.timezone = BROWSER_TIMEZONE
    started = time.perf_counter()
    await ws.send(request.SerializeToString())
    run = Run(page=page, seconds=0.0, deltas=0)
    while True:
        frame = await ws.recv()
        message = ForwardMsg()
        message.ParseFromString(frame)  # type: ignore[arg-type]
        if message.WhichOneof("type") == "script_finished":
            status = message.script_finished
            if status == FINISHED_EARLY_FOR_RERUN:
                continue  # the script asked for a rerun (st.rerun, switch_page): it goes on
            if status == FINISHED_WITH_COMPILE_ERROR:
                run.problems.append("script finished with a compile error")
            run.seconds = time.perf_counter() - started
            return run
        _collect(message, run)
