"""A county of one's own on an empty database: its county unit and its first admin account,
whose one-time password is returned once and must be changed at first sign-in
(db.accounts.sessions forces it). `python -m db init` and `./run.sh` with DISPUTE_DESK_DEMO=0
call it."""

from dataclasses import dataclass

from sqlmodel import Session, func, select

from db import texts
from db.accounts.users import create_user, random_password
from db.core import audit
from db.core.errors import Refused
from db.core.units import add_unit, checked_code, checked_name
from db.enums import AuditAction, Role, UnitKind
from db.models import Unit

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class FirstAdmin:
    county: str
    code: str
    username: str
    password: str  # shown once, never stored in clear


def is_empty(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Unit)).one() == 0


def start_county(session: Session, *, county: str, code: str) -> FirstAdmin:
    """The county unit and the admin account on a database without units; audited. Refused on
    a database that has units, or a name or code the tree would not take."""
    name, code = checked_name(county), checked_code(code)
    if not is_empty(session):
        raise Refused(texts.E_INIT_NOT_EMPTY)
    unit = add_unit(session, code=code, name=name, kind=UnitKind.COUNTY)
    password = random_password()
    user = create_user(
        session,
        username=ADMIN_USERNAME,
        display_name=texts.INIT_ADMIN_NAME,
        password=password,
        role=Role.ADMIN,
        unit=unit,
        must_change_password=True,
    )
    audit.record(
        session,
        actor=None,
        username=texts.INIT_BY,
        action=AuditAction.UNIT_CHANGED,
        target=f"unit:{unit.id}",
        detail=texts.INIT_AUDIT.format(county=name, code=code, username=user.username),
    )
    session.commit()
    return FirstAdmin(county=name, code=code, username=user.username, password=password)
