"""Which notifications reach a user outside the app (我的账号): their work e-mail address and,
per configured channel, the kinds they chose. Each user changes only their own: the services
take the signed-in actor and nothing that names another account."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from db import texts
from db.clock import utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.validation import clean_text
from db.enums import AuditAction, Channel, NoticeKind
from db.io.outbox.config import configured_channels
from db.models import NoticeChoice, User

# One address, no blanks: what a mail server takes in RCPT TO. Intranet domains may lack a dot.
_EMAIL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+")
EMAIL_MAX = 254


@dataclass(frozen=True)
class OutsideChoices:
    email: str | None
    kinds: Mapping[Channel, frozenset[NoticeKind]]


def read(session: Session, actor: Actor) -> OutsideChoices:
    user = session.get(User, actor.id)
    assert user is not None
    rows = session.exec(select(NoticeChoice).where(NoticeChoice.user_id == actor.id)).all()
    kinds = {
        channel: frozenset(r.kind for r in rows if r.channel == channel) for channel in Channel
    }
    return OutsideChoices(email=user.email, kinds=kinds)


def checked_email(value: str) -> str | None:
    """The address without blanks around it, None when empty; Invalid when it is no address."""
    email = clean_text(value or "").strip()
    if not email:
        return None
    if len(email) > EMAIL_MAX or not _EMAIL.fullmatch(email):
        raise Invalid(texts.V_EMAIL, field="email")
    return email


def save(
    session: Session,
    *,
    actor: Actor,
    email: str,
    kinds: Mapping[Channel, Iterable[NoticeKind]],
) -> OutsideChoices:
    """Set the actor's own work e-mail and, for each channel given, exactly the kinds given
    (a channel not given keeps its choices). A channel must be configured; mail needs an
    address. Audited, committed."""
    address = checked_email(email)
    offered = configured_channels()
    wanted = {Channel(c): frozenset(NoticeKind(k) for k in chosen) for c, chosen in kinds.items()}
    for channel, chosen in wanted.items():
        if chosen and channel not in offered:
            raise Refused(texts.E_OUTBOX_CHANNEL_OFF.format(channel=texts.label(channel)))
    if wanted.get(Channel.EMAIL) and address is None:
        raise Refused(texts.E_OUTBOX_NO_EMAIL, field="email")
    user = session.get(User, actor.id)
    assert user is not None
    user.email = address
    session.add(user)
    now = utcnow()
    for channel, chosen in wanted.items():
        mine = (NoticeChoice.user_id == actor.id) & (NoticeChoice.channel == channel)
        session.exec(delete(NoticeChoice).where(mine, col(NoticeChoice.kind).not_in(chosen)))
        kept = set(session.exec(select(NoticeChoice.kind).where(mine)).all())
        session.add_all(
            NoticeChoice(user_id=actor.id, channel=channel, kind=kind, chosen_at=now)
            for kind in sorted(chosen - kept)
        )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.USER_CHANGED,
        target=f"user:{actor.id}",
        detail=texts.AUDIT_OUTSIDE_CHANGED,
    )
    session.commit()
    return read(session, actor)
