"""The abuse suite's payloads (tests/abuse_payloads.py) at every text field of the reception
form, on both engines: kept text stored code point by code point, bidirectional controls
removed, NUL and 1 MB refused by the form under their field (before any write session)."""

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from db import texts
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import write_session
from db.models import Reception
from db.receptions import book
from tests.abuse_payloads import ALL_KEPT, CONTROL, HUGE, RTL, RTL_STORED
from tests.db.factories import unit_id
from tests.db.reception_helpers import reception_form

LIMITS = {"place": 200, "accompanied": 200, "raised": 2000, "decided": 2000, "visitor_names": 200}


@pytest.mark.parametrize("field", list(LIMITS))
def test_kept_text_is_stored_exactly(engine: Engine, actors: dict[str, Actor], field: str) -> None:
    leader = actors["leader"]
    stored = []
    for text in (ALL_KEPT, RTL):
        form = reception_form(unit_id(engine, "QSZ"), leader.id, **{field: text})
        with write_session(engine) as session:
            reception_id = book.record(session, actor=leader, data=form)
        with Session(engine) as session:
            stored.append(getattr(session.get(Reception, reception_id), field))
    assert [[ord(c) for c in s] for s in stored] == [
        [ord(c) for c in ALL_KEPT],
        [ord(c) for c in RTL_STORED],
    ]


@pytest.mark.parametrize("field", list(LIMITS))
def test_control_characters_and_huge_text_are_refused_under_their_field(field: str) -> None:
    for text, message in (
        (CONTROL, texts.V_CONTROL_CHAR),
        (HUGE, texts.V_TOO_LONG.format(max=LIMITS[field])),
    ):
        with pytest.raises(ValidationError) as caught:
            reception_form(1, 1, **{field: text})
        errors = field_errors(caught.value)
        assert list(errors) == [field] and message in errors[field]
