"""The 人民调解协议书 of a resolved case: a draft prefilled from the case, its parties and its
resolution, edited in a form on the case page (AgreementForm), then made as .docx (the county's
own template or the built-in one) and as an A4 PDF. The parties' ID numbers and phones come
from the database, masked unless the user may reveal them and gives a reason (audited as a
reveal). Made by whoever may handle cases (mediators, coordinators) for a case in their scope;
each making is audited (the download of each file is audited by db.io.delivery)."""

from dataclasses import dataclass
from datetime import date

from pydantic import Field
from sqlmodel import Session, col, select

from db import texts
from db.clock import local_today
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.validation import CleanTextModel, mask_id_number, mask_phone
from db.enums import PartyRole, Stage
from db.io.documents.common import checked_case, committee_of, revealed, unit_name, user_name
from db.io.documents.fields import agreement_context
from db.io.documents.layout import AGREEMENT
from db.io.documents.pdf import render_pdf
from db.io.documents.render import render_docx
from db.io.documents.templates import county_of, template_for
from db.io.exports.common import local_date
from db.models import Case, Party

RESOLVED = (Stage.RESOLVED, Stage.CLOSED)


class AgreementParty(CleanTextModel):
    party_id: int
    role: PartyRole  # shown as the field's label; the stored role is what the document says
    name: str = Field(min_length=1, max_length=50)
    address: str = Field(default="", max_length=200)


class AgreementForm(CleanTextModel):
    """What the form on the case page submits (prefilled by `draft`)."""

    committee: str = Field(min_length=1, max_length=100)
    parties: list[AgreementParty] = Field(min_length=1, max_length=50)
    facts: str = Field(min_length=1, max_length=2000)
    terms: str = Field(min_length=1, max_length=4000)
    performance_method: str = Field(default="", max_length=500)
    performance_deadline: date | None = None
    mediator: str = Field(min_length=1, max_length=50)
    agreement_date: date
    copies: int = Field(default=3, ge=1, le=20)


@dataclass(frozen=True)
class DocumentFiles:
    docx: bytes
    pdf: bytes
    revealed: bool


def _resolved_case(session: Session, actor: Actor, case_id: int) -> Case:
    case = checked_case(session, actor, case_id, target=f"agreement:{case_id}")
    if case.stage not in RESOLVED:
        raise Refused(texts.E_AGR_NOT_RESOLVED)
    return case


def _parties(session: Session, case_id: int) -> list[Party]:
    query = select(Party).where(Party.case_id == case_id).order_by(col(Party.id))
    return list(session.exec(query))


def draft(session: Session, *, actor: Actor, case_id: int) -> AgreementForm:
    """The form's first values: the case's facts, parties, resolution summary (the terms), its
    committee, its responsible person as mediator, the resolution's date."""
    case = _resolved_case(session, actor, case_id)
    parties = _parties(session, case_id)
    mediator = user_name(session, case.responsible_user_id) or actor.display_name
    return AgreementForm.model_construct(
        committee=committee_of(session, case),
        parties=[
            AgreementParty.model_construct(
                party_id=p.id, role=p.role, name=p.name, address=p.address or ""
            )
            for p in parties
        ],
        facts=case.facts,
        terms=case.resolution_summary or "",
        performance_method="",
        performance_deadline=None,
        mediator=mediator,
        agreement_date=local_date(case.resolved_at) or local_today(),
        copies=len(parties) + 1,
    )


def make_agreement(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    form: AgreementForm,
    reveal_reason: str | None = None,
) -> DocumentFiles:
    """The agreement as .docx and PDF from the submitted form; audited (and the reveal, when a
    reason is given); commits."""
    case = _resolved_case(session, actor, case_id)
    reason = revealed(actor, reveal_reason)
    stored = {p.id: p for p in _parties(session, case_id)}
    if sorted(stored) != sorted(p.party_id for p in form.parties):
        raise Refused(texts.E_AGR_PARTY)
    parties = []
    for line in form.parties:
        party = stored[line.party_id]
        parties.append(
            {
                "role": texts.label(party.role),
                "name": line.name,
                "id_number": (party.id_number or "") if reason else mask_id_number(party.id_number),
                "phone": (party.phone or "") if reason else mask_phone(party.phone),
                "address": line.address,
                "code": party.role.value,
            }
        )
    context = agreement_context(
        case_number=case.number,
        committee=form.committee,
        unit=unit_name(session, case.unit_id),
        category=texts.label(case.category),
        facts=form.facts,
        parties=parties,
        applicants=[p["name"] for p in parties if p["code"] == PartyRole.APPLICANT.value],
        respondents=[p["name"] for p in parties if p["code"] == PartyRole.RESPONDENT.value],
        method=texts.label(case.resolution_method) if case.resolution_method else "",
        terms=form.terms,
        performance_method=form.performance_method,
        performance_deadline=form.performance_deadline,
        mediator=form.mediator,
        agreement_date=form.agreement_date,
        copies=form.copies,
    )
    template = template_for(session, county_id=county_of(actor), kind=AGREEMENT)
    files = DocumentFiles(
        docx=render_docx(template, context),
        pdf=render_pdf(AGREEMENT, context, title=texts.DOC_AGREEMENT_TITLE),
        revealed=reason is not None,
    )
    target = f"agreement:{case_id}"
    audit.record_export(
        session,
        actor=actor,
        case_id=case_id,
        target=target,
        detail=texts.DOC_AGREEMENT_TITLE,
        reveal_reason=reason,
    )
    session.commit()
    return files
