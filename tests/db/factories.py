"""Small builders shared by the db tests: valid forms, unit ids, registered cases."""

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from db.accounts.users import create_user
from db.cases import actions as case_actions
from db.cases import aftercare, documents, moves, on_the_spot, report_up
from db.cases.lifecycle import (
    AssignPlan,
    Escalation,
    FollowUpCreate,
    MoveRefused,
    Referral,
    Resolution,
)
from db.cases.register import Registered, register
from db.cases.schemas import CaseCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.demo.world import DEMO_ACCOUNTS
from db.enums import (
    AuditAction,
    DocumentKind,
    Move,
    ReferralChannel,
    ResolutionMethod,
    Role,
    Satisfaction,
    Stage,
)
from db.models import AuditLog, Case, CaseEvent, FollowUp, Unit


def gb11643(first17: str) -> str:
    """The full ID number for 17 digits, by ISO 7064 MOD 11-2 (independent of db.core.validation)."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def person_id(serial: int, born: date = date(1985, 6, 15)) -> str:
    """A valid ID number, different for each serial (0-999)."""
    return gb11643(f"130521{born:%Y%m%d}{serial:03d}")


def unit_id(engine: Engine, code: str) -> int:
    with Session(engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == code)).one()
        assert unit.id is not None
        return unit.id


def form(unit: int, *, facts: str = "两户因宅基地边界发生争执", **changes: object) -> CaseCreate:
    data: dict[str, object] = {
        "category": "neighbour",
        "found_via": "visit",
        "found_on": local_today() - timedelta(days=1),
        "unit_id": unit,
        "facts": facts,
        "people_involved": 2,
        "amount_yuan": Decimal("1200.50"),
        "risk": "low",
        "parties": [{"role": "applicant", "name": "张三"}, {"role": "respondent", "name": "李四"}],
    }
    data.update(changes)
    return CaseCreate.model_validate(data)


def register_case(engine: Engine, actor: Actor, unit: int, **changes: object) -> Registered:
    with write_session(engine) as session:
        return register(session, actor=actor, data=form(unit, **changes))


# Case workflow ----------------------------------------------------------------------------
# Builders for the tests of db.cases.moves and db.cases.actions: valid inputs, a case driven through
# the services to any stage, and what a user (or an auditor) would look at afterwards.

_serial = itertools.count(1)

# Valid inputs for the moves that need some.
RESOLUTION = Resolution(
    method=ResolutionMethod.PEOPLES_MEDIATION,
    summary="双方达成调解协议，边界以原界桩为准",
    agreement_signed=True,
)
REFERRAL = Referral(channel=ReferralChannel.LITIGATION, reason="一方坚持起诉，调解不成")
# RESOLUTION has a written agreement signed: 销号 needs the signed scan attached or this reason
# (db.cases.documents; tests/db/test_documents.py attaches the scan).
UNSIGNED = "协议书原件由双方当事人各自保管，村委会未留存扫描件"
# A small PDF as a scanner writes one: what a signed agreement's scan is by its content.
PDF_SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" + b"0" * 2000 + b"\n%%EOF\n"


def attach(
    engine: Engine,
    actor: Actor,
    case_id: int,
    *,
    kind: DocumentKind = DocumentKind.SIGNED_AGREEMENT,
    data: bytes = PDF_SCAN,
    name: str = "调解协议书（签字）.pdf",
    note: str = "",
) -> int:
    """Attach a document to the case as `actor` (the data folder must be a test's own)."""
    with write_session(engine) as session:
        return documents.add_document(
            session, actor=actor, case_id=case_id, data=data, file_name=name, kind=kind, note=note
        )


# The demo county leader (县领导 刘明), whose scope holds every case: build_world creates the
# demo accounts first, in DEMO_ACCOUNTS' order, on an empty database (ids restart at 1).
# tests/db/test_lead_leader.py checks it.
COUNTY_LEADER_ID = [account[0] for account in DEMO_ACCOUNTS].index("leader") + 1
COUNTY_LEADER_NAME = "县领导 刘明"


def plan(unit: int, user: int, **changes: object) -> AssignPlan:
    """The four fixes, due in a week unless changed; led by the county leader."""
    data: dict[str, object] = {
        "lead_leader_id": COUNTY_LEADER_ID,
        "responsible_unit_id": unit,
        "responsible_user_id": user,
        "deadline": local_today() + timedelta(days=7),
    }
    data.update(changes)
    return AssignPlan.model_validate(data)


def visit(*, flared_up: bool = False, **changes: object) -> FollowUpCreate:
    data: dict[str, object] = {
        "visited_on": local_today(),
        "visitor": "孙丽",
        "satisfaction": Satisfaction.UNSATISFIED if flared_up else Satisfaction.SATISFIED,
        "flared_up": flared_up,
        "note": "纠纷再起" if flared_up else "双方履行协议",
    }
    data.update(changes)
    return FollowUpCreate.model_validate(data)


def add_user(engine: Engine, username: str, display_name: str, role: Role, unit_code: str) -> Actor:
    """One more account (besides the demo's), as the rules see it."""
    with write_session(engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == unit_code)).one()
        user = create_user(
            session,
            username=username,
            display_name=display_name,
            password="another horse 2",
            role=role,
            unit=unit,
            must_change_password=False,
        )
        session.commit()
        return Actor.of(session, user)


