"""Risk re-rating (风险重评): the handler or a coordinator rates the risk again (low / medium /
high, the group-event and 民转刑 flags) at any time before the case leaves active handling, with
a reason. The case keeps the current rating (board, ledger, dashboard, weekly pack and the
tallies read cases.risk); the timeline keeps every rating (kind rerated, old → new).

Raising the risk to high may shorten the deadline to the high-risk default, recorded as an
extension is (old and new date on the same event); lowering never lengthens it. A rating that
makes the case urgent (db.cases.urgent.is_urgent) marks it so: the town's and county's
coordinators are told at once, and its deadline is cut to at most the high-risk default."""

from datetime import date, timedelta
from typing import Any

from pydantic import ConfigDict, Field
from sqlmodel import Session

from db import texts
from db.cases.lifecycle import DEFAULT_DEADLINE_DAYS, MoveRefused
from db.cases.move_writing import save_change, stale_error
from db.cases.records import may_work
from db.cases.urgent import is_urgent
from db.clock import local_today
from db.core.actor import Actor
from db.core.permissions import Permission, allows
from db.core.scope import load_case
from db.core.validation import CleanTextModel
from db.enums import EventKind, Risk, Role, Stage
from db.models import Case


class Rerating(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    risk: Risk
    group_risk: bool = False
    violence_risk: bool = False
    reason: str = Field(min_length=1, max_length=500)
    shorten_deadline: bool = False  # to the high-risk default, when raised to high


def may_rerate(session: Session, actor: Actor, case: Case) -> bool:
    return actor.role == Role.COORDINATOR or may_work(session, actor, case)


def high_risk_deadline(today: date | None = None) -> date:
    return (today or local_today()) + timedelta(days=DEFAULT_DEADLINE_DAYS["high"])


def _yes(value: bool) -> str:
    return texts.YES if value else texts.NO


def rerate(session: Session, *, actor: Actor, case_id: int, version: int, rating: Rerating) -> int:
    """Returns the case's new version."""
    case = load_case(session, actor, case_id)
    if not allows(actor.role, Permission.HANDLE) or not may_rerate(session, actor, case):
        raise MoveRefused(texts.E_RERATE_NOT_ALLOWED)
    if case.stage in (Stage.CLOSED, Stage.REFERRED):
        raise MoveRefused(texts.E_RERATE_STAGE)
    if case.version != version:
        raise stale_error(session, case_id)
    before = (case.risk, case.group_risk, case.violence_risk)
    if before == (rating.risk, rating.group_risk, rating.violence_risk):
        raise MoveRefused(texts.E_RERATE_SAME)
    values: dict[str, Any] = {
        "risk": rating.risk,
        "group_risk": rating.group_risk,
        "violence_risk": rating.violence_risk,
    }
    detail: dict[str, Any] = {
        "risk": f"{texts.label(case.risk)} → {texts.label(rating.risk)}",
        "group_risk": f"{_yes(case.group_risk)} → {_yes(rating.group_risk)}",
        "violence_risk": f"{_yes(case.violence_risk)} → {_yes(rating.violence_risk)}",
        "reason": rating.reason,
    }
    urgent = is_urgent(
        risk=rating.risk,
        people=case.people_involved,
        group_risk=rating.group_risk,
        violence_risk=rating.violence_risk,
    )
    if urgent and not case.urgent:
        values["urgent"] = True
        detail["urgent"] = True
    raised_to_high = rating.risk == Risk.HIGH and case.risk != Risk.HIGH
    shorten = (rating.shorten_deadline and raised_to_high) or (urgent and not case.urgent)
    target = high_risk_deadline()
    if shorten and case.deadline is not None and case.deadline > target:
        values["deadline"] = target
        detail["old_deadline"] = case.deadline.isoformat()
        detail["new_deadline"] = target.isoformat()
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.RERATED,
        detail=detail,
    )
