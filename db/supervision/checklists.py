"""Checklist templates (督查清单): versioned lists of weighted items grouped by section.

A template is edited by writing a new version under the same key; the old version stays, and
the inspections made with it keep pointing at it. The default template (the offices' own
requirements, texts.SUP_DEFAULT_ITEMS) is written by `python -m db migrate` when missing.
"""

from pydantic import ConfigDict, Field
from sqlalchemy import update
from sqlmodel import Session, col, func, select

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.validation import CleanTextModel
from db.enums import AuditAction, EvidenceFigure
from db.models import ChecklistItem, ChecklistTemplate

DEFAULT_KEY = "default"
MAX_ITEMS = 100


class ItemDraft(CleanTextModel):
    """One item as an admin writes it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    section: str = Field(min_length=1, max_length=50)
    text: str = Field(min_length=1, max_length=200)
    weight: int = Field(default=1, ge=1, le=100)
    guidance: str = Field(default="", max_length=500)
    evidence_required_on_fail: bool = False
    evidence_figure: EvidenceFigure | None = None


class TemplateDraft(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    items: list[ItemDraft] = Field(min_length=1, max_length=MAX_ITEMS)


def default_draft() -> TemplateDraft:
    return TemplateDraft(
        name=texts.SUP_DEFAULT_TEMPLATE_NAME,
        items=[
            ItemDraft(
                section=section,
                text=text,
                weight=weight,
                guidance=guidance,
                evidence_required_on_fail=required,
                evidence_figure=figure,
            )
            for section, text, weight, guidance, required, figure in texts.SUP_DEFAULT_ITEMS
        ],
    )


def _write(
    session: Session, *, key: str, version: int, draft: TemplateDraft, actor_id: int | None
) -> ChecklistTemplate:
    template = ChecklistTemplate(
        key=key, name=draft.name, version=version, is_current=True, created_by_id=actor_id
    )
    session.add(template)
    session.flush()
    for position, item in enumerate(draft.items, start=1):
        session.add(
            ChecklistItem(template_id=template.id or 0, position=position, **item.model_dump())
        )
    session.flush()
    return template


def ensure_default_template(session: Session) -> bool:
    """Write the default template unless a template with its key exists; True if written."""
    found = session.exec(
        select(ChecklistTemplate.id).where(ChecklistTemplate.key == DEFAULT_KEY)
    ).first()
    if found is not None:
        return False
    _write(session, key=DEFAULT_KEY, version=1, draft=default_draft(), actor_id=None)
    session.commit()
    return True


def current_templates(session: Session) -> list[ChecklistTemplate]:
    """The latest version of every template, by name."""
    query = select(ChecklistTemplate).where(col(ChecklistTemplate.is_current))
    return list(session.exec(query.order_by(ChecklistTemplate.name)).all())


def items_of(session: Session, template_id: int) -> list[ChecklistItem]:
    query = select(ChecklistItem).where(ChecklistItem.template_id == template_id)
    return list(session.exec(query.order_by(col(ChecklistItem.position))).all())


def save_version(
    session: Session, *, actor: Actor, draft: TemplateDraft, key: str | None = None
) -> ChecklistTemplate:
    """Write the draft as the next version of the template `key` (a new template when None);
    the previous version stays for the inspections made with it."""
    require(actor.role, Permission.MANAGE_CHECKLISTS)
    if key is None:
        taken = session.exec(select(func.count()).select_from(ChecklistTemplate)).one()
        key = f"t{taken + 1}"
        while session.exec(
            select(ChecklistTemplate.id).where(ChecklistTemplate.key == key)
        ).first():
            taken += 1
            key = f"t{taken + 1}"
    last = session.exec(
        select(func.max(ChecklistTemplate.version)).where(ChecklistTemplate.key == key)
    ).one()
    session.exec(
        update(ChecklistTemplate).where(col(ChecklistTemplate.key) == key).values(is_current=False)
    )  # type: ignore[call-overload]
    template = _write(session, key=key, version=(last or 0) + 1, draft=draft, actor_id=actor.id)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE if last else AuditAction.CREATE,
        target=f"checklist:{template.id}",
        detail=texts.SUP_AUDIT_TEMPLATE.format(name=draft.name, version=template.version),
    )
    session.commit()
    return template
