"""The 账号 sheet checked: each cell, usernames repeated or already in the database, the unit (an
existing one in scope and active, or one of the 单位 sheet), the phone."""

from sqlmodel import col, select

from db import texts
from db.accounts.admin import checked_username
from db.core.errors import Refused
from db.core.validation import clean_phone, clean_text
from db.io.setup_book.layout import role_of, roles_allowed
from db.io.setup_book.plan import MAX_DISPLAY_NAME, NewAccount, Sheet, known
from db.models import User


def _display_name(text: str) -> str:
    name = clean_text(" ".join(text.split()))
    if len(name) > MAX_DISPLAY_NAME:
        raise Refused(texts.SB_NAME_TOO_LONG.format(max=MAX_DISPLAY_NAME))
    return name


def check_accounts(session, plan, actor, rows, units, file_codes: set[str]) -> None:  # type: ignore[no-untyped-def]
    sheet = Sheet(plan, texts.SB_ACCOUNT_SHEET)
    names = [r.text("username") for r in rows]
    users = {u.username: u for u in session.exec(select(User).where(col(User.username).in_(names)))}
    by_id = {u.id: u for u in units.values()}
    first: dict[str, int] = {}
    for row in rows:
        username = sheet.cell(row, "username", checked_username)
        name = sheet.cell(row, "display_name", _display_name)
        role = sheet.cell(
            row,
            "role",
            lambda t: known(role_of(t), texts.SB_BAD_ROLE.format(value=t, allowed=roles_allowed())),
        )
        code = sheet.cell(row, "unit", lambda t: t.strip().upper())
        masked = "*" in row.text("phone")
        phone = None if masked else sheet.cell(row, "phone", clean_phone, required=False)
        unit = units.get(code) if code is not None else None
        if unit is None:
            if code is not None and code not in file_codes:
                sheet.problem(row, "unit", texts.SB_UNIT_UNKNOWN.format(code=code))
        elif not unit.path.startswith(actor.unit_path):
            sheet.problem(row, "unit", texts.SB_PARENT_OUT_OF_SCOPE.format(code=code))
        elif not unit.active and username not in users:
            sheet.problem(row, "unit", texts.E_UNIT_INACTIVE.format(unit=unit.name))
        if username is not None and username in first:
            message = texts.SB_USERNAME_REPEATED.format(username=username, first=first[username])
            sheet.problem(row, "username", message)
            continue
        if username is None:
            continue
        first[username] = row.number
        existing = users.get(username)
        if existing is None:
            if masked:
                sheet.problem(row, "phone", texts.SB_PHONE_MASKED)
            elif name is not None and role is not None and code is not None:
                plan.accounts.append(NewAccount(row.number, username, name, role, code, phone))
            continue
        unit_code = by_id[existing.unit_id].code if existing.unit_id in by_id else ""
        differs = [
            what
            for what, same in (
                (texts.SB_DIFF_NAME, existing.display_name == name),
                (texts.SB_DIFF_ROLE, existing.role == role),
                (texts.SB_DIFF_UNIT, unit_code == code),
                (texts.SB_DIFF_PHONE, phone is None or phone == existing.phone),
            )
            if not same
        ]
        if differs:
            message = texts.SB_USERNAME_TAKEN.format(username=username, what="、".join(differs))
            sheet.problem(row, "username", message)
        else:
            plan.accounts_there += 1
