"""Preview and import of a set-up workbook. The import is one transaction: every new unit (parent
first) and account, the audit row of each (as 系统管理 writes them one by one) and one audit row of
the import with its counts, all or nothing. Each new account gets a random one-time password,
returned once and never written anywhere (the audit names the account, not its password).

The file is read before any database session is opened; the passwords are hashed (bcrypt, in
threads) between the check in a read session and the write session, so that the write lock is
held only for the writing; the write session checks everything again."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from db import texts
from db.accounts.users import hash_password, random_password
from db.core import audit
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.errors import Refused
from db.core.units import add_unit
from db.core.validation import mask_phone
from db.enums import AuditAction
from db.io.setup_book.check import SetupPlan, check_book
from db.io.setup_book.reader import Problem, read_book
from db.models import Unit, User


class SetupRefused(Refused):
    """The workbook has problems (all of them in `problems`); nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(texts.SB_REFUSED.format(count=len(problems)))
        self.problems = problems


@dataclass(frozen=True)
class OneTimePassword:
    username: str
    display_name: str
    role: str  # its label
    unit: str  # the unit's name
    phone: str  # masked
    password: str

    def row(self) -> tuple[str, ...]:
        return (self.username, self.display_name, self.role, self.unit, self.phone, self.password)


@dataclass
class SetupDone:
    units: int
    units_there: int
    accounts_there: int
    passwords: list[OneTimePassword] = field(default_factory=list)

    def line(self) -> str:
        return texts.SB_DONE.format(
            units=self.units,
            accounts=len(self.passwords),
            units_there=self.units_there,
            accounts_there=self.accounts_there,
        )


def preview_book(
    source: str | Path | bytes, *, actor: Actor, filename: str, engine: Engine | None = None
) -> SetupPlan:
    """What an import of this file would do, and every problem; writes nothing."""
    book = read_book(source, filename=filename)
    with read_session(engine) as session:
        return check_book(session, actor=actor, book=book)


def import_book(
    source: str | Path | bytes, *, actor: Actor, filename: str, engine: Engine | None = None
) -> SetupDone:
    """Create the file's new units and accounts, all or nothing; SetupRefused (every problem)
    or Refused (nothing to create) writes nothing."""
    book = read_book(source, filename=filename)
    with read_session(engine) as session:
        plan = check_book(session, actor=actor, book=book)
    _refuse_unless_ready(plan)
    secrets = _hashed({a.username for a in plan.accounts})
    with write_session(engine) as session:
        plan = check_book(session, actor=actor, book=book)  # again, under the write lock
        _refuse_unless_ready(plan)
        missing = {a.username for a in plan.accounts} - set(secrets)
        secrets.update(_hashed(missing))
        done = _write(session, actor, plan, secrets)
        session.commit()
    return done


def _refuse_unless_ready(plan: SetupPlan) -> None:
    if plan.problems:
        raise SetupRefused(plan.problems)
    if not plan.units and not plan.accounts:
        raise Refused(texts.SB_NOTHING)


def _hashed(usernames: set[str]) -> dict[str, tuple[str, str]]:
    """A one-time password and its hash for each username (bcrypt releases the GIL)."""
    names = sorted(usernames)
    passwords = [random_password() for _ in names]
    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = list(pool.map(hash_password, passwords))
    return {n: (p, h) for n, p, h in zip(names, passwords, hashes, strict=True)}


def _write(
    session: Session, actor: Actor, plan: SetupPlan, secrets: dict[str, tuple[str, str]]
) -> SetupDone:
    units = {u.code: u for u in session.exec(select(Unit))}
    for new in plan.units:
        parent = units[new.parent]
        unit = add_unit(
            session,
            code=new.code,
            name=new.name,
            kind=new.kind,
            parent=parent,
            must_report=new.must_report,
        )
        unit.reports_from = new.reports_from
        session.add(unit)
        units[new.code] = unit
        audit.record(
            session,
            actor=actor,
            action=AuditAction.UNIT_CHANGED,
            target=f"unit:{unit.id}",
            detail=f"{unit.name}（{unit.code}）："
            + texts.UNIT_AUDIT_CREATED.format(kind=texts.label(new.kind), parent=parent.name),
        )
    done = SetupDone(
        units=len(plan.units), units_there=plan.units_there, accounts_there=plan.accounts_there
    )
    for new in plan.accounts:
        unit = units[new.unit]
        password, hashed = secrets[new.username]
        user = User(
            username=new.username,
            display_name=new.display_name,
            password_hash=hashed,
            role=new.role,
            unit_id=unit.id or 0,
            must_change_password=True,
            phone=new.phone,
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action=AuditAction.USER_CHANGED,
            target=f"user:{user.id}",
            detail=texts.AUDIT_USER_CREATED.format(
                username=new.username, role=texts.label(new.role), unit=unit.name
            ),
        )
        done.passwords.append(
            OneTimePassword(
                username=new.username,
                display_name=new.display_name,
                role=texts.label(new.role),
                unit=unit.name,
                phone=mask_phone(new.phone),
                password=password,
            )
        )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.IMPORT,
        target="setup",
        detail=texts.SB_AUDIT.format(
            file=plan.filename,
            units=len(plan.units),
            accounts=len(plan.accounts),
            units_there=plan.units_there,
            accounts_there=plan.accounts_there,
        ),
    )
    return done
