"""The web route /file/{token} (components.delivery.fetch), called as Starlette calls it: the
request's sign-in cookie must name the server-side sign-in session that was offered the file,
still live; without it, with another user's, with a forged, idle or ended one, or for an expired
token, an empty 404; otherwise the bytes, not to
be cached, under a safe file name, and an audit row."""

import re
import warnings
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning
from sqlmodel import Session, select
from starlette.requests import Request

from components import delivery
from components.cookie import COOKIE_LIFETIME, COOKIE_NAME
from db.accounts import sessions
from db.accounts.auth import SignedIn, sign_in, sign_out
from db.core.engine import make_engine, write_session
from db.enums import AuditAction
from db.io import delivery as store_module
from db.io.delivery import Offer
from db.models import AuditLog, WebSession
from tests.conftest import PASSWORD
from tests.pages.conftest import COOKIE_KEY

SESSION = "streamlit-session-1"
BOOK = b"PK\x03\x04 revealed ledger"
NAME = "督查通报-2026-11-01.xlsx"


@pytest.fixture
def connected(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The Streamlit sessions this process's runtime has connected (none until a test adds)."""
    sessions: set[str] = set()
    monkeypatch.setattr(delivery, "session_active", lambda sid: sid in sessions)
    return sessions


def cookie_for(who: SignedIn, key: str = COOKIE_KEY) -> str:
    """The sign-in cookie as components.cookie writes it (a JWT: the session's token, expiry)."""
    expires = (datetime.now(UTC) + COOKIE_LIFETIME).timestamp()
    with warnings.catch_warnings():  # the library's short default key, on purpose
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode({"sid": who.token, "exp_date": expires}, key, algorithm="HS256")


def get(
    token: str, cookie: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    jar = SimpleCookie()
    if cookie is not None:
        jar[COOKIE_NAME] = cookie
    headers = [(b"cookie", jar.output(header="", sep=";").strip().encode())] if cookie else []
    scope = {
        "type": "http",
        "method": method,
        "path": f"/file/{token}",
        "headers": headers,
        "query_string": b"",
        "client": ("10.1.2.3", 40000),
        "path_params": {"token": token},
    }
    response = delivery.fetch(Request(scope))
    return response.status_code, dict(response.headers), bytes(response.body)


def signed(app_db: str, username: str) -> SignedIn:
    with write_session(make_engine(app_db)) as session:
        return sign_in(session, username=username, password=PASSWORD, client="10.1.2.3")


def offer(who: SignedIn, *, revealed: bool = True) -> str:
    return store_module.STORE.put(
        session_id=SESSION,
        actor=who.actor,
        sign_in_token=who.token,
        offer=Offer(what="bulletin", file_name=NAME, mime=delivery.XLSX, revealed=revealed),
        data=BOOK,
    )


def download_rows(app_db: str) -> list[AuditLog]:
    with Session(make_engine(app_db)) as session:
        query = select(AuditLog).where(AuditLog.action == AuditAction.DOWNLOAD)
        return list(session.exec(query).all())


def test_the_signed_in_browser_gets_the_file_once_per_fetch_audited(
    app_db: str, connected: set[str]
) -> None:
    coordinator = signed(app_db, "coordinator")
    connected.add(SESSION)
    token = offer(coordinator)
    status, headers, body = get(token, cookie_for(coordinator))
    assert (status, body) == (200, BOOK)
    assert headers["cache-control"] == "no-store"
    assert headers["content-type"].startswith(delivery.XLSX)
    assert headers["content-disposition"] == (
        "attachment; filename=\"____-2026-11-01.xlsx\"; filename*=UTF-8''"
        "%E7%9D%A3%E6%9F%A5%E9%80%9A%E6%8A%A5-2026-11-01.xlsx"
    )
    assert get(token, cookie_for(coordinator), method="HEAD")[0] == 404  # no delivery
    [row] = download_rows(app_db)
    assert (row.username, row.target, row.client) == ("coordinator", "bulletin", "10.1.2.3")
    assert "含完整身份证号和电话" in row.detail


def _idle(app_db: str, who: SignedIn) -> str:
    """The cookie of a session last seen 31 minutes ago."""
    with Session(make_engine(app_db)) as session:
        row = session.exec(
            select(WebSession).where(WebSession.token_hash == sessions.token_hash(who.token))
        ).one()
        row.last_seen_at = datetime.now(UTC) - timedelta(minutes=31)
        session.add(row)
        session.commit()
    return cookie_for(who)


COOKIES = {
    "no-cookie": lambda app_db, coordinator, leader: None,  # a plain HTTP client
    "garbage": lambda app_db, coordinator, leader: "not-a-jwt",
    "forged": lambda app_db, coordinator, leader: cookie_for(coordinator, key="some_key"),
    "other-user": lambda app_db, coordinator, leader: cookie_for(leader),  # signed in too
    "idle": lambda app_db, coordinator, leader: _idle(app_db, coordinator),
}


@pytest.mark.parametrize("kind", list(COOKIES))
def test_anything_but_the_users_valid_cookie_gets_an_empty_404(
    app_db: str, connected: set[str], kind: str
) -> None:
    coordinator = signed(app_db, "coordinator")
    leader = signed(app_db, "leader")
    connected.add(SESSION)
    token = offer(coordinator)
    status, headers, body = get(token, COOKIES[kind](app_db, coordinator, leader))
    assert (status, body) == (404, b"")
    assert download_rows(app_db) == []


def test_an_unknown_or_expired_token_gets_404(
    app_db: str, connected: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = signed(app_db, "coordinator")
    connected.add(SESSION)
    token = offer(coordinator)
    assert get(token[:-2] + "xx", cookie_for(coordinator))[0] == 404
    later = store_module.utcnow() + store_module.TTL + timedelta(seconds=1)
    monkeypatch.setattr(store_module, "utcnow", lambda: later)
    assert get(token, cookie_for(coordinator))[0] == 404


def test_after_the_session_ended_or_logged_out_404(app_db: str, connected: set[str]) -> None:
    coordinator = signed(app_db, "coordinator")
    token = offer(coordinator)
    assert get(token, cookie_for(coordinator))[0] == 404  # its session is not connected
    connected.add(SESSION)
    token = offer(coordinator)
    assert get(token, cookie_for(coordinator))[0] == 200
    with write_session(make_engine(app_db)) as session:
        sign_out(session, actor=coordinator.actor, token=coordinator.token)
    assert get(token, cookie_for(coordinator))[0] == 404


def test_no_page_hands_a_file_or_picture_to_streamlits_media_store() -> None:
    """st.download_button, st.image, st.audio, st.video and st.pdf keep their bytes in the media
    store, served at /media/<hash> to any client: nothing in app.py, pages/ or components/ uses
    them (components.delivery hands files to the session instead)."""
    root = Path(__file__).resolve().parents[2]
    sources = [root / "app.py", *root.glob("pages/*.py"), *root.glob("components/*.py")]
    media = re.compile(r"\bst\.(download_button|image|audio|video|pdf)\(")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if media.search(line)
    ]
    assert len(sources) > 30 and offenders == []


def test_a_photo_is_shown_inline_with_its_type_read_from_its_content(
    app_db: str, connected: set[str]
) -> None:
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(picture, format="PNG")
    coordinator = signed(app_db, "coordinator")
    connected.add(SESSION)
    token = store_module.STORE.put(
        session_id=SESSION,
        actor=coordinator.actor,
        sign_in_token=coordinator.token,
        offer=Offer(what="photo:7", file_name="photo-7", mime="", audited=False),
        loader=lambda session, reader: picture.getvalue(),
    )
    status, headers, body = get(token, cookie_for(coordinator))
    assert (status, headers["content-type"], body) == (200, "image/png", picture.getvalue())
    assert headers["content-disposition"].startswith("inline;")
    assert get(token)[0] == 404  # without the cookie: nothing
    assert download_rows(app_db) == []  # photos are not audited per view
