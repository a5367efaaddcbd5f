"""One planned case of a ledger import as the rows db.io.imports.apply writes: the case row, and its
events: the "imported" event and the history its stage implies, dated as the ledger has it
(a day of the records is noon in the offices' zone).
"""

import functools
import json
import re
from datetime import UTC, date, datetime
from datetime import time as clock_time

from db import texts
from db.clock import LOCAL_ZONE
from db.core.actor import Actor
from db.enums import EventKind, Level, Satisfaction, Stage, UnitKind
from db.io.imports.plan import PlannedCase
from db.io.imports.rows import CellProblem, parse_date
from db.io.imports.words import referral_channel
from db.models import Unit


@functools.lru_cache(maxsize=4096)  # a ledger's rows share a few hundred days
def _moment(day: date) -> datetime:
    """A day of the records as an instant: noon in the offices' zone."""
    return datetime.combine(day, clock_time(12), LOCAL_ZONE).astimezone(UTC)


def _level(unit: Unit) -> Level:
    if unit.kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY):
        return Level.VILLAGE
    if unit.kind == UnitKind.COUNTY:
        return Level.COUNTY
    return Level.TOWN  # a town, or a department under it


_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode  # as json.dumps, made once


def case_row(  # type: ignore[no-untyped-def]
    planned: PlannedCase, number: str, unit_id: int, unit: Unit, actor: Actor, now, filename
) -> dict[str, object]:
    stage = planned.stage
    finished = planned.finished_on or planned.found_on
    done = stage in (Stage.RESOLVED, Stage.CLOSED)
    referred = stage == Stage.REFERRED
    return {
        "number": number,
        "category": planned.category,
        "local_category_id": planned.local_category_id,
        "found_via": "screening",
        "found_on": planned.found_on,
        "unit_id": unit_id,
        "facts": planned.facts,
        "people_involved": planned.people_involved,
        "amount_fen": planned.amount_fen,
        "risk": planned.risk,
        "group_risk": False,
        "violence_risk": False,
        "stage": stage,
        "lead_leader": planned.lead_leader,
        "responsible_unit_id": planned.responsible_unit_id,
        "responsible_user_id": planned.responsible_user_id,
        "deadline": planned.deadline,
        "handling_unit_id": unit_id,
        "resolved_at": _moment(finished) if done else None,
        "resolved_level": _level(unit) if done else None,
        "resolution_method": planned.method if done else None,
        "resolution_summary": planned.outcome if done else None,
        "agreement_signed": False,
        "court_confirmed": False,
        "referral_channel": referral_channel(planned.outcome) if referred else None,
        "referral_reason": planned.outcome if referred else None,
        "reopened_count": 0,
        "flagged": False,
        "flag_note": None,
        "created_at": now,
        "created_by_id": actor.id,
        "updated_at": now,
        "updated_by_id": actor.id,
        "finished_at": _moment(finished) if stage in (Stage.CLOSED, Stage.REFERRED) else None,
        "version": 1,
        "intake_token": None,
        "recorded_responsible_unit": planned.recorded_unit,
        "recorded_responsible_person": planned.recorded_person,
        "recorded_follow_up": planned.follow_up,
        "recorded_notes": planned.notes,
        "original_number": planned.original_number,
        "import_source": texts.IMP_SOURCE.format(file=filename, row=planned.row)[:200],
    }


