"""The signed-in user as the rules see them, and the one place an actor is made.

An account that must change its password (created or reset by an administrator, still on its
one-time password) never becomes an Actor: `Actor.of` refuses it, so no service of db/ can be
handed one, whatever a page forgets. It is a `PasswordChangeOnly` instead, which may change its
password and sign out, and nothing else: it has no role, unit or scope, and asking it for one
(as every permission and scope check does first) refuses with the same Chinese message."""

from dataclasses import dataclass
from typing import NoReturn

from sqlmodel import Session

from db import texts
from db.core.errors import Refused
from db.enums import Role
from db.models import Unit, User


class MustChangePassword(Refused):
    """The account is still on its one-time password: nothing until it is changed."""

    def __init__(self) -> None:
        super().__init__(texts.E_MUST_CHANGE_PASSWORD)


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the rules see them."""

    id: int
    username: str
    display_name: str
    role: Role
    unit_id: int
    unit_path: str
    unit_name: str = ""
    client: str = ""

    @classmethod
    def of(cls, session: Session, user: User, *, client: str = "") -> "Actor":
        """The actor for this account; MustChangePassword while it is on a one-time password."""
        if user.must_change_password:
            raise MustChangePassword()
        unit = session.get(Unit, user.unit_id)
        assert unit is not None and user.id is not None
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            unit_id=unit.id or 0,
            unit_path=unit.path,
            unit_name=unit.name,
            client=client,
        )


@dataclass(frozen=True)
class PasswordChangeOnly:
    """A signed-in account that must change its one-time password first (not an Actor)."""

    id: int
    username: str
    display_name: str
    client: str = ""

    @classmethod
    def of(cls, user: User, *, client: str = "") -> "PasswordChangeOnly":
        assert user.id is not None
        return cls(
            id=user.id, username=user.username, display_name=user.display_name, client=client
        )

    def __getattr__(self, name: str) -> NoReturn:
        """role, unit_id, unit_path...: whatever an Actor has and this has not is refused."""
        if name.startswith("__"):  # copy, pickle and friends probe for dunders
            raise AttributeError(name)
        raise MustChangePassword()


Signed = Actor | PasswordChangeOnly
