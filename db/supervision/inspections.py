"""Inspections (督查): a supervision team visits a unit in its scope with a checklist version,
ticks every item (each tick is saved at once), and submits: the weighted score and conclusion
(db.supervision.scoring), and one rectification (整改) per failed item. A submitted inspection is read-only.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from db import texts
from db.clock import local_today, utcnow
from db.core import audit, settings
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, unit_in_scope
from db.core.validation import MAX_ROW_ID, CleanTextModel, check_past_date, clean_text
from db.enums import AuditAction, Conclusion, EvidenceFigure, InspectionStatus, TickResult
from db.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionResult,
    Rectification,
    SupervisionPhoto,
    Unit,
)
from db.supervision import evidence, notices
from db.supervision.checklists import items_of
from db.supervision.scoring import conclusion_for, score_of

MAX_NOTE = 1000


class InspectionRefused(Refused):
    """The inspection cannot be changed this way; the message is for the user (Chinese)."""


class InspectionStart(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    template_id: int
    unit_id: int
    visited_on: date
    team: str = Field(min_length=1, max_length=200)

    @field_validator("visited_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        return check_past_date(value, today=local_today())


@dataclass
class ItemView:
    item_id: int
    section: str
    text: str
    weight: int
    guidance: str
    evidence_required: bool
    figure_text: str
    result: TickResult | None
    note: str
    photo_ids: list[int] = field(default_factory=list)
    figure: EvidenceFigure | None = None  # what figure_text counts


@dataclass
class InspectionView:
    id: int
    template_name: str
    template_version: int
    unit_id: int
    unit_name: str
    visited_on: date
    team: str
    status: InspectionStatus
    score: float | None
    conclusion: Conclusion | None
    items: list[ItemView]

    @property
    def ticked(self) -> int:
        return sum(1 for i in self.items if i.result is not None)


def _inspection(session: Session, actor: Actor, inspection_id: int) -> Inspection:
    require(actor.role, Permission.INSPECT)
    inspection = session.get(Inspection, inspection_id) if 0 < inspection_id <= MAX_ROW_ID else None
    if inspection is None:
        raise InspectionRefused(texts.SUP_E_NO_INSPECTION)
    if not unit_in_scope(session, actor, inspection.unit_id):
        audit.record_refusal(
            session,
            actor=actor,
            action=AuditAction.DENIED,
            target=f"inspection:{inspection_id}",
        )
        raise OutOfScope(texts.SUP_E_UNIT_OUT_OF_SCOPE)
    return inspection


def _draft(session: Session, actor: Actor, inspection_id: int) -> Inspection:
    inspection = _inspection(session, actor, inspection_id)
    if inspection.status != InspectionStatus.DRAFT:
        raise InspectionRefused(texts.SUP_E_SUBMITTED)
    return inspection


def start(session: Session, *, actor: Actor, data: InspectionStart) -> int:
    """A new inspection with a result row per item, each with its ledger figure as of today."""
    require(actor.role, Permission.INSPECT)
    unit = session.get(Unit, data.unit_id)
    if unit is None or not unit_in_scope(session, actor, data.unit_id):
        raise OutOfScope(texts.SUP_E_UNIT_OUT_OF_SCOPE)
    template = session.get(ChecklistTemplate, data.template_id)
    if template is None or not template.is_current:
        raise InspectionRefused(texts.SUP_E_TEMPLATE)
    inspection = Inspection(**data.model_dump(), created_by_id=actor.id)
    session.add(inspection)
    session.flush()
    today = local_today()
    for item in items_of(session, data.template_id):
        figure = (
            evidence.figure(session, item.evidence_figure, unit, today)
            if item.evidence_figure
            else None
        )
        session.add(
            InspectionResult(
                inspection_id=inspection.id or 0,
                item_id=item.id or 0,
                figure_value=figure.value if figure else None,
                figure_text=figure.text if figure else "",
            )
        )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        target=f"inspection:{inspection.id}",
        detail=texts.SUP_AUDIT_STARTED.format(unit=unit.name, day=data.visited_on),
    )
    session.commit()
    return inspection.id or 0


def tick(
    session: Session,
    *,
    actor: Actor,
    inspection_id: int,
    item_id: int,
    result: TickResult | None = None,
    note: str | None = None,
) -> None:
    """Save one item's result and/or note at once (None leaves that part as it was)."""
    _draft(session, actor, inspection_id)
    row = session.exec(
        select(InspectionResult).where(
            InspectionResult.inspection_id == inspection_id, InspectionResult.item_id == item_id
        )
    ).first()
    if row is None:
        raise InspectionRefused(texts.SUP_E_NO_ITEM)
    if note is not None:
        try:
            note = clean_text(note.strip())
        except Invalid as refused:
            raise InspectionRefused(refused.message) from None
        if len(note) > MAX_NOTE:
            raise InspectionRefused(texts.V_TOO_LONG.format(max=MAX_NOTE))
        row.note = note
    if result is not None:
        row.result = TickResult(result)
    row.ticked_at, row.ticked_by_id = utcnow(), actor.id
    session.add(row)
    session.commit()


