"""Corrections with history (更正): the facts, category, village, people involved, amount, found
date and parties of a case, corrected by a coordinator of its scope or, within CORRECT_HOURS of
registering it, by the user who registered it.

One correction is one event (kind corrected) listing every changed field's old and new value,
with ID numbers and phones masked, and the reason; a form opened at an older version is refused
(db.cases.move_writing.save_change). The case row is changed in SQL, so the tallies (their triggers)
and the search (its FTS triggers) follow the corrected values. The party duplicate warning of
the intake (db.cases.register.find_duplicates) runs again for the parties added or corrected:
its hits come back with the new version, a warning, not a refusal."""

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field, field_validator
from sqlmodel import Session, select

from db import texts
from db.cases.categories import local_in_use, local_names
from db.cases.lifecycle import MoveRefused
from db.cases.move_writing import save_change, stale_error
from db.cases.register import find_duplicates
from db.cases.schemas import MAX_AMOUNT_YUAN, MAX_PEOPLE, DuplicateHit, PartyCreate
from db.cases.urgent import is_urgent
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.permissions import Permission, allows
from db.core.scope import OutOfScope, load_case, unit_in_scope
from db.core.validation import CleanTextModel, check_past_date, mask_id_number, mask_phone
from db.enums import Category, EventKind, Stage
from db.models import Case, Party, Unit

CORRECT_HOURS = 24


class PartyEdit(PartyCreate):
    """A party as corrected; an ID number or phone left empty (None) stays as it was."""

    party_id: int


class PartyRemoval(CleanTextModel):
    party_id: int
    reason: str = Field(min_length=1, max_length=200)


