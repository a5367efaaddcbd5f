"""The limits the forms show are db/'s: a text of exactly the limit is taken and kept whole on
both engines, one character more is refused with the limit in Chinese; a date in the future is
refused in Chinese by db/ (the forms no longer ask the browser to, which spoke English)."""

from datetime import timedelta

import pytest
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from db import texts
from db.cases import corrections, records, report_up
from db.cases.lifecycle import AssignPlan, FollowUpCreate, Referral, Resolution
from db.cases.schemas import CaseCreate, field_errors
from db.clock import local_today
from db.core.validation import max_chars
from db.models import Case
from db.reports.daily import ReportCreate
from tests.db.factories import form, register_case, unit_id, visit

LIMITS = [
    (CaseCreate, "facts", 2000),
    (Resolution, "summary", 2000),
    (AssignPlan, "measures", 2000),
    (Referral, "reason", 1000),
    (FollowUpCreate, "note", 1000),
    (report_up.ReportReason, "reason", 1000),
    (corrections.CaseCorrection, "facts", 2000),
    (records.RecordInput, "content", 4000),
    (ReportCreate, "note", 500),
]


@pytest.mark.parametrize(("model", "field", "limit"), LIMITS)
def test_the_widget_limit_is_the_models(model: type[BaseModel], field: str, limit: int) -> None:
    assert max_chars(model, field) == limit


def test_a_field_without_a_limit_is_not_given_one() -> None:
    with pytest.raises(LookupError):
        max_chars(CaseCreate, "found_on")


def test_facts_of_exactly_the_limit_are_kept_whole_one_more_is_refused_with_the_limit(
    engine, actors
) -> None:
    limit = max_chars(CaseCreate, "facts")
    unit = unit_id(engine, "QSZ01")
    registered = register_case(engine, actors["mediator"], unit, facts="纠" * limit)
    with Session(engine) as session:
        assert session.get(Case, registered.id).facts == "纠" * limit
    with pytest.raises(ValidationError) as refused:
        form(unit, facts="纠" * (limit + 1))
    assert field_errors(refused.value) == {"facts": texts.V_TOO_LONG.format(max=limit)}


def test_a_future_date_is_refused_in_chinese_by_db() -> None:
    tomorrow = local_today() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        form(1, found_on=tomorrow)
    assert field_errors(refused.value) == {"found_on": texts.V_FUTURE_DATE}
    with pytest.raises(ValidationError) as refused:
        visit(visited_on=tomorrow)
    assert field_errors(refused.value) == {"visited_on": texts.V_FUTURE_DATE}