def act(
    engine: Engine,
    service: Callable[..., int],
    *,
    actor: Actor,
    case_id: int,
    version: int | None = None,
    **inputs: object,
) -> int:
    """Call a service of db.cases.moves or db.cases.actions in its own write session, as a page does:
    at the version given (the one the form was opened at), else at the case's current one."""
    with write_session(engine) as session:
        if version is None:
            version = session.exec(select(Case.version).where(Case.id == case_id)).one()
        return service(session, actor=actor, case_id=case_id, version=version, **inputs)


def current(engine: Engine, case_id: int) -> Case:
    with Session(engine, expire_on_commit=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def events(engine: Engine, case_id: int) -> list[CaseEvent]:
    with Session(engine) as session:
        query = select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
        return list(session.exec(query).all())


def audit_rows(engine: Engine, case_id: int) -> list[AuditLog]:
    with Session(engine) as session:
        query = select(AuditLog).where(AuditLog.case_id == case_id).order_by(col(AuditLog.id))
        return list(session.exec(query).all())


def follow_ups(engine: Engine, case_id: int) -> list[FollowUp]:
    with Session(engine) as session:
        query = select(FollowUp).where(FollowUp.case_id == case_id).order_by(col(FollowUp.id))
        return list(session.exec(query).all())


def snapshot(engine: Engine, case_id: int) -> dict[str, object]:
    """Everything a refused move must leave as it was: the case row, its timeline, its
    follow-ups and its audit trail of changes."""
    return {
        "case": current(engine, case_id).model_dump(),
        "events": len(events(engine, case_id)),
        "follow_ups": len(follow_ups(engine, case_id)),
        "changes": [a.id for a in audit_rows(engine, case_id) if a.action == AuditAction.UPDATE],
    }


def new_case(engine: Engine, actor: Actor, unit_code: str) -> int:
    """A newly registered case in the unit; every call registers a different dispute."""
    facts = f"两户因宅基地边界发生争执（第 {next(_serial)} 起）"
    return register_case(engine, actor, unit_id(engine, unit_code), facts=facts).id


def case_in_stage(engine: Engine, actors: dict[str, Actor], stage: Stage) -> int:
    """A 东河村 case registered by its mediator and driven through the services to `stage`:
    assigned by the town coordinator to that mediator, who starts and resolves (or refers) it;
    closed after a good follow-up."""
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    village = unit_id(engine, "QSZ01")
    case_id = new_case(engine, mediator, "QSZ01")
    path = {
        Stage.REGISTERED: [],
        Stage.ASSIGNED: ["assign"],
        Stage.MEDIATING: ["assign", "start"],
        Stage.RESOLVED: ["assign", "start", "resolve"],
        Stage.CLOSED: ["assign", "start", "resolve", "follow_up", "close"],
        Stage.REFERRED: ["assign", "start", "refer"],
    }[stage]
    for step in path:
        if step == "assign":
            act(
                engine,
                moves.assign,
                actor=coordinator,
                case_id=case_id,
                plan=plan(village, mediator.id),
            )
        elif step == "start":
            act(engine, moves.start, actor=mediator, case_id=case_id)
        elif step == "resolve":
            act(engine, moves.resolve, actor=mediator, case_id=case_id, resolution=RESOLUTION)
        elif step == "refer":
            act(engine, moves.refer, actor=mediator, case_id=case_id, referral=REFERRAL)
        elif step == "follow_up":
            act(engine, case_actions.follow_up, actor=mediator, case_id=case_id, visit=visit())
        elif step == "close":
            act(engine, moves.close, actor=coordinator, case_id=case_id, why=UNSIGNED)
    assert current(engine, case_id).stage == stage
    return case_id


ESCALATION_REASON = "村级调解未果，需镇里协调相关部门"
REVISIT_REASON = "回头看发现双方再起争执"
RECALL_REASON = "协议未落实，转镇综治中心办理"


def settle_on_spot(engine: Engine, actor: Actor, unit_code: str, **changes: object) -> int:
    """A dispute registered and settled on the spot (当场调结) by `actor` at the unit."""
    facts = f"两户因排水沟堵塞发生争执，当场调解（第 {next(_serial)} 起）"
    data = form(unit_id(engine, unit_code), facts=facts, **changes)
    with write_session(engine) as session:
        return on_the_spot.settle(session, actor=actor, data=data, resolution=RESOLUTION).id


REPORT_REASON = report_up.ReportReason(reason="两次调解未果，涉及镇土地所，需镇里协调")
RETURN_REASON = report_up.ReportReason(reason="请村里先召集双方再调解一次")


def reported_up(engine: Engine, actors: dict[str, Actor], case_id: int) -> int:
    """The village mediator (the case's responsible person) reports the case up to the town."""
    return act(
        engine, report_up.report_up, actor=actors["mediator"], case_id=case_id, reason=REPORT_REASON
    )


def make_move(
    move: Move, engine: Engine, actors: dict[str, Actor], case_id: int, actor: Actor
) -> int:
    """Make the move on a 东河村 case with valid input, as `actor`, at the current version: the
    case is assigned to the village's mediator, escalated to the town's coordinator, and
    reopened by a follow-up that found a flare-up."""
    village, town = unit_id(engine, "QSZ01"), unit_id(engine, "QSZ")
    escalation = Escalation(reason=ESCALATION_REASON, plan=plan(town, actors["coordinator"].id))
    service, inputs = {
        Move.ASSIGN: (moves.assign, {"plan": plan(village, actors["mediator"].id)}),
        Move.START: (moves.start, {}),
        Move.RESOLVE: (moves.resolve, {"resolution": RESOLUTION}),
        Move.REFER: (moves.refer, {"referral": REFERRAL}),
        Move.CLOSE: (moves.close, {}),
        Move.ESCALATE: (moves.escalate, {"escalation": escalation}),
        Move.REOPEN: (case_actions.follow_up, {"visit": visit(flared_up=True)}),
        Move.REVISIT: (aftercare.revisit, {"reason": REVISIT_REASON}),
        Move.RECALL: (on_the_spot.recall, {"reason": RECALL_REASON}),
        Move.REPORT_UP: (report_up.report_up, {"reason": REPORT_REASON}),
        Move.TAKE: (report_up.take, {"plan": plan(town, actors["coordinator"].id)}),
        Move.RETURN: (report_up.return_down, {"reason": RETURN_REASON}),
    }[move]
    return act(engine, service, actor=actor, case_id=case_id, **inputs)


def try_move(
    move: Move, engine: Engine, actors: dict[str, Actor], case_id: int, actor: Actor
) -> str:
    """make_move's refusal as the user reads it, or what happened instead."""
    try:
        make_move(move, engine, actors, case_id, actor)
    except (MoveRefused, OutOfScope, NotAllowed) as refused:
        return str(refused)
    return f"not refused: now {current(engine, case_id).stage}"


def good_follow_up(engine: Engine, actors: dict[str, Actor], case_id: int) -> None:
    """The village mediator's visit that found the parties satisfied (so the case may close)."""
    act(engine, case_actions.follow_up, actor=actors["mediator"], case_id=case_id, visit=visit())


# Figures ----------------------------------------------------------------------------------
# Records of the past keep their dates: the services refuse found_on in the future and
# deadlines in the past, so the figures' fixtures write dates and stages directly.


def set_case(engine: Engine, case_id: int, **values: object) -> None:
    """Write columns of a case as they stand in the records (no event, no audit, no version)."""
    with write_session(engine) as session:
        session.exec(update(Case).where(col(Case.id) == case_id).values(**values))
        session.commit()


def dated_case(
    engine: Engine, actor: Actor, unit_code: str, found_on: date, **values: object
) -> int:
    """A case registered by `actor` at the unit on `found_on` (category and risk may be given),
    then set as the records have it (stage, deadline, resolved_at, ...)."""
    form_fields = {k: values.pop(k) for k in ("category", "risk") if k in values}
    facts = f"两户因宅基地边界发生争执（第 {next(_serial)} 起）"
    case_id = register_case(
        engine, actor, unit_id(engine, unit_code), facts=facts, found_on=found_on, **form_fields
    ).id
    if values:
        set_case(engine, case_id, **values)
    return case_id
