"""Files and pictures handed to one signed-in browser session, never to a bare address.

A page that offers a file (an export, a photo) puts it here with `DeliveryStore.put` and shows a
link to /file/<token> (components.delivery). The token is random (256 bits) and bound to the
Streamlit session that asked, the user, and that session's sign-in (its server-side session,
db.accounts.sessions, kept here as the hash of its token). `deliver` hands the bytes out only
when the token is known and fresh, that Streamlit session is still connected to this process,
the request's sign-in cookie names that same sign-in session, and it still counts (no logout,
idle timeout, password change, disabled account or ended session since: db.accounts.auth.resume)
for the same user, who is no account on its one-time password. Every delivery of an export writes an audit row: who, what, the
scope, masked or revealed. Anything else gets None, and the web route answers 404.

The store is memory of this process (behind a proxy, the websocket and the download of one
session reach the same process: sticky sessions; another process does not know the token and
refuses). It is bounded: entries expire after TTL, a session holds at most MAX_SESSION_BYTES,
the process at most MAX_TOTAL_BYTES (the oldest go first), and a session's entries are dropped
at logout and once the session has ended (`sweep`). No Streamlit here.
"""

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from db import texts
from db.accounts import auth, sessions
from db.clock import utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.enums import AuditAction

PATH = "file"  # the web route is /file/{token}, under the app's base path
TTL = timedelta(minutes=10)
MAX_SESSION_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024

# Builds the content when it is fetched (a photo read with the fetching user's scope check, a
# workbook built from figures already on the page): (database session, the user) -> bytes.
Loader = Callable[[Session, Actor], bytes]