def case_events(  # type: ignore[no-untyped-def]
    planned: PlannedCase, case_id: int, row: dict, actor: Actor, now, filename
) -> list[dict[str, object]]:
    """The "imported" event, and the history the stage implies, dated as the ledger has it."""

    def event(kind, at, stage_from, stage_to, detail) -> dict[str, object]:  # type: ignore[no-untyped-def]
        # The import is the importer's act; the history before it was done by the office as its
        # ledger records, never by the importer: no account, "导入（原台账）" named instead.
        if kind != EventKind.IMPORTED:
            detail = {**detail, "recorded_by": texts.IMP_RECORDED_BY}
        return {
            "case_id": case_id,
            "kind": kind,
            "at": at,
            "actor_id": actor.id if kind == EventKind.IMPORTED else None,
            "stage_from": stage_from,
            "stage_to": stage_to,
            "detail": _JSON(detail)[:4000],
        }

    stage = planned.stage
    found = _moment(planned.found_on)
    ended = _moment(planned.finished_on or planned.found_on)
    made = [
        event(
            EventKind.IMPORTED,
            now,
            None,
            stage,
            {"file": filename, "row": planned.row, "number": row["number"]},
        )
    ]
    if stage != Stage.REGISTERED:
        made.append(
            event(
                EventKind.ASSIGNED,
                found,
                Stage.REGISTERED,
                Stage.ASSIGNED,
                {
                    "lead_leader": planned.lead_leader,
                    "responsible_unit": planned.recorded_unit or "",
                    "responsible_user": planned.recorded_person or "",
                    "deadline": planned.deadline,
                },
            )
        )
    if stage in (Stage.MEDIATING, Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED):
        made.append(event(EventKind.STAGE_CHANGED, found, Stage.ASSIGNED, Stage.MEDIATING, {}))
    if stage in (Stage.RESOLVED, Stage.CLOSED):
        detail = {"method": texts.label(planned.method) if planned.method else ""}
        detail["summary"] = planned.outcome or ""
        made.append(event(EventKind.STAGE_CHANGED, ended, Stage.MEDIATING, Stage.RESOLVED, detail))
    if stage == Stage.CLOSED:
        made.append(event(EventKind.STAGE_CHANGED, ended, Stage.RESOLVED, Stage.CLOSED, {}))
    if stage == Stage.REFERRED:
        channel = row["referral_channel"]
        detail = {"channel": texts.label(channel) if channel else "", "reason": planned.outcome}
        made.append(event(EventKind.STAGE_CHANGED, ended, Stage.MEDIATING, Stage.REFERRED, detail))
    if planned.follow_up and follow_up_row(planned, case_id) is None:  # no result: a note
        made.append(event(EventKind.NOTE, ended, None, None, {"note": planned.follow_up}))
    return made


_NOT_SATISFIED = re.compile(r"不满意|不太满意|未满意")
_FAIRLY = re.compile(r"基本满意|比较满意|较满意|一般")
_SATISFIED = re.compile(r"满意|认可|无异议|息诉|已履行|未反弹|无反弹|稳定")
_FLARED = re.compile(r"(?<![未无没])(反弹|复发|再次发生|又起纠纷)")
_DATE_IN_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?")


def follow_up_result(text: str) -> tuple[Satisfaction, bool] | None:
    """(satisfaction, flared up) that a ledger's 回访 text records, or None when it records no
    result (e.g. "待回访")."""
    flared = bool(_FLARED.search(text))
    if _NOT_SATISFIED.search(text):
        return Satisfaction.UNSATISFIED, flared
    if _FAIRLY.search(text):
        return Satisfaction.FAIRLY, flared
    if _SATISFIED.search(text) or flared:
        return Satisfaction.SATISFIED if not flared else Satisfaction.UNSATISFIED, flared
    return None


def follow_up_row(planned: PlannedCase, case_id: int) -> dict[str, object] | None:
    """A resolved case's 回访 text with a result, as the follow-up (回访) it records: on the date
    the text gives (or the finish date when it gives none, or an earlier one), by the person the
    ledger names, made by no account. It counts for 销号 like a visit recorded in the app."""
    text = planned.follow_up
    if not text or planned.stage not in (Stage.RESOLVED, Stage.CLOSED) or not planned.finished_on:
        return None
    result = follow_up_result(text)
    if result is None:
        return None
    visited = planned.finished_on
    if match := _DATE_IN_TEXT.search(text):
        try:
            said = parse_date(match.group(0))
        except CellProblem:
            said = None
        if said is not None and said >= planned.finished_on:
            visited = said
    return {
        "case_id": case_id,
        "visited_on": visited,
        "visitor": (planned.recorded_person or texts.IMP_RECORDED_BY)[:50],
        "satisfaction": result[0],
        "flared_up": result[1],
        "note": text[:1000],
        "created_by_id": None,
        "created_at": _moment(visited),
    }
