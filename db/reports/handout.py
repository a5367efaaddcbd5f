"""周交办: the cases the weekly meeting may hand out from the pack, each with a draft of the four
fixes for the meeting to confirm or change (db.reports.handout_batch assigns them).

Candidates: every case of the pack's urgent, new high-risk, overdue (new or long), still
unassigned and reported-up sections that the reader may hand out now — a registered case by
交办 (Move.ASSIGN), a case reported up to the reader's level by 接收 (Move.TAKE, which is the
assign of a reported-up case: new four fixes at the level that takes it). A case already
assigned (an overdue one, say) has no hand-out move and stays for the decision note.

The draft: the lead leader is the default of db.cases.leaders.lead_leader_choices (the nearest
active leader up the chain of the unit that would handle it), any leader whose scope holds the
case being a choice (a case registered from a leader's reception: that leader, when their scope
holds it); a hard case (五个一) carries its team and plan, drafted from the case's own;
the responsible unit the case's own village (for a take: the unit it waits at);
the responsible person the case's last responsible person when they belong to that unit, else
the unit's mediator, else its first active member; the deadline the board's default for the
risk (db.cases.moves.default_deadline), at most the high-risk default for an urgent case (the
rule db.cases.lifecycle.guard_deadline would refuse more).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from db.cases.board import Card
from db.cases.leaders import LeaderChoices, is_hard, lead_leader_choices
from db.cases.lifecycle import DEFAULT_DEADLINE_DAYS
from db.cases.moves import default_deadline
from db.clock import local_today
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.enums import Move, Risk, Role
from db.models import Case, User
from db.receptions.origin import opened_by
from db.reports.weekly import WeeklyPack

# The pack's sections a case may be handed out from, in the order the meeting takes them.
SECTIONS = (
    "urgent",
    "new_high_risk",
    "became_overdue",
    "long_overdue",
    "still_unassigned",
    "reported_up",
)


@dataclass(frozen=True)
class Draft:
    """A case to hand out and the four fixes drafted for it; `version` is the case's version
    when the page was drawn (a change since makes the hand-out stale)."""

    case_id: int
    number: str
    title: str
    village: str
    risk: Risk
    urgent: bool
    sections: tuple[str, ...]
    move: Move
    version: int
    leader_id: int | None
    leader_name: str
    leaders: tuple[tuple[int, str], ...]  # the leaders the meeting may choose, nearest first
    hard: bool  # 五个一: the hand-out also needs a team and a plan
    team: str
    plan: str
    unit_id: int | None
    user_id: int | None
    deadline: date


def leaders_for(session: Session, case: Case, unit_id: int | None = None) -> LeaderChoices:
    """The leaders who may lead the case handed to `unit_id` (db.cases.leaders' one rule)."""
    return lead_leader_choices(session, case=case, unit_id=unit_id)


def draft_lead_leader(session: Session, case: Case) -> tuple[int, str] | None:
    """The leader drafted for the case (id, name), if any leader's scope holds it."""
    choices = leaders_for(session, case, draft_unit(case, Move.ASSIGN))
    names = {o.id: o.name for o in choices.options}
    if choices.default_id is None:
        return None
    return choices.default_id, names[choices.default_id]


def draft_unit(case: Case, move: Move) -> int | None:
    """The case's village; for a take, the unit it waits at (the case moves up there)."""
    return case.reported_up_to_unit_id if move == Move.TAKE else case.unit_id


def draft_person(session: Session, case: Case, unit_id: int | None) -> int | None:
    """The last responsible person when of the unit, else the unit's mediator, else anyone."""
    if unit_id is None:
        return None
    last = session.get(User, case.responsible_user_id or 0)
    if last is not None and last.unit_id == unit_id and last.is_active:
        return last.id
    rows = session.exec(
        select(User.id, User.role)
        .where(User.unit_id == unit_id, col(User.is_active))
        .order_by(col(User.id))
    ).all()
    mediators = [user_id for user_id, role in rows if role == Role.MEDIATOR]
    people = mediators or [user_id for user_id, _role in rows]
    return people[0] if people else None


def draft_deadline(case: Case, *, today: date | None = None) -> date:
    """The board's default for the risk; an urgent case's at most the high-risk default."""
    today = today or local_today()
    drafted = default_deadline(case.risk, today=today)
    if case.urgent:
        drafted = min(drafted, today + timedelta(days=DEFAULT_DEADLINE_DAYS["high"]))
    return drafted


def hand_out_move(card: Card) -> Move | None:
    """交办 for a registered case, 接收 for one reported up to the reader's level, if offered."""
    if Move.TAKE in card.moves:
        return Move.TAKE
    if Move.ASSIGN in card.moves:
        return Move.ASSIGN
    return None


def candidates(session: Session, *, actor: Actor, pack: WeeklyPack) -> list[Draft]:
    """The pack's cases the actor may hand out now, each once (with every section it is in),
    in the order of SECTIONS, with the drafted four fixes."""
    require(actor.role, Permission.WEEKLY_PACK)
    found: dict[int, tuple[Card, Move, list[str]]] = {}
    for section in SECTIONS:
        for card in getattr(pack, section):
            if card.id in found:
                found[card.id][2].append(section)
            elif (move := hand_out_move(card)) is not None:
                found[card.id] = (card, move, [section])
    drafts = []
    for card, move, sections in found.values():
        case = session.get(Case, card.id)
        if case is None:
            continue
        unit_id = draft_unit(case, move)
        choices = leaders_for(session, case, unit_id)
        names = {o.id: o.name for o in choices.options}
        leader_id = choices.default_id
        origin = opened_by(session, case.id)
        if origin is not None and origin.leader_id in names:
            leader_id = origin.leader_id  # the leader who received the dispute leads it
        drafts.append(
            Draft(
                case_id=card.id,
                number=card.number,
                title=card.title,
                village=card.village,
                risk=card.risk,
                urgent=card.urgent,
                sections=tuple(sections),
                move=move,
                version=card.version,
                leader_id=leader_id,
                leader_name=names.get(leader_id or 0, ""),
                leaders=tuple((o.id, o.label) for o in choices.options),
                hard=is_hard(case),
                team=case.lead_team or "",
                plan=case.resolution_plan or "",
                unit_id=unit_id,
                user_id=draft_person(session, case, unit_id),
                deadline=draft_deadline(case),
            )
        )
    return drafts
