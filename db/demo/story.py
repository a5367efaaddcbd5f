"""One demo case, made up from a seeded random generator: its category, place and risk, the
stage its age makes likely, its timeline (assigned, mediated, escalated, resolved or referred,
closed), its parties and follow-up, as the rows db.demo.cases inserts in bulk.
"""

import json
import random
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from db.cases.urgent import is_urgent
from db.clock import LOCAL_ZONE, to_local
from db.core.validation import id_check_char
from db.demo.text import FACTS, GIVEN_NAMES, STREETS, SURNAMES
from db.enums import (
    Category,
    EventKind,
    FoundVia,
    Level,
    PartyRole,
    ReferralChannel,
    ResolutionMethod,
    Risk,
    Satisfaction,
    Stage,
)

CATEGORY_WEIGHTS = {
    Category.NEIGHBOUR: 20,
    Category.MARRIAGE_FAMILY: 16,
    Category.HOMESTEAD: 10,
    Category.LAND_CONTRACT: 10,
    Category.LABOUR: 9,
    Category.DEBT: 9,
    Category.TRAFFIC: 7,
    Category.PROPERTY_MGMT: 6,
    Category.LAND_REQUISITION: 4,
    Category.MEDICAL: 3,
    Category.CONSUMER: 3,
    Category.OTHER: 3,
}
RISK_DAYS = {Risk.HIGH: 7, Risk.MEDIUM: 15, Risk.LOW: 30}
REGION_CODES = ("130521", "130522", "130523", "130524")


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def id_number(rng: random.Random, born: date) -> str:
    first17 = rng.choice(REGION_CODES) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"