class CaseCorrection(CleanTextModel):
    """The case's correctable fields as the form now holds them, and the parties' changes."""

    model_config = ConfigDict(str_strip_whitespace=True)

    category: Category
    local_category_id: int | None = None  # a local category; category is then its base
    found_on: date
    unit_id: int
    facts: str = Field(min_length=1, max_length=2000)
    people_involved: int = Field(ge=0, le=MAX_PEOPLE)
    amount_yuan: Decimal = Field(ge=0, le=MAX_AMOUNT_YUAN, decimal_places=2)
    edited: list[PartyEdit] = Field(default_factory=list, max_length=20)
    added: list[PartyCreate] = Field(default_factory=list, max_length=20)
    removed: list[PartyRemoval] = Field(default_factory=list, max_length=20)
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("found_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        return check_past_date(value, today=local_today())


@dataclass(frozen=True)
class Corrected:
    version: int
    duplicates: list[DuplicateHit]


def may_correct(actor: Actor, case: Case) -> bool:
    """A coordinator of the case's scope (load_case checked the scope), or the user who
    registered it within CORRECT_HOURS."""
    if allows(actor.role, Permission.ASSIGN):
        return True
    created = case.created_at if case.created_at.tzinfo else case.created_at.replace(tzinfo=UTC)
    return (
        case.created_by_id == actor.id
        and allows(actor.role, Permission.REGISTER_CASE)
        and utcnow() - created <= timedelta(hours=CORRECT_HOURS)
    )


def _arrow(old: object, new: object) -> str:
    return f"{old if old not in (None, '') else '—'} → {new if new not in (None, '') else '—'}"


def _case_changes(session: Session, actor: Actor, case: Case, data: CaseCorrection) -> tuple:
    F = texts.FIELDS
    values: dict[str, Any] = {}
    detail: dict[str, str] = {}
    category, local = data.category, data.local_category_id
    if local is not None and local != case.local_category_id:  # a new one is offered now
        category = local_in_use(session, local).base
    new = {
        "category": category,
        "found_on": data.found_on,
        "unit_id": data.unit_id,
        "facts": data.facts,
        "people_involved": data.people_involved,
        "amount_fen": int(data.amount_yuan * 100),
    }
    for name, value in new.items():
        old = getattr(case, name)
        if old == value:
            continue
        values[name] = value
        if name == "unit_id":
            unit = session.get(Unit, value)
            if unit is None or not unit_in_scope(session, actor, value):
                raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
            if not unit.active:
                raise MoveRefused(texts.E_UNIT_INACTIVE.format(unit=unit.name))
            before = session.get(Unit, old)
            detail[F["unit"]] = _arrow(before.name if before else old, unit.name)
            if case.stage == Stage.REGISTERED and case.handling_unit_id == old:
                values["handling_unit_id"] = value
        elif name == "category":
            detail[F["category"]] = _arrow(texts.label(old), texts.label(value))
        elif name == "amount_fen":
            detail[F["amount_yuan"]] = _arrow(f"{old / 100:.2f}", f"{value / 100:.2f}")
        else:
            detail[F[name]] = _arrow(old, value)
    if local != case.local_category_id:  # its name is what the ledger showed
        values["local_category_id"] = local
        names = local_names(session, {local, case.local_category_id})
        detail[F["category"]] = _arrow(
            names.get(case.local_category_id or 0) or texts.label(case.category),
            names.get(local or 0) or texts.label(category),
        )
    people = values.get("people_involved", case.people_involved)
    flags = {"group_risk": case.group_risk, "violence_risk": case.violence_risk}
    if not case.urgent and is_urgent(risk=case.risk, people=people, **flags):
        values["urgent"] = True  # now urgent: the coordinators are told (db.cases.urgent)
    return values, detail


def _party_text(party: Party | PartyCreate) -> dict[str, str]:
    return {
        "role": texts.label(party.role),
        "name": party.name,
        "id_number": mask_id_number(party.id_number),
        "phone": mask_phone(party.phone),
        "address": party.address or "",
    }


def _party_changes(session: Session, case: Case, data: CaseCorrection) -> tuple[dict, list]:
    """Apply the parties' changes in the session; their detail lines and the parties to check
    for duplicates."""
    F = texts.FIELDS
    detail: dict[str, str] = {}
    checked: list[PartyCreate] = []
    parties = {p.id: p for p in session.exec(select(Party).where(Party.case_id == case.id))}
    for edit in data.edited:
        party = parties.get(edit.party_id)
        if party is None:
            raise MoveRefused(texts.E_PARTY_UNKNOWN)
        before = _party_text(party)
        changes = edit.model_dump(exclude={"party_id"})
        for name in ("id_number", "phone"):
            if changes[name] is None:
                changes[name] = getattr(party, name)
        for name, value in changes.items():
            setattr(party, name, value)
        after = _party_text(party)
        for name, old in before.items():
            if old != after[name]:
                detail[f"{F['parties']}{before['name']}·{F[name]}"] = _arrow(old, after[name])
        if before["id_number"] != after["id_number"] or before["phone"] != after["phone"]:
            checked.append(PartyCreate.model_construct(**changes))
        session.add(party)
    for removal in data.removed:
        party = parties.pop(removal.party_id, None)
        if party is None:
            raise MoveRefused(texts.E_PARTY_UNKNOWN)
        line = "，".join(v for v in _party_text(party).values() if v)
        detail[f"{texts.CORRECT_PARTY_REMOVE}·{party.name}"] = f"{line}（{removal.reason}）"
        session.delete(party)
    for added in data.added:
        session.add(Party(case_id=case.id or 0, **added.model_dump()))
        detail[f"{texts.CORRECT_PARTY_ADD}·{added.name}"] = "，".join(
            v for v in _party_text(added).values() if v
        )
        checked.append(added)
    if not parties and not data.added:
        raise MoveRefused(texts.E_LAST_PARTY)
    return detail, checked


def correct(
    session: Session, *, actor: Actor, case_id: int, version: int, data: CaseCorrection
) -> Corrected:
    """更正: every change in one event, committed with the case's new version."""
    case = load_case(session, actor, case_id)
    if not may_correct(actor, case):
        raise MoveRefused(texts.E_CORRECT_NOT_ALLOWED.format(hours=CORRECT_HOURS))
    if case.version != version:
        raise stale_error(session, case_id)
    values, detail = _case_changes(session, actor, case, data)
    party_detail, checked = _party_changes(session, case, data)
    detail.update(party_detail)
    if not detail:
        raise MoveRefused(texts.E_NO_CHANGE)
    detail["reason"] = data.reason
    session.flush()
    new_version = save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.CORRECTED,
        detail=detail,
    )
    hits = find_duplicates(session, actor=actor, parties=checked, exclude_case_id=case_id)
    return Corrected(version=new_version, duplicates=hits)
