"""Sign-in rules: password check, throttling, session validity and revocation.

streamlit-authenticator's own checks are not used for passwords: it strips them, counts
failures globally (one client can lock everybody out) and raises on bcrypt's 72-byte limit.
Here a password is checked exactly as typed, and failures slow down further tries by account
and by client address with short growing delays, never with a lock (db.accounts.throttle says
how, and why nobody can keep another person out). Every refusal reads the same and costs one
bcrypt check, whatever its cause: an unknown user, a wrong password, a disabled account or a
try that came too early.

A try is settled in two units of work around the slow bcrypt check, which runs outside any
transaction: first it is counted as a failure (unless it is too early), so that tries arriving
meanwhile see it; then a success takes that failure back and is audited, or the refusal is.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import bcrypt
from sqlmodel import Session

from db import texts
from db.accounts import throttle
from db.accounts.users import (
    MAX_PASSWORD_BYTES,
    PasswordRefused,
    by_username,
    hash_password,
    password_matches,
)
from db.clock import utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.settings import bcrypt_rounds
from db.core.validation import plain_search
from db.enums import AuditAction
from db.models import User

IDLE_TIMEOUT = timedelta(minutes=30)
# Compared against when the username is unknown or the try too early, so those refusals cost
# the same.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds=bcrypt_rounds())).decode()


class LoginRefused(Refused):
    """Shown as is; the same words for an unknown user, a wrong password and a throttled try."""

    def __init__(self, message: str = texts.E_LOGIN_FAILED) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    must_change_password: bool
    at: datetime


def sign_in(session: Session, *, username: str, password: str, client: str) -> SignedIn:
    """Check a password typed into the login form from the true client address `client`
    (db.accounts.addresses). Raises LoginRefused."""
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise LoginRefused(texts.E_PASSWORD_LONG)
    # A username with a control or bidirectional character names nobody (and PostgreSQL cannot
    # hold NUL): it is refused like an unknown one, and logged without those characters.
    cleaned = plain_search(username)
    unusable = cleaned != username
    username, client = cleaned.strip()[:64], client[:64]
    now = utcnow()
    throttle.hold(session, username, client)
    early = throttle.too_early(session, username, client, now)
    user = None if early or unusable else by_username(session, username)
    stored, active = (user.password_hash, user.is_active) if user else (_DUMMY_HASH, False)
    if not early:
        throttle.count_failure(session, username, client, now)
    session.commit()
    matches = password_matches(password, stored)
    if user is None or not matches or not active:
        audit.record(
            session,
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            username=username,
            client=client,
            detail="throttled" if early else "",
        )
        session.commit()
        raise LoginRefused()
    throttle.forget(session, username, client)
    actor = Actor.of(session, user, client=client)
    audit.record(session, actor=actor, action=AuditAction.LOGIN)
    session.commit()
    return SignedIn(actor=actor, must_change_password=user.must_change_password, at=utcnow())


def resume(session: Session, *, username: str, issued_at: datetime, client: str) -> Actor | None:
    """The actor for a session or cookie issued at `issued_at`, or None when it no longer
    counts: the account is gone or disabled, or it was revoked (logout, password or role change)
    after that moment."""
    user = by_username(session, username)
    if user is None or not user.is_active or issued_at < user.sessions_valid_after:
        return None
    return Actor.of(session, user, client=client)


def revoke_sessions(session: Session, *, user_id: int) -> None:
    """Every session and cookie of this user issued until now stops counting."""
    user = session.get(User, user_id)
    if user is not None:
        user.sessions_valid_after = utcnow()
        session.add(user)


def sign_out(session: Session, *, actor: Actor) -> None:
    revoke_sessions(session, user_id=actor.id)
    audit.record(session, actor=actor, action=AuditAction.LOGOUT)
    session.commit()


def change_password(
    session: Session, *, actor: Actor, current: str, new: str, repeat: str
) -> datetime:
    """Change one's own password; other sessions and old cookies stop counting. Returns the
    moment from which the caller's refreshed session counts."""
    user = session.get(User, actor.id)
    assert user is not None
    if not password_matches(current, user.password_hash):
        raise PasswordRefused(texts.E_PASSWORD_CURRENT)
    if new != repeat:
        raise PasswordRefused(texts.E_PASSWORD_REPEAT)
    if new == current:
        raise PasswordRefused(texts.E_PASSWORD_SAME)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    revoke_sessions(session, user_id=actor.id)
    audit.record(
        session, actor=actor, action=AuditAction.PASSWORD_CHANGED, target=f"user:{actor.id}"
    )
    session.commit()
    return user.sessions_valid_after
