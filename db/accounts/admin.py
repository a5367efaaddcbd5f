"""Administration of accounts: create, disable, reset a password, change role or unit.

Every change is audited, and every change that alters what a person may do (disable, reset,
role, unit) revokes that person's open sessions and cookies at once."""

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from db import texts
from db.accounts.sessions import Ended, end_all, live_counts
from db.accounts.users import by_username, create_user, random_password
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, unit_in_scope
from db.core.validation import CleanTextModel
from db.enums import AuditAction, Role
from db.models import Unit, User

_USERNAME = re.compile(r"[A-Za-z0-9_.-]{3,64}")


def checked_username(value: str) -> str:
    """A username as typed, trimmed; Invalid unless 3-64 of A-Z a-z 0-9 _ . -."""
    value = value.strip()
    if not _USERNAME.fullmatch(value):
        raise Invalid(texts.E_USERNAME_FORMAT)
    return value


class UserCreate(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    username: str
    display_name: str = Field(min_length=1, max_length=50)
    role: Role
    unit_id: int

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        return checked_username(value)


class UserRow(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    unit: str
    is_active: bool
    must_change_password: bool
    live_sessions: int = 0


class AdminRefused(Refused):
    """An account change the rules refuse; the message is for the user."""


def list_users(session: Session, *, actor: Actor) -> list[UserRow]:
    require(actor.role, Permission.MANAGE_USERS)
    rows = session.exec(
        select(User, Unit.name)
        .join(Unit, col(Unit.id) == User.unit_id)
        .where(col(Unit.path).startswith(actor.unit_path, autoescape=True))
        .order_by(col(Unit.path), col(User.username))
    ).all()
    live = live_counts(session)
    return [
        UserRow(
            id=u.id or 0,
            username=u.username,
            display_name=u.display_name,
            role=u.role,
            unit=unit_name,
            is_active=u.is_active,
            must_change_password=u.must_change_password,
            live_sessions=live.get(u.id or 0, 0),
        )
        for u, unit_name in rows
    ]


def _managed(session: Session, actor: Actor, user_id: int) -> User:
    require(actor.role, Permission.MANAGE_USERS)
    user = session.get(User, user_id)
    if user is None or not unit_in_scope(session, actor, user.unit_id):
        raise OutOfScope(texts.E_USER_OUT_OF_SCOPE)
    return user


def add_user(session: Session, *, actor: Actor, data: UserCreate) -> str:
    """Create an account with a random initial password, returned once; it must be changed at
    first sign-in."""
    require(actor.role, Permission.MANAGE_USERS)
    unit = session.get(Unit, data.unit_id)
    if unit is None or not unit_in_scope(session, actor, data.unit_id):
        raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
    if not unit.active:
        raise AdminRefused(texts.E_UNIT_INACTIVE.format(unit=unit.name))
    if by_username(session, data.username):
        raise AdminRefused(texts.E_USERNAME_TAKEN)
    password = random_password()
    user = create_user(
        session,
        username=data.username,
        display_name=data.display_name,
        password=password,
        role=data.role,
        unit=unit,
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.USER_CHANGED,
        target=f"user:{user.id}",
        detail=texts.AUDIT_USER_CREATED.format(
            username=data.username, role=texts.label(data.role), unit=unit.name
        ),
    )
    session.commit()
    return password


def set_active(session: Session, *, actor: Actor, user_id: int, active: bool) -> None:
    user = _managed(session, actor, user_id)
    if user.id == actor.id and not active:
        raise AdminRefused(texts.E_DISABLE_SELF)
    user.is_active = active
    session.add(user)
    if not active:
        end_all(session, user_id=user_id, reason=Ended.DEACTIVATED)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.USER_CHANGED,
        target=f"user:{user_id}",
        detail=texts.ADMIN_ENABLE if active else texts.ADMIN_DISABLE,
    )
    session.commit()


def reset_password(session: Session, *, actor: Actor, user_id: int) -> str:
    """A new random password, returned once; the user must change it at next sign-in."""
    from db.accounts.users import hash_password

    user = _managed(session, actor, user_id)
    password = random_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    session.add(user)
    end_all(session, user_id=user_id, reason=Ended.PASSWORD_RESET)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.USER_CHANGED,
        target=f"user:{user_id}",
        detail=texts.ADMIN_RESET,
    )
    session.commit()
    return password


def set_role_and_unit(
    session: Session, *, actor: Actor, user_id: int, role: Role, unit_id: int
) -> None:
    user = _managed(session, actor, user_id)
    if not unit_in_scope(session, actor, unit_id):
        raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
    unit = session.get(Unit, unit_id)
    if unit is not None and not unit.active and unit_id != user.unit_id:
        raise AdminRefused(texts.E_UNIT_INACTIVE.format(unit=unit.name))
    if user.id == actor.id and role != user.role:
        raise AdminRefused(texts.E_DEMOTE_SELF)
    before = texts.AUDIT_ROLE_UNIT.format(
        role=texts.label(user.role), unit=_unit_name(session, user.unit_id)
    )
    user.role, user.unit_id = role, unit_id
    session.add(user)
    end_all(session, user_id=user_id, reason=Ended.ROLE_CHANGED)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.USER_CHANGED,
        target=f"user:{user_id}",
        detail=f"{before} → {texts.AUDIT_ROLE_UNIT.format(role=texts.label(role), unit=_unit_name(session, unit_id))}",
    )
    session.commit()


def end_sessions(session: Session, *, actor: Actor, user_id: int) -> int:
    """End every sign-in session of this user (a lost phone, a shared computer); audited.
    Returns how many were open."""
    _managed(session, actor, user_id)
    count = end_all(session, user_id=user_id, reason=Ended.BY_ADMIN)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.USER_CHANGED,
        target=f"user:{user_id}",
        detail=texts.AUDIT_SESSIONS_ENDED.format(count=count),
    )
    session.commit()
    return count


def _unit_name(session: Session, unit_id: int) -> str:
    unit = session.get(Unit, unit_id)
    return unit.name if unit else str(unit_id)
