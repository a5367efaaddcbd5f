"""A burst of registrations, for the crash drills: `python -m tests.faults.burst USERNAME UNIT`
registers cases through db.cases.register.register, one transaction each, as fast as it can, until it is
killed. DATABASE_URL names the database."""

import itertools
import sys

from sqlmodel import select

from db.cases.register import register
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.models import Unit, User
from tests.db.factories import form


def main(username: str, unit_code: str) -> None:
    with read_session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        actor = Actor.of(session, user, client="burst")
        unit = session.exec(select(Unit).where(Unit.code == unit_code)).one()
        assert unit.id is not None
    for serial in itertools.count(1):
        with write_session() as session:
            register(session, actor=actor, data=form(unit.id, facts=f"连续登记第 {serial} 件"))
        print(serial, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
