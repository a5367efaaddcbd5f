"""What the case page's workbench offers this reader (records, correction, re-rating), and the
correction form's starting values: the case's correctable fields and its parties, with their
ID numbers and phones masked (a blank field in the form keeps the stored value)."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, col, select

from db.cases.corrections import may_correct
from db.cases.records import WORK_STAGES, may_work
from db.cases.rerating import may_rerate
from db.core.actor import Actor
from db.core.permissions import Permission, allows
from db.core.scope import load_case
from db.core.validation import mask_id_number, mask_phone
from db.enums import Stage
from db.models import Party


@dataclass(frozen=True)
class Workbench:
    may_record: bool
    may_correct: bool
    may_rerate: bool
    values: dict = field(default_factory=dict)  # the correction form's starting values
    parties: list[dict] = field(default_factory=list)


def workbench(session: Session, *, actor: Actor, case_id: int) -> Workbench:
    case = load_case(session, actor, case_id)
    handles = allows(actor.role, Permission.HANDLE)
    parties = session.exec(select(Party).where(Party.case_id == case_id).order_by(col(Party.id)))
    return Workbench(
        may_record=(handles or case.lead_leader_id == actor.id)  # the lead leader's check-ins
        and case.stage in WORK_STAGES
        and may_work(session, actor, case),
        may_correct=may_correct(actor, case),
        may_rerate=handles
        and case.stage not in (Stage.CLOSED, Stage.REFERRED)
        and may_rerate(session, actor, case),
        values={
            "category": case.category,
            "local_category_id": case.local_category_id,
            "found_on": case.found_on,
            "unit_id": case.unit_id,
            "facts": case.facts,
            "people_involved": case.people_involved,
            "amount_yuan": Decimal(case.amount_fen) / 100,
            "risk": case.risk,
            "group_risk": case.group_risk,
            "violence_risk": case.violence_risk,
            "urgent": case.urgent,
        },
        parties=[
            {
                "id": p.id,
                "role": p.role,
                "name": p.name,
                "id_number": mask_id_number(p.id_number),
                "phone": mask_phone(p.phone),
                "address": p.address or "",
            }
            for p in parties
        ],
    )
