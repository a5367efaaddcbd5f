"""User accounts: creation and password hashing (bcrypt)."""

import secrets

import bcrypt
from sqlmodel import Session, select

from db.core.errors import Refused
from db.core.settings import bcrypt_rounds
from db.core.validation import has_control
from db.enums import Role
from db.models import Unit, User

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72  # bcrypt's limit; bcrypt 5 raises beyond it


class PasswordRefused(Refused):
    """A password the rules refuse, or a change refused; the message is for the user."""


def check_password_rules(password: str) -> None:
    from db import texts

    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRefused(texts.E_PASSWORD_SHORT.format(min=MIN_PASSWORD_LENGTH))
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise PasswordRefused(texts.E_PASSWORD_LONG)
    if has_control(password):  # it could never be typed into the sign-in form
        raise PasswordRefused(texts.V_CONTROL_CHAR)


def hash_password(password: str) -> str:
    check_password_rules(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=bcrypt_rounds())).decode()


def password_matches(password: str, hashed: str) -> bool:
    encoded = password.encode()
    if len(encoded) > MAX_PASSWORD_BYTES:
        return False
    return bcrypt.checkpw(encoded, hashed.encode())


def random_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    role: Role,
    unit: Unit,
    must_change_password: bool = True,
) -> User:
    user = User(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        unit_id=unit.id or 0,
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    return user


def by_username(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()