def submit(session: Session, *, actor: Actor, inspection_id: int) -> InspectionView:
    """Score the inspection and turn each failed item into a rectification; refused (nothing
    changed) while an item is unticked, a failed item that needs evidence has neither a note
    nor a photo, or no item applies."""
    inspection = _draft(session, actor, inspection_id)
    view = load(session, actor=actor, inspection_id=inspection_id)
    unticked = [i.text for i in view.items if i.result is None]
    if unticked:
        raise InspectionRefused(texts.SUP_E_UNTICKED.format(count=len(unticked)))
    bare = [
        i.text
        for i in view.items
        if i.result == TickResult.FAIL and i.evidence_required and not (i.note or i.photo_ids)
    ]
    if bare:
        raise InspectionRefused(texts.SUP_E_EVIDENCE.format(items="；".join(bare)))
    score = score_of([(i.weight, i.result) for i in view.items])
    if score is None:
        raise InspectionRefused(texts.SUP_E_NOTHING_APPLIES)
    inspection.status = InspectionStatus.SUBMITTED
    inspection.score, inspection.conclusion = score, conclusion_for(score)
    inspection.submitted_at, inspection.submitted_by_id = utcnow(), actor.id
    session.add(inspection)
    deadline = local_today() + timedelta(days=settings.rectification_days())
    ordered = [
        Rectification(
            inspection_id=inspection_id,
            item_id=item.item_id,
            unit_id=inspection.unit_id,
            requirement=item.text + (f"：{item.note}" if item.note else ""),
            deadline=deadline,
        )
        for item in view.items
        if item.result == TickResult.FAIL
    ]
    session.add_all(ordered)
    session.flush()
    notices.ordered(session, actor_id=actor.id, rectifications=ordered)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        target=f"inspection:{inspection_id}",
        detail=texts.SUP_AUDIT_SUBMITTED.format(
            score=score * 100, conclusion=texts.label(inspection.conclusion)
        ),
    )
    session.commit()
    return load(session, actor=actor, inspection_id=inspection_id)


def load(session: Session, *, actor: Actor, inspection_id: int) -> InspectionView:
    inspection = _inspection(session, actor, inspection_id)
    template = session.get(ChecklistTemplate, inspection.template_id)
    unit = session.get(Unit, inspection.unit_id)
    assert template is not None and unit is not None
    rows = session.exec(
        select(ChecklistItem, InspectionResult)
        .join(InspectionResult, col(InspectionResult.item_id) == ChecklistItem.id)
        .where(InspectionResult.inspection_id == inspection_id)
        .order_by(col(ChecklistItem.position))
    ).all()
    photos: dict[int, list[int]] = {}
    for photo_id, item_id in session.exec(
        select(SupervisionPhoto.id, SupervisionPhoto.item_id)
        .where(
            SupervisionPhoto.inspection_id == inspection_id,
            col(SupervisionPhoto.rectification_id).is_(None),
        )
        .order_by(col(SupervisionPhoto.id))
    ).all():
        photos.setdefault(item_id or 0, []).append(photo_id or 0)
    items = [
        ItemView(
            item_id=item.id or 0,
            section=item.section,
            text=item.text,
            weight=item.weight,
            guidance=item.guidance,
            evidence_required=item.evidence_required_on_fail,
            figure_text=result.figure_text,
            result=result.result,
            note=result.note,
            photo_ids=photos.get(item.id or 0, []),
            figure=item.evidence_figure,
        )
        for item, result in rows
    ]
    return InspectionView(
        id=inspection_id,
        template_name=template.name,
        template_version=template.version,
        unit_id=unit.id or 0,
        unit_name=unit.name,
        visited_on=inspection.visited_on,
        team=inspection.team,
        status=inspection.status,
        score=inspection.score,
        conclusion=inspection.conclusion,
        items=items,
    )
