"""What forms submit (validated `...Create` models) and what services hand back (read models
that stay usable after the session closes). Validation messages are Chinese, field by field."""

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from db import texts
from db.clock import local_today
from db.core.validation import (
    CleanTextModel,
    check_past_date,
    clean_id_number,
    clean_phone,
    normalise,
)
from db.enums import (
    Category,
    EventKind,
    FoundVia,
    Level,
    Move,
    PartyRole,
    ReferralChannel,
    ReferralOutcome,
    ResolutionMethod,
    Risk,
    Satisfaction,
    Stage,
)

MAX_PEOPLE = 100_000
MAX_AMOUNT_YUAN = Decimal("10000000000")


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = normalise(value)
        return value or None
    return value


class PartyCreate(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    role: PartyRole = PartyRole.APPLICANT
    name: str = Field(min_length=1, max_length=50)
    id_number: str | None = None
    phone: str | None = None
    address: str | None = Field(default=None, max_length=200)

    @field_validator("id_number", mode="before")
    @classmethod
    def _id_number(cls, value: object) -> str | None:
        value = _blank_to_none(value)
        return None if value is None else clean_id_number(str(value), today=local_today())

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: object) -> str | None:
        value = _blank_to_none(value)
        return None if value is None else clean_phone(str(value))

    @field_validator("address", mode="before")
    @classmethod
    def _address(cls, value: object) -> object:
        return _blank_to_none(value)


class CaseCreate(CleanTextModel):
    """What the intake form submits (text checked by db.core.validation.clean_text)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    category: Category
    # A local category (db.cases.categories): registration stores its base in category.
    local_category_id: int | None = None
    found_via: FoundVia
    found_on: date
    unit_id: int
    facts: str = Field(min_length=1, max_length=2000)
    people_involved: int = Field(default=0, ge=0, le=MAX_PEOPLE)
    amount_yuan: Decimal = Field(default=Decimal(0), ge=0, le=MAX_AMOUNT_YUAN, decimal_places=2)
    risk: Risk
    group_risk: bool = False
    violence_risk: bool = False
    parties: list[PartyCreate] = Field(min_length=1, max_length=20)

    @field_validator("found_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        return check_past_date(value, today=local_today())

    @property
    def amount_fen(self) -> int:
        return int(self.amount_yuan * 100)


_MESSAGES = {
    "missing": lambda ctx: texts.V_REQUIRED,
    "string_too_short": lambda ctx: (
        texts.V_REQUIRED
        if ctx.get("min_length") == 1
        else texts.V_TOO_SHORT.format(min=ctx.get("min_length"))
    ),
    "string_too_long": lambda ctx: texts.V_TOO_LONG.format(max=ctx.get("max_length")),
    "too_short": lambda ctx: texts.V_NO_PARTY,
    "too_long": lambda ctx: texts.V_TOO_LONG.format(max=ctx.get("max_length")),
    "greater_than_equal": lambda ctx: texts.V_NEGATIVE,
    "less_than_equal": lambda ctx: texts.V_TOO_LARGE.format(max=ctx.get("le")),
    "int_parsing": lambda ctx: texts.V_NOT_INTEGER,
    "int_from_float": lambda ctx: texts.V_NOT_INTEGER,
    "int_type": lambda ctx: texts.V_NOT_INTEGER,
    "decimal_parsing": lambda ctx: texts.V_NOT_NUMBER,
    "decimal_type": lambda ctx: texts.V_NOT_NUMBER,
    "finite_number": lambda ctx: texts.V_NOT_NUMBER,
    "decimal_max_places": lambda ctx: texts.V_MONEY_CENTS,
    "enum": lambda ctx: texts.V_BAD_CHOICE,
    "date_parsing": lambda ctx: texts.V_BAD_DATE,
    "date_from_datetime_parsing": lambda ctx: texts.V_BAD_DATE,
    "date_type": lambda ctx: texts.V_BAD_DATE,
}


def field_errors(error: ValidationError) -> dict[str, str]:
    """Chinese messages keyed by field path ("facts", "parties.0.id_number")."""
    found: dict[str, str] = {}
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        ctx = item.get("ctx") or {}
        if item["type"] == "too_long" and path == "parties":
            message = texts.V_TOO_MANY_PARTIES.format(max=ctx.get("max_length"))
        elif item["type"] == "value_error":
            message = str(ctx.get("error", texts.V_INVALID))
        else:
            message = _MESSAGES.get(item["type"], lambda _ctx: texts.V_INVALID)(ctx)
        found.setdefault(path, message)
    return found


class PartyView(BaseModel):
    """A party as shown: personal identifiers masked unless revealed."""

    role: PartyRole
    name: str
    id_number: str
    phone: str
    address: str


class EventView(BaseModel):
    at: datetime
    kind: EventKind
    actor: str
    stage_from: Stage | None
    stage_to: Stage | None
    detail: str


class CaseRow(BaseModel):
    """One ledger row."""

    id: int
    number: str
    found_on: date
    unit: str
    category: Category
    local_category: str | None = None  # the local category's name, where the case has one
    risk: Risk
    stage: Stage
    deadline: date | None
    overdue: bool
    flagged: bool
    parties: str
    facts: str
    amount_fen: int = 0
    age_days: int | None = None  # registered, not yet assigned: days since registration
    worked_days: int | None = None  # 最近办理: days since the last record or move
    responsible: str = ""  # 责任人: the account's name, or the name an old ledger recorded
    lead_leader: str = ""  # 包案领导


class FollowUpView(BaseModel):
    visited_on: date
    visitor: str
    satisfaction: Satisfaction
    flared_up: bool
    note: str


class CaseDetail(BaseModel):
    id: int
    number: str
    category: Category
    local_category: str | None = None  # the local category's name, where the case has one
    found_via: FoundVia
    found_on: date
    unit: str
    facts: str
    people_involved: int
    amount_fen: int
    risk: Risk
    group_risk: bool
    violence_risk: bool
    stage: Stage
    lead_leader: str | None
    lead_leader_id: int | None = None  # None with a name: imported history, as recorded
    responsible_unit: str | None
    responsible_user: str | None
    deadline: date | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    version: int
    handling_unit: str
    resolved_level: Level | None
    resolution_method: ResolutionMethod | None
    resolution_summary: str | None
    agreement_signed: bool
    court_confirmed: bool
    referral_channel: ReferralChannel | None
    referral_reason: str | None
    reopened_count: int
    flagged: bool
    flag_note: str | None
    original_number: str | None = None  # the imported ledger's own number, when renumbered
    settled_on_spot: bool = False  # 当场调结 (db.cases.on_the_spot)
    referral_outcome: ReferralOutcome | None = None  # what came of the referral, and when
    referral_outcome_on: date | None = None
    # an imported ledger's responsible unit and person that match no unit or account, as written
    recorded_responsible_unit: str | None = None
    recorded_responsible_person: str | None = None
    resolution_plan: str | None = None  # 化解方案 (migration 0016)
    moves: list[Move]  # what the reader may do next
    actions: list[str]  # and besides moves: follow_up, extend, flag
    parties: list[PartyView]
    follow_ups: list[FollowUpView]
    events: list[EventView]


class DuplicateHit(BaseModel):
    """Another case in which a party of the new one appears (same ID number or phone)."""

    case_id: int
    number: str
    stage: Stage
    party_name: str
    matched_on: str  # "id_number" or "phone"
