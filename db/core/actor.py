"""The signed-in user as the rules see them."""

from dataclasses import dataclass

from sqlmodel import Session

from db.enums import Role
from db.models import Unit, User


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
