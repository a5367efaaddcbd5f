"""What the reception forms submit (validated here, Chinese messages field by field) and what
the register hands back (plain values, visitors' phones masked)."""

import re
from dataclasses import dataclass
from datetime import date

from pydantic import ConfigDict, Field, field_validator

from db import texts
from db.core.errors import Invalid
from db.core.validation import EARLIEST_DATE, CleanTextModel, clean_phone, normalise
from db.enums import ReceptionKind, ReceptionStatus, Stage

MAX_VISITORS = 10_000
_SEPARATORS = re.compile(r"[,，、;；\s]+")


def clean_phones(raw: str) -> str:
    """Phones typed one after another (comma, 、 or space between): each cleaned as a party's
    phone is, joined with 、; an invalid one refuses the whole field."""
    parts = [p for p in _SEPARATORS.split(normalise(raw)) if p]
    return "、".join(clean_phone(p) for p in parts)


class VisitInput(CleanTextModel):
    """What a held reception records: also what completes a planned one."""

    model_config = ConfigDict(str_strip_whitespace=True)

    held_on: date
    accompanied: str = Field(default="", max_length=200)
    visitors: int = Field(default=0, ge=0, le=MAX_VISITORS)
    raised: str = Field(default="", max_length=2000)
    decided: str = Field(default="", max_length=2000)
    visitor_names: str = Field(default="", max_length=200)
    visitor_phones: str = Field(default="", max_length=200)

    @field_validator("held_on")
    @classmethod
    def _not_too_early(cls, value: date) -> date:
        if value < EARLIEST_DATE:
            raise Invalid(texts.V_DATE_TOO_EARLY.format(earliest=EARLIEST_DATE.isoformat()))
        return value

    @field_validator("visitor_phones")
    @classmethod
    def _phones(cls, value: str) -> str:
        return clean_phones(value)


class ReceptionInput(VisitInput):
    """The record form: a reception held (done) or planned ahead."""

    kind: ReceptionKind
    status: ReceptionStatus = ReceptionStatus.DONE
    place: str = Field(min_length=1, max_length=200)
    unit_id: int
    leader_id: int


@dataclass(frozen=True)
class LeaderOption:
    id: int
    name: str
    unit: str


@dataclass(frozen=True)
class ReceptionRow:
    """One line of the register: by date, leader, kind and unit (never by visitor)."""

    id: int
    held_on: date
    kind: ReceptionKind
    status: ReceptionStatus
    unit: str
    leader_id: int
    leader: str
    place: str
    visitors: int
    cases: int
    opened: int


@dataclass(frozen=True)
class LinkedCase:
    id: int
    number: str
    stage: Stage
    opened: bool  # registered from this reception


@dataclass(frozen=True)
class ReceptionDetail:
    """One reception as shown: visitors' phones masked, the names as recorded (on this
    reception only), the cases it concerns."""

    id: int
    kind: ReceptionKind
    status: ReceptionStatus
    held_on: date
    place: str
    unit_id: int
    unit: str
    leader_id: int
    leader: str
    accompanied: str
    visitors: int
    raised: str
    decided: str
    visitor_names: str
    visitor_phones: str
    recorded_by: str
    version: int
    cases: tuple[LinkedCase, ...]
