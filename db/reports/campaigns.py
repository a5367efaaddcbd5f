"""Campaigns (专项活动, e.g. 百日行动): an admin defines the name, period, phases, targets and
covered units; readers follow the phase they are in, progress against each target and the units
furthest behind, in their own scope.

Counted in a campaign: cases found (found_on) in its period in the units it covers (with every
unit below them) — db.core.campaign_scope; the resolution rate is the dashboard's (db.figures.metrics), the
reporting rate the daily reports' (db.figures.reporting), over the period up to today.
"""

from dataclasses import dataclass
from datetime import date

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from sqlmodel import Session, col, select

from db import texts
from db.clock import local_today
from db.core import audit
from db.core.actor import Actor
from db.core.campaign_scope import campaign_case_conditions
from db.core.errors import Invalid, Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, case_in_scope, unit_in_scope
from db.core.validation import CleanTextModel
from db.enums import AuditAction
from db.figures.definitions import plan_rates, share
from db.figures.metrics import MetricFilter, summary
from db.figures.reporting import period_by_unit, reporting_rate
from db.figures.sql import count_if, is_open, is_resolved
from db.models import Campaign, CampaignPhase, CampaignUnit, Case, Unit

DEFAULT_PHASES = ("动员部署", "全面排查", "集中化解", "巩固提高")


class CampaignRefused(Refused):
    """Not saved; the message is for the user (Chinese)."""


class PhaseCreate(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=50)
    starts_on: date
    ends_on: date


