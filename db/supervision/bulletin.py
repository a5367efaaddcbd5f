"""The supervision bulletin (督查通报) for a period, and the supervision figures for the dashboard
(its workbook: db.io.exports.bulletin).

A unit's score for the period is the mean of the scores of its submitted inspections visited in
the period; its conclusion is that mean against the thresholds (db.supervision.scoring.thresholds).
Praised: units whose conclusion is 优秀; criticised: 不合格. Rectifications listed: those not
yet closed that were ordered by inspections visited in the period.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from db.core.actor import Actor
from db.core.permissions import NotAllowed, Permission, allows
from db.core.scope import subtree_unit_ids
from db.enums import Conclusion, InspectionStatus, RectificationStatus
from db.models import Inspection, Unit
from db.supervision.rectifications import RectificationRow, _root_path, list_rectifications
from db.supervision.scoring import conclusion_for

READERS = (Permission.INSPECT, Permission.VIEW_DASHBOARD)


@dataclass(frozen=True)
class UnitScore:
    rank: int
    unit_name: str
    inspections: int
    score: float
    conclusion: Conclusion


@dataclass(frozen=True)
class Bulletin:
    start: date
    end: date
    ranking: list[UnitScore]
    rectifications: list[RectificationRow]

    @property
    def praised(self) -> list[str]:
        return [u.unit_name for u in self.ranking if u.conclusion == Conclusion.EXCELLENT]

    @property
    def criticised(self) -> list[str]:
        return [u.unit_name for u in self.ranking if u.conclusion == Conclusion.FAIL]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rectifications if r.overdue)


def _may_read(actor: Actor) -> None:
    if not any(allows(actor.role, p) for p in READERS):
        raise NotAllowed()


def _submitted_in(session: Session, actor: Actor, start: date, end: date, unit_id: int | None):  # type: ignore[no-untyped-def]
    path = _root_path(session, actor, unit_id)
    return (
        Inspection.status == InspectionStatus.SUBMITTED,
        Inspection.visited_on >= start,
        Inspection.visited_on <= end,
        col(Inspection.unit_id).in_(subtree_unit_ids(path)),
    )


def supervision_score_average(
    session: Session, actor: Actor, start: date, end: date, unit_id: int | None = None
) -> float | None:
    """Mean score (0..1) of the submitted inspections visited in the period in scope; None when
    there were none."""
    _may_read(actor)
    where = _submitted_in(session, actor, start, end, unit_id)
    value = session.exec(select(func.avg(Inspection.score)).where(*where)).one()
    return None if value is None else float(value)


def bulletin(
    session: Session, *, actor: Actor, start: date, end: date, unit_id: int | None = None
) -> Bulletin:
    _may_read(actor)
    where = _submitted_in(session, actor, start, end, unit_id)
    mean = func.avg(Inspection.score)
    rows = session.exec(
        select(Unit.name, func.count(), mean)
        .join(Unit, col(Unit.id) == Inspection.unit_id)
        .where(*where)
        .group_by(Unit.id, Unit.name, Unit.code)
        .order_by(mean.desc(), Unit.code)
    ).all()
    ranking = [
        UnitScore(rank, name, count, float(score), conclusion_for(float(score)))
        for rank, (name, count, score) in enumerate(rows, start=1)
    ]
    rectifications = list_rectifications(
        session,
        actor=actor,
        unit_id=unit_id,
        statuses=(RectificationStatus.OPEN, RectificationStatus.DONE),
        visited_from=start,
        visited_to=end,
    )
    return Bulletin(start, end, ranking, rectifications)
