"""Which cases and units a campaign (专项活动) counts: cases found (found_on) within its period
in the units it covers, a covered unit standing for its whole subtree. Used by the campaign
page, the ledger and the dashboard filters alike, so the rule is written once."""

from datetime import date

from sqlalchemy import ColumnElement, false
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from db.models import Campaign, CampaignUnit, Case, Unit


def covered_unit_ids(campaign_id: int):  # type: ignore[no-untyped-def]
    """A subquery of the ids of the covered units and every unit below them."""
    root = aliased(Unit)
    return (
        select(Unit.id)
        .join(root, col(Unit.path).startswith(col(root.path)))
        .join(CampaignUnit, col(CampaignUnit.unit_id) == col(root.id))
        .where(CampaignUnit.campaign_id == campaign_id)
    )


def campaign_period(session: Session, campaign_id: int) -> tuple[date, date] | None:
    """The first and last day of the campaign (None for an unknown one)."""
    campaign = session.get(Campaign, campaign_id)
    return None if campaign is None else (campaign.starts_on, campaign.ends_on)


def campaign_case_conditions(session: Session, campaign_id: int) -> list[ColumnElement[bool]]:
    """The conditions on Case for "counted in this campaign" (nothing for an unknown one): found
    in campaign_period, in a unit of covered_unit_ids. db.figures.source applies the same two
    to the dashboard's tallies."""
    period = campaign_period(session, campaign_id)
    if period is None:
        return [false()]
    return [
        Case.found_on >= period[0],
        Case.found_on <= period[1],
        col(Case.unit_id).in_(covered_unit_ids(campaign_id)),
    ]
