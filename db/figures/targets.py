"""Targets (目标) of the figures: the built-in defaults, a year's targets an admin set, and a
campaign's on top of its year's; the one place charts and the headline read the target in
force from (issue 20). Values are in percent."""

from sqlmodel import Session, col, delete, select

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.permissions import Permission, require
from db.enums import AuditAction, FigureCode
from db.models import Campaign, FigureTarget

F = FigureCode
# The plans' targets: "化解率达到98%以上", "排查率、上报率达到100%".
DEFAULTS: dict[FigureCode, float] = {F.RESOLUTION: 98.0, F.REPORTING: 100.0, F.TIMELY: 100.0}


def _rows(session: Session, year: int, campaign_id: int | None) -> dict[FigureCode, float]:
    which = (
        col(FigureTarget.campaign_id).is_(None)
        if campaign_id is None
        else FigureTarget.campaign_id == campaign_id
    )
    rows = session.exec(
        select(FigureTarget.figure, FigureTarget.value_pct).where(FigureTarget.year == year, which)
    ).all()
    return {FigureCode(figure): float(value) for figure, value in rows}


def year_targets(session: Session, year: int) -> dict[FigureCode, float]:
    """The year's targets an admin set (no defaults)."""
    return _rows(session, year, None)


def targets_in_force(
    session: Session, year: int, campaign_id: int | None = None
) -> dict[FigureCode, float]:
    """Per figure with a target, its value in percent: the campaign's (its own 化解率 and
    日报报送率 targets, set with the campaign, and any other set here), else the year's, else
    the default."""
    found = {**DEFAULTS, **_rows(session, year, None)}
    campaign = session.get(Campaign, campaign_id) if campaign_id is not None else None
    if campaign is not None:
        found[F.RESOLUTION] = campaign.target_resolution * 100
        found[F.REPORTING] = campaign.target_reporting * 100
        found.update(_rows(session, year, campaign.id))
    return found


def set_targets(
    session: Session,
    actor: Actor,
    *,
    year: int,
    values: dict[FigureCode, float | None],
    campaign_id: int | None = None,
) -> None:
    """Set the year's (or a campaign's) targets of the figures given; None clears one (the
    default, or no target, holds again). Audited; commits."""
    require(actor.role, Permission.MANAGE_TARGETS)
    for value in values.values():
        if value is not None and not 0 <= value <= 100:
            raise Invalid(texts.TGT_E_VALUE)
    before = _rows(session, year, campaign_id)
    scope = f"{year}" if campaign_id is None else f"{year} campaign:{campaign_id}"
    for figure, value in values.items():
        if before.get(figure) == value:
            continue
        session.exec(
            delete(FigureTarget).where(  # type: ignore[call-overload]
                FigureTarget.year == year,
                FigureTarget.figure == figure,
                col(FigureTarget.campaign_id).is_(None)
                if campaign_id is None
                else FigureTarget.campaign_id == campaign_id,
            )
        )
        if value is not None:
            session.add(
                FigureTarget(
                    year=year,
                    campaign_id=campaign_id,
                    figure=figure,
                    value_pct=value,
                    updated_by_id=actor.id,
                )
            )
        audit.record(
            session,
            actor=actor,
            action=AuditAction.UPDATE,
            target=f"targets:{scope}",
            detail=texts.TGT_AUDIT.format(
                scope=scope,
                figure=texts.FIGURE_NAMES[figure],
                value="—" if value is None else value,
            ),
        )
    session.commit()
