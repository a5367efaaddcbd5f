"""Every row of a set-up workbook checked against the rest of the file and the database, each
problem named by sheet, row and column (db.io.setup_book.units_check, accounts_check). A row
whose code or username exists and says the same as the database is "already there"
(db.io.setup_book, the decision)."""

from sqlmodel import Session, select

from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.io.setup_book.accounts_check import check_accounts
from db.io.setup_book.plan import NewAccount, NewUnit, SetupPlan  # noqa: F401 (re-exported)
from db.io.setup_book.reader import SetupFile
from db.io.setup_book.units_check import place_units, unit_rows
from db.models import Unit


def check_book(session: Session, *, actor: Actor, book: SetupFile) -> SetupPlan:
    require(actor.role, Permission.MANAGE_USERS)
    plan = SetupPlan(filename=book.filename, problems=list(book.problems))
    units = {u.code: u for u in session.exec(select(Unit))}
    by_id = {u.id: u for u in units.values()}
    rows = unit_rows(plan, book.units, units, by_id)
    place_units(plan, actor, rows, units)
    # Every code the 单位 sheet names, its rows in error too: an account of such a unit is not
    # blamed for that row's problem, which is listed already.
    file_codes = {r.text("code").upper() for r in book.units if r.text("code")}
    check_accounts(session, plan, actor, book.accounts, units, file_codes)
    return plan