class CampaignCreate(CleanTextModel):
    """What the campaign form submits; targets in percent."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    starts_on: date
    ends_on: date
    target_resolution_pct: float = Field(default=98, ge=0, le=100)
    target_reporting_pct: float = Field(default=100, ge=0, le=100)
    phases: list[PhaseCreate] = Field(default_factory=list, max_length=8)
    unit_ids: list[int] = Field(min_length=1)

    @field_validator("ends_on")
    @classmethod
    def _period(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("starts_on")
        if start is not None and value < start:
            raise Invalid(texts.E_CAMPAIGN_PERIOD)
        return value

    @field_validator("phases")
    @classmethod
    def _phases(cls, value: list[PhaseCreate], info: ValidationInfo) -> list[PhaseCreate]:
        start, end = info.data.get("starts_on"), info.data.get("ends_on")
        previous_end = None
        for phase in value:
            if phase.ends_on < phase.starts_on:
                raise Invalid(texts.E_PHASE_ORDER.format(name=phase.name))
            if start and end and not (start <= phase.starts_on and phase.ends_on <= end):
                raise Invalid(texts.E_PHASE_OUTSIDE.format(name=phase.name))
            if previous_end is not None and phase.starts_on <= previous_end:
                raise Invalid(texts.E_PHASE_OVERLAP.format(name=phase.name))
            previous_end = phase.ends_on
        return value


@dataclass(frozen=True)
class PhaseView:
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class CampaignView:
    id: int
    name: str
    starts_on: date
    ends_on: date
    target_resolution: float
    target_reporting: float
    phases: list[PhaseView]
    units: list[str]

    def phase_on(self, day: date) -> PhaseView | None:
        return next((p for p in self.phases if p.starts_on <= day <= p.ends_on), None)


def create_campaign(session: Session, *, actor: Actor, data: CampaignCreate) -> int:
    require(actor.role, Permission.MANAGE_CAMPAIGNS)
    for unit_id in data.unit_ids:
        if not unit_in_scope(session, actor, unit_id):
            raise OutOfScope(texts.E_CAMPAIGN_UNIT)
    if session.exec(select(Campaign.id).where(Campaign.name == data.name)).first():
        raise CampaignRefused(texts.E_CAMPAIGN_NAME_TAKEN.format(name=data.name))
    campaign = Campaign(
        name=data.name,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        target_resolution=data.target_resolution_pct / 100,
        target_reporting=data.target_reporting_pct / 100,
        created_by_id=actor.id,
    )
    session.add(campaign)
    session.flush()
    assert campaign.id is not None
    for position, phase in enumerate(data.phases, start=1):
        session.add(CampaignPhase(campaign_id=campaign.id, position=position, **phase.model_dump()))
    for unit_id in sorted(set(data.unit_ids)):
        session.add(CampaignUnit(campaign_id=campaign.id, unit_id=unit_id))
    audit.record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        target=f"campaign:{campaign.id}",
        detail=texts.CAMPAIGN_AUDIT.format(
            name=data.name, start=data.starts_on, end=data.ends_on, units=len(set(data.unit_ids))
        ),
    )
    session.commit()
    return campaign.id


def list_campaigns(session: Session, *, actor: Actor) -> list[CampaignView]:
    """Every campaign, the latest first (the campaigns are the county's plan; figures are read
    in each reader's scope)."""
    require(actor.role, Permission.READ_CAMPAIGNS)
    campaigns = session.exec(
        select(Campaign).order_by(col(Campaign.starts_on).desc(), col(Campaign.id).desc())
    ).all()
    phases: dict[int, list[PhaseView]] = {}
    for p in session.exec(select(CampaignPhase).order_by(col(CampaignPhase.position))).all():
        phases.setdefault(p.campaign_id, []).append(PhaseView(p.name, p.starts_on, p.ends_on))
    units: dict[int, list[str]] = {}
    for cid, name in session.exec(
        select(CampaignUnit.campaign_id, Unit.name)
        .join(Unit, col(Unit.id) == CampaignUnit.unit_id)
        .order_by(Unit.path)
    ).all():
        units.setdefault(cid, []).append(name)
    return [
        CampaignView(
            id=c.id or 0,
            name=c.name,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            target_resolution=c.target_resolution,
            target_reporting=c.target_reporting,
            phases=phases.get(c.id or 0, []),
            units=units.get(c.id or 0, []),
        )
        for c in campaigns
    ]


@dataclass(frozen=True)
class UnitProgress:
    unit_id: int
    unit_name: str
    registered: int
    open: int
    resolution_rate: float | None
    reporting_rate: float | None
    gap: float  # the largest shortfall against a target (0 when every target is met)


@dataclass(frozen=True)
class Progress:
    registered: int
    open: int
    resolution_rate: float | None
    reporting_rate: float | None
    up_to: date | None  # the last day counted (None: not begun)
    behind: list[UnitProgress]


def progress(
    session: Session, *, actor: Actor, campaign: CampaignView, today: date | None = None
) -> Progress:
    """The campaign's figures in the actor's scope over its period up to today, and the units
    furthest behind their targets (largest shortfall first)."""
    require(actor.role, Permission.READ_CASES)
    today = today or local_today()
    end = min(campaign.ends_on, today)
    if end < campaign.starts_on:
        return Progress(0, 0, None, None, None, [])
    f = MetricFilter(start=campaign.starts_on, end=end, campaign_id=campaign.id)
    totals = summary(session, actor=actor, f=f)
    reporting = reporting_rate(session, actor, campaign.starts_on, end, campaign_id=campaign.id)
    rows = session.exec(
        select(
            Case.unit_id,
            Unit.name,
            count_if(is_resolved()),
            count_if(is_open()),
            count_if(Case.id.is_not(None)),  # type: ignore[union-attr]
        )
        .join(Unit, col(Unit.id) == Case.unit_id)
        .where(case_in_scope(actor), *campaign_case_conditions(session, campaign.id))
        .group_by(Case.unit_id, Unit.name)
    ).all()
    # 日报报送率 per unit: the days it reported over the days it had to, from its reports_from.
    reports = {
        u.unit_id: (u.unit_name, share(u.reported, u.reported + u.missing))
        for u in period_by_unit(
            session, actor=actor, start=campaign.starts_on, end=end, campaign_id=campaign.id
        )
    }
    units: dict[int, UnitProgress] = {}
    for uid, name, resolved, open_, registered in rows:  # 化解率 (db.figures.definitions)
        res_rate = share(resolved, registered)
        units[uid] = UnitProgress(uid, name, registered, open_, res_rate, None, 0.0)
    for uid, (name, rep_rate) in reports.items():
        base = units.get(uid, UnitProgress(uid, name, 0, 0, None, None, 0.0))
        units[uid] = UnitProgress(
            uid, name, base.registered, base.open, base.resolution_rate, rep_rate, 0.0
        )
    behind = []
    for u in units.values():
        gap = max(
            campaign.target_resolution - u.resolution_rate if u.resolution_rate is not None else 0,
            campaign.target_reporting - u.reporting_rate if u.reporting_rate is not None else 0,
            0.0,
        )
        behind.append(
            UnitProgress(
                u.unit_id, u.unit_name, u.registered, u.open, u.resolution_rate,
                u.reporting_rate, round(gap, 6),
            )
        )  # fmt: skip
    behind.sort(key=lambda u: (-u.gap, -u.open, u.unit_name))
    return Progress(
        registered=totals.registered,
        open=totals.open,
        resolution_rate=plan_rates(session, actor=actor, f=f).resolution_rate,
        reporting_rate=reporting.rate,
        up_to=end,
        behind=behind,
    )


def choices(session: Session) -> dict[int, str]:
    """Campaign names by id, the latest first, for the ledger's and dashboard's filters (names
    only: which cases count is decided in the reader's scope)."""
    rows = session.exec(
        select(Campaign.id, Campaign.name).order_by(
            col(Campaign.starts_on).desc(), col(Campaign.id).desc()
        )
    ).all()
    return {cid or 0: name for cid, name in rows}