def one_case(
    rng,
    *,
    case_id,
    age,
    today,
    categories,
    weights,
    world,
    village_town,
    mediators,
    creator,
    counters,
    town_codes,
    names,
    leaders=None,
):  # type: ignore[no-untyped-def]
    category = rng.choices(categories, weights)[0]
    unit_id = rng.choice(world.village_ids)
    town_id = village_town[unit_id]
    found_on = today - timedelta(days=age)
    registered_on = min(today, found_on + timedelta(days=rng.choice((0, 0, 0, 1, 2, 3))))
    created_at = _at(registered_on, rng.randrange(8, 18), rng.randrange(60))
    risk = rng.choices((Risk.LOW, Risk.MEDIUM, Risk.HIGH), (60, 30, 10))[0]
    stage = _stage_for_age((today - registered_on).days, rng)
    year = registered_on.year
    counters[(town_id, year)] = sequence = counters.get((town_id, year), 0) + 1
    number = f"{town_codes[town_id]}-{year}-{sequence:04d}"
    row = {
        "id": case_id,
        "number": number,
        "category": category,
        "found_via": rng.choice(list(FoundVia)),
        "found_on": found_on,
        "unit_id": unit_id,
        "facts": rng.choice(FACTS[category]),
        "people_involved": rng.choice((2, 2, 2, 3, 4, 5, 8, 12, 30)),
        "amount_fen": rng.choice((0, 0, 300_000, 1_200_000, 5_000_000, 8_600_000, 30_000_000)),
        "risk": risk,
        "group_risk": risk == Risk.HIGH and rng.random() < 0.4,
        "violence_risk": risk == Risk.HIGH and rng.random() < 0.2,
        "stage": stage,
        "lead_leader": None,
        "lead_leader_id": None,
        "lead_team": None,
        "responsible_unit_id": None,
        "responsible_user_id": None,
        "deadline": None,
        "created_at": created_at,
        "created_by_id": creator,
        "updated_at": created_at,
        "updated_by_id": creator,
        "finished_at": None,
        "version": 1,
        "intake_token": None,
        "handling_unit_id": unit_id,
        "resolved_at": None,
        "resolved_level": None,
        "resolution_method": None,
        "resolution_summary": None,
        "agreement_signed": False,
        "court_confirmed": False,
        "referral_channel": None,
        "referral_reason": None,
        "reopened_count": 0,
        "flagged": False,
        "flag_note": None,
    }
    follow_ups = []
    events = [
        _event(
            case_id,
            EventKind.REGISTERED,
            created_at,
            creator,
            None,
            Stage.REGISTERED,
            {"number": number},
        )
    ]
    if stage != Stage.REGISTERED:
        deadline = registered_on + timedelta(days=RISK_DAYS[risk])
        responsible = mediators.get(unit_id)
        # The town's leader account leads it (db.demo.cases); the old free-text name is still
        # drawn, so the rest of the demo stays as it was, and kept where the town has none.
        named = rng.choice(("张书记", "王副书记", "赵主席", "李镇长"))
        leader_id, leader_name = (leaders or {}).get(town_id, (None, named))
        row.update(
            lead_leader=leader_name,
            lead_leader_id=leader_id,
            # 五个一: a hard (high-risk) case has its team; no draw, the demo stays as it was
            lead_team=f"{names[town_id]}综治办、{names[town_id]}司法所、{names[unit_id]}调委会"
            if risk == Risk.HIGH
            else None,
            responsible_unit_id=unit_id,
            responsible_user_id=responsible,
            deadline=deadline,
        )
        assigned_at = created_at + timedelta(hours=rng.randrange(1, 48))
        events.append(
            _event(
                case_id,
                EventKind.ASSIGNED,
                assigned_at,
                creator,
                Stage.REGISTERED,
                Stage.ASSIGNED,
                {},
            )
        )
        order = [Stage.ASSIGNED, Stage.MEDIATING, Stage.RESOLVED, Stage.CLOSED]
        if stage == Stage.REFERRED:
            order = [Stage.ASSIGNED, Stage.MEDIATING, Stage.REFERRED]
        steps = order[: order.index(stage) + 1]
        moment = assigned_at
        escalated = risk == Risk.HIGH and rng.random() < 0.5 or rng.random() < 0.05
        for before, after in pairwise(steps):
            moment = min(
                moment + timedelta(days=rng.randrange(1, RISK_DAYS[risk] + 5)), _at(today, 9, 0)
            )
            detail: dict = {}
            if after == Stage.RESOLVED:
                _resolve(rng, row, moment, town_id if escalated else None)
                if escalated:
                    events.append(
                        _escalation(case_id, moment, creator, names[unit_id], names[town_id])
                    )
                detail = {"method": row["resolution_method"], "summary": row["resolution_summary"]}
            if after == Stage.REFERRED:
                row["referral_channel"] = rng.choice(list(ReferralChannel))
                row["referral_reason"] = "双方分歧较大，调解不成，引导当事人依法维权。"
            if after == Stage.CLOSED:
                if rng.random() < 0.02:  # a few flared up once before they settled for good
                    row["reopened_count"] = 1
                follow_ups.append(_follow_up(rng, case_id, moment, responsible))
                events.append(
                    _event(
                        case_id,
                        EventKind.FOLLOW_UP,
                        moment,
                        responsible,
                        None,
                        None,
                        {"flared_up": False},
                    )
                )
            events.append(
                _event(case_id, EventKind.STAGE_CHANGED, moment, responsible, before, after, detail)
            )
        if stage in (Stage.ASSIGNED, Stage.MEDIATING) and risk == Risk.HIGH and rng.random() < 0.3:
            row["flagged"] = True
            row["flag_note"] = "县领导挂牌督办，限期化解。"
        if stage in (Stage.CLOSED, Stage.REFERRED):
            row["finished_at"] = moment
        row["updated_at"] = moment
    parties = [
        {
            "case_id": case_id,
            "role": role,
            "name": person_name(rng),
            "id_number": id_number(
                rng, date(rng.randrange(1950, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
            ),
            "phone": mobile(rng),
            "address": rng.choice(STREETS) + f"{rng.randrange(1, 120)}号",
        }
        for role in (PartyRole.APPLICANT, PartyRole.RESPONDENT)
    ]
    row["urgent"] = is_urgent(  # no draw from rng: the rest of the demo stays as it was
        risk=row["risk"],
        people=row["people_involved"],
        group_risk=row["group_risk"],
        violence_risk=row["violence_risk"],
    )
    return row, parties, events, follow_ups


def _resolve(rng: random.Random, row: dict, moment: datetime, town_id: int | None) -> None:
    row.update(
        resolved_at=moment,
        resolved_level=Level.TOWN if town_id else Level.VILLAGE,
        resolution_method=rng.choice(list(ResolutionMethod)[:3]),
        resolution_summary="经调解，双方达成一致意见，当场履行。",
        agreement_signed=rng.random() < 0.6,
    )
    row["court_confirmed"] = row["agreement_signed"] and rng.random() < 0.2
    if town_id:
        row["handling_unit_id"] = town_id


def _escalation(case_id: int, moment: datetime, actor: int | None, village: str, town: str) -> dict:
    detail = {"from_unit": village, "to_unit": town, "reason": "村级调解未果，上报镇综治中心。"}
    return _event(
        case_id, EventKind.ESCALATED, moment - timedelta(hours=2), actor, None, None, detail
    )


def _follow_up(rng: random.Random, case_id: int, moment: datetime, visitor_id: int | None) -> dict:
    return {
        "case_id": case_id,
        "visited_on": to_local(moment).date(),
        "visitor": "调解员回访",
        "satisfaction": rng.choice(list(Satisfaction)[:2]),
        "flared_up": False,
        "note": "当事人表示满意，无反弹。",
        "created_by_id": visitor_id,
        "created_at": moment,
    }


def _stage_for_age(days: int, rng: random.Random) -> Stage:
    """Older cases are mostly finished; recent ones are still being worked on."""
    if days < 3:
        return rng.choices((Stage.REGISTERED, Stage.ASSIGNED, Stage.MEDIATING), (5, 3, 2))[0]
    if days < 30:
        return rng.choices(list(Stage), (1, 3, 4, 2, 1, 0.3))[0]
    if days < 90:
        return rng.choices(list(Stage), (0.1, 0.3, 0.8, 1.2, 10, 0.8))[0]
    # A few old cases are still open: the overdue ones the board and the figures must show.
    return rng.choices(list(Stage), (0.01, 0.03, 0.12, 0.1, 10, 0.8))[0]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_ZONE).astimezone(UTC)


def _event(case_id, kind, at, actor, stage_from, stage_to, detail):  # type: ignore[no-untyped-def]
    return {
        "case_id": case_id,
        "kind": kind,
        "at": at,
        "actor_id": actor,
        "stage_from": stage_from,
        "stage_to": stage_to,
        "detail": json.dumps(detail, ensure_ascii=False),
    }