class TooLarge(Refused):
    """A file larger than one session may hold."""

    def __init__(self) -> None:
        super().__init__(texts.DELIVERY_TOO_LARGE.format(mb=MAX_SESSION_BYTES // (1024 * 1024)))


@dataclass(frozen=True)
class Offer:
    """What is offered: the audit target (`what`: ledger, case:<id>, dashboard, weekly, bulletin,
    photo:<id>), the file name and type, the scope it was made for, masked or revealed.
    Photos are not audited per view (`audited=False`); exports always are."""

    what: str
    file_name: str
    mime: str
    scope: str = ""
    revealed: bool = False
    case_id: int | None = None
    audited: bool = True
    once: bool = False  # gone after its first delivery (one-time passwords)


@dataclass
class Entry:
    token: str
    session_id: str
    user_id: int
    username: str
    sign_in_hash: str  # the SHA-256 of the server-side sign-in session's token
    offer: Offer
    data: bytes | None
    loader: Loader | None
    expires: datetime
    slot: str
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = len(self.data) if self.data is not None else 0


@dataclass(frozen=True)
class Delivered:
    file_name: str
    mime: str
    data: bytes


class DeliveryStore:
    """Tokens → files, for the sessions of this process (thread-safe)."""

    def __init__(
        self,
        *,
        ttl: timedelta = TTL,
        max_session_bytes: int = MAX_SESSION_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
    ) -> None:
        self.ttl = ttl
        self.max_session_bytes = max_session_bytes
        self.max_total_bytes = max_total_bytes
        self._entries: dict[str, Entry] = {}  # insertion order = age
        self._lock = threading.Lock()

    def put(
        self,
        *,
        session_id: str,
        actor: Actor,
        sign_in_token: str,
        offer: Offer,
        data: bytes | None = None,
        loader: Loader | None = None,
        slot: str | None = None,
    ) -> str:
        """Keep a file (its bytes, or a loader that makes them when fetched) for this session
        and user; returns its token. The same `slot` in the same session keeps its token (a
        picture or link drawn again on every rerun) and takes the new content."""
        if (data is None) == (loader is None):
            raise ValueError("give the bytes or a loader")
        if data is not None and len(data) > self.max_session_bytes:
            raise TooLarge()
        now = utcnow()
        with self._lock:
            self._drop_expired(now)
            old = next(
                (
                    e
                    for e in self._entries.values()
                    if slot is not None
                    and e.session_id == session_id
                    and e.slot == slot
                    and e.user_id == actor.id
                ),
                None,
            )
            token = old.token if old is not None else secrets.token_urlsafe(32)
            self._entries.pop(token, None)
            self._entries[token] = Entry(
                token=token,
                session_id=session_id,
                user_id=actor.id,
                username=actor.username,
                sign_in_hash=sessions.token_hash(sign_in_token),
                offer=offer,
                data=data,
                loader=loader,
                expires=now + self.ttl,
                slot=slot if slot is not None else token,
            )
            self._bound(session_id)
            return token

    def _drop_expired(self, now: datetime) -> None:
        for token in [t for t, e in self._entries.items() if e.expires <= now]:
            del self._entries[token]

    def _bound(self, session_id: str) -> None:
        """Oldest first: the session's own files past its share, then anyone's past the total."""
        mine = [e for e in self._entries.values() if e.session_id == session_id]
        held = sum(e.size for e in mine)
        for entry in mine:
            if held <= self.max_session_bytes:
                break
            held -= entry.size
            del self._entries[entry.token]
        total = sum(e.size for e in self._entries.values())
        for entry in list(self._entries.values()):
            if total <= self.max_total_bytes:
                break
            total -= entry.size
            del self._entries[entry.token]

    def get(self, token: str) -> Entry | None:
        """The unexpired entry for this token, if any."""
        with self._lock:
            entry = self._entries.get(token)
            if entry is None:
                return None
            if entry.expires <= utcnow():
                del self._entries[token]
                return None
            return entry

    def forget(self, token: str) -> None:
        """Drop one file (a file offered once, once it was delivered)."""
        with self._lock:
            self._entries.pop(token, None)

    def forget_session(self, session_id: str) -> None:
        """Drop everything a session was offered (logout, end of the session)."""
        with self._lock:
            for token in [t for t, e in self._entries.items() if e.session_id == session_id]:
                del self._entries[token]

    def sweep(self, active: Callable[[str], bool]) -> None:
        """Drop expired entries and those of sessions that have ended."""
        with self._lock:
            self._drop_expired(utcnow())
            ended = {e.session_id for e in self._entries.values() if not active(e.session_id)}
        for session_id in ended:
            self.forget_session(session_id)

    def held_bytes(self, session_id: str | None = None) -> int:
        with self._lock:
            return sum(
                e.size
                for e in self._entries.values()
                if session_id is None or e.session_id == session_id
            )


STORE = DeliveryStore()  # this process's


def deliver(
    session: Session,
    store: DeliveryStore,
    token: str,
    *,
    cookie_token: str | None,
    client: str,
    session_active: Callable[[str], bool],
) -> Delivered | None:
    """The file behind `token` for the request whose sign-in cookie carries `cookie_token` (the
    server-side session's token, None without a valid cookie), or None. An export's delivery is
    audited and committed."""
    entry = store.get(token)
    if entry is None or cookie_token is None:
        return None
    if sessions.token_hash(cookie_token) != entry.sign_in_hash:
        return None  # another sign-in, another browser, or none
    if not session_active(entry.session_id):
        store.forget_session(entry.session_id)
        return None
    # The sign-in still counts (logout, idle timeout, password change, a disabled account or an
    # administrator end it), for the same user, who is a full Actor.
    still = auth.resume(session, token=cookie_token, client=client).who
    if not isinstance(still, Actor) or still.id != entry.user_id:
        store.forget_session(entry.session_id)
        return None
    if entry.loader is not None:
        try:
            data = entry.loader(session, still)
        except Refused:  # e.g. a photo now out of the reader's scope
            return None
    else:
        assert entry.data is not None
        data = entry.data
    offer = entry.offer
    if offer.once:
        store.forget(token)
    if offer.audited:
        detail = texts.DELIVERY_AUDIT.format(
            file=offer.file_name,
            scope=offer.scope or still.unit_name,
            shown=texts.DELIVERY_REVEALED if offer.revealed else texts.DELIVERY_MASKED,
        )
        audit.record(
            session,
            actor=still,
            action=AuditAction.DOWNLOAD,
            case_id=offer.case_id,
            target=offer.what,
            detail=detail,
        )
        session.commit()
    return Delivered(file_name=offer.file_name, mime=offer.mime, data=data)
