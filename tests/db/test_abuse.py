"""Bad input and abuse at every entry point of the rules, on SQLite and PostgreSQL (issue 9).

The payloads and what each kind must give are in tests/abuse_payloads.py. The matrix here is
entry point × payload kind (kept / bidirectional controls / control characters / 1 MB), each on
both engines: an entry point is a text field somewhere (the intake form, a case move, the
inspection page, a rectification answer, an Excel cell), written through the same service the
page calls. A kept payload is written once per entry point when the field is long enough to
hold all of them at once, else one at a time. A refusal must carry the field's Chinese message
and leave every table's row count as it was. Then numbers, dates, ids from URLs, another unit's
case, the login, passwords, the ledger search and the exports.

Forged and expired cookies are browser matters: tests/browser/test_cookies.py (library default
key, real key) and tests/browser/test_abuse_journey.py (expired, garbage, unknown user).
"""

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, col, select

from db import texts
from db.accounts import auth
from db.accounts.users import PasswordRefused
from db.cases import actions as case_actions
from db.cases import ledger, moves
from db.cases.ledger import LedgerFilter
from db.cases.lifecycle import (
    AssignPlan,
    Escalation,
    Extension,
    FollowUpCreate,
    MoveRefused,
    Referral,
    Resolution,
)
from db.cases.schemas import field_errors
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.scope import CaseNotFound, OutOfScope
from db.core.validation import EARLIEST_DATE, MAX_DEADLINE_DAYS, parse_row_id
from db.enums import AuditAction, Role, Stage, TickResult
from db.io.exports.forms import case_forms_xlsx
from db.io.exports.ledger import ledger_xlsx
from db.io.imports.preview import preview
from db.io.imports.workbook import read_ledger
from db.models import (
    AuditLog,
    Case,
    CaseEvent,
    FollowUp,
    Inspection,
    InspectionResult,
    Party,
    Rectification,
)
from db.supervision import inspections, rectifications
from tests.abuse_payloads import (
    ALL_KEPT,
    CONTROL,
    HUGE,
    KEPT,
    ORDINARY_WHITESPACE,
    OTHER_CONTROLS,
    RTL,
    RTL_STORED,
)
from tests.conftest import PASSWORD
from tests.db import supervision_helpers as sup
from tests.db.factories import (
    act,
    add_user,
    case_in_stage,
    current,
    form,
    new_case,
    plan,
    register_case,
    unit_id,
    visit,
)
from tests.db.test_import import do_import, good_row, ledger_file, plan_for

# Entry points ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A text field somewhere. `prepare(engine, actors)` makes what the field belongs to (a
    case in the right stage, an inspection...; None when the write makes it) and returns a
    target; `write(engine, actors, target, text)` stores the text through the service a page
    calls and returns a handle; `read(engine, handle)` gives back what was stored ("" if
    nothing). `field` is the path field_errors gives for it (None: the refusal's message)."""

    prepare: Callable[[Engine, dict[str, Actor]], object]
    write: Callable[[Engine, dict[str, Actor], object, str], object]
    read: Callable[[Engine, object], str]
    limit: int
    field: str | None = None
    separators: str = ""  # characters the field splits a text at (several parties in a cell)

    def store(self, engine: Engine, actors: dict[str, Actor], text: str) -> str:
        """Write the text on a fresh target and read back what was stored."""
        target = self.prepare(engine, actors)
        return self.read(engine, self.write(engine, actors, target, text))


def _nothing(engine: Engine, actors: dict[str, Actor]) -> object:
    return None


def _registered(engine: Engine, actors: dict[str, Actor]) -> object:
    return new_case(engine, actors["mediator"], "QSZ01")


def _in_stage(stage: Stage) -> Callable[[Engine, dict[str, Actor]], object]:
    return lambda engine, actors: case_in_stage(engine, actors, stage)


def _case_field(name: str) -> Callable[[Engine, object], str]:
    return lambda engine, case_id: getattr(current(engine, int(case_id)), name) or ""  # type: ignore[arg-type]


def _intake(field: str) -> Callable[[Engine, dict[str, Actor], object, str], object]:
    def write(engine: Engine, actors: dict[str, Actor], target: object, text: str) -> object:
        parties = [{"role": "applicant", "name": "张三"}, {"role": "respondent", "name": "李四"}]
        changes: dict[str, object] = {"parties": parties}
        if field == "facts":
            changes["facts"] = text
        else:
            parties[0][field] = text
        return register_case(engine, actors["coordinator"], unit_id(engine, "QSZ01"), **changes).id

    return write


def _party(field: str) -> Callable[[Engine, object], str]:
    def read(engine: Engine, case_id: object) -> str:
        with Session(engine) as session:
            first = session.exec(
                select(Party).where(Party.case_id == case_id).order_by(col(Party.id))
            ).first()
            return (getattr(first, field) or "") if first else ""

    return read


def _resolve(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
    data = {"method": "peoples", "summary": text}
    act(
        engine,
        moves.resolve,
        actor=actors["mediator"],
        case_id=int(case_id),  # type: ignore[arg-type]
        resolution=Resolution.model_validate(data),
    )
    return case_id


def _refer(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
    data = {"channel": "litigation", "reason": text}
    act(
        engine,
        moves.refer,
        actor=actors["mediator"],
        case_id=int(case_id),  # type: ignore[arg-type]
        referral=Referral.model_validate(data),
    )
    return case_id


def _assign(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
    village = unit_id(engine, "QSZ01")
    the_plan = {**plan(village, actors["mediator"].id).model_dump(), "team": text}
    act(
        engine,
        moves.assign,
        actor=actors["coordinator"],
        case_id=int(case_id),  # type: ignore[arg-type]
        plan=AssignPlan.model_validate(the_plan),
    )
    return case_id


def _escalate(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
    town_plan = plan(unit_id(engine, "QSZ"), actors["coordinator"].id).model_dump()
    act(
        engine,
        moves.escalate,
        actor=actors["coordinator"],
        case_id=int(case_id),  # type: ignore[arg-type]
        escalation=Escalation.model_validate({"reason": text, "plan": town_plan}),
    )
    return case_id


def _extend(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
    later = local_today() + timedelta(days=30)
    act(
        engine,
        case_actions.extend,
        actor=actors["coordinator"],
        case_id=int(case_id),  # type: ignore[arg-type]
        extension=Extension.model_validate({"new_deadline": later, "reason": text}),
    )
    return case_id


def _follow_up(field: str) -> Callable[[Engine, dict[str, Actor], object, str], object]:
    def write(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
        data = {**visit().model_dump(), field: text}
        act(
            engine,
            case_actions.follow_up,
            actor=actors["mediator"],
            case_id=int(case_id),  # type: ignore[arg-type]
            visit=FollowUpCreate.model_validate(data),
        )
        return case_id

    return write


def _visit_read(field: str) -> Callable[[Engine, object], str]:
    def read(engine: Engine, case_id: object) -> str:
        with Session(engine) as session:
            row = session.exec(select(FollowUp).where(FollowUp.case_id == case_id)).first()
            return getattr(row, field) if row else ""

    return read


def _start_note(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
    act(engine, moves.start, actor=actors["mediator"], case_id=int(case_id), note=text)  # type: ignore[arg-type]
    return case_id


def _event_detail(key: str) -> Callable[[Engine, object], str]:
    """What the case's latest timeline entry says under `key` (a move's note or reason)."""

    def read(engine: Engine, case_id: object) -> str:
        with Session(engine) as session:
            last = session.exec(
                select(CaseEvent)
                .where(CaseEvent.case_id == case_id)
                .order_by(col(CaseEvent.id).desc())
            ).first()
            detail = json.loads(last.detail) if last and last.detail else {}
            return detail.get(key, "") if isinstance(detail, dict) else ""

    return read


def _flag(engine: Engine, actors: dict[str, Actor], case_id: object, text: str) -> object:
    with write_session(engine) as session:
        case_actions.flag(
            session,
            actor=actors["leader"],
            case_id=int(case_id),  # type: ignore[arg-type]
            on=True,
            note=text,
        )
    return case_id


def _template(engine: Engine, actors: dict[str, Actor]) -> object:
    return sup.default_template(engine)


def _inspection_team(engine: Engine, actors: dict[str, Actor], target: object, text: str) -> object:
    data = {
        "template_id": target,
        "unit_id": unit_id(engine, "QSZ01"),
        "visited_on": local_today(),
        "team": text,
    }
    with write_session(engine) as session:
        return inspections.start(
            session,
            actor=actors["supervisor"],
            data=inspections.InspectionStart.model_validate(data),
        )


def _team_read(engine: Engine, inspection_id: object) -> str:
    with Session(engine) as session:
        found = session.get(Inspection, inspection_id)
        return found.team if found else ""


def _inspection_item(engine: Engine, actors: dict[str, Actor]) -> object:
    inspection_id = sup.start(engine, actors["supervisor"])
    return inspection_id, sup.load(engine, actors["supervisor"], inspection_id).items[0].item_id


def _tick_note(engine: Engine, actors: dict[str, Actor], target: object, text: str) -> object:
    inspection_id, item_id = target  # type: ignore[misc]
    sup.tick(engine, actors["supervisor"], inspection_id, item_id, None, text)
    return target


def _tick_read(engine: Engine, target: object) -> str:
    inspection_id, item_id = target  # type: ignore[misc]
    with Session(engine) as session:
        return session.exec(
            select(InspectionResult.note).where(
                InspectionResult.inspection_id == inspection_id,
                InspectionResult.item_id == item_id,
            )
        ).one()


def _open_rectification(engine: Engine, actors: dict[str, Actor]) -> object:
    supervisor = actors["supervisor"]
    inspection_id = sup.start(engine, supervisor)
    sup.tick_all(engine, supervisor, inspection_id, {1: TickResult.FAIL})
    sup.submit(engine, supervisor, inspection_id)
    [made] = sup.rectifications_of(engine, inspection_id)
    return made.id


def _rectification_note(
    engine: Engine, actors: dict[str, Actor], rectification_id: object, text: str
) -> object:
    with write_session(engine) as session:
        rectifications.mark_done(
            session,
            actor=actors["mediator"],
            rectification_id=int(rectification_id),  # type: ignore[arg-type]
            note=text,
        )
    return rectification_id


def _rectification_read(engine: Engine, rectification_id: object) -> str:
    with Session(engine) as session:
        found = session.get(Rectification, rectification_id)
        return found.done_note if found else ""


class ImportProblem(Exception):
    """The import's preview found errors: the user reads them with their sheet row and column."""

    def __init__(self, problems: list) -> None:  # type: ignore[type-arg]
        super().__init__(problems)
        self.problems = problems


def _import_cell(key: str) -> Callable[[Engine, dict[str, Actor], object, str], object]:
    """The text in one cell of a one-row ledger. The file is written with a stand-in and the
    text put into the cell as read: openpyxl cannot write control characters into a file, but
    the preview must not trust the reader to have kept them out."""

    def write(engine: Engine, actors: dict[str, Actor], target: object, text: str) -> object:
        row = good_row(1, **{"编号": None, "身份证号": None})
        path = ledger_file(Path(tempfile.mkdtemp()) / "台账-abuse.xlsx", [row])
        ledger_read = read_ledger(path, filename=path.name)
        ledger_read.rows[0].cells[key] = text
        with Session(engine) as session:
            the_plan = preview(
                session, actor=actors["coordinator"], ledger=ledger_read, town_code="QSZ"
            )
        if not the_plan.ok:
            raise ImportProblem([p for p in the_plan.problems if p.error])
        return do_import(engine, actors["coordinator"], the_plan).numbers[0]

    return write


def _imported(attribute: str) -> Callable[[Engine, object], str]:
    def read(engine: Engine, number: object) -> str:
        with Session(engine) as session:
            case = session.exec(select(Case).where(Case.number == number)).one()
            if attribute == "facts":
                return case.facts
            names = session.exec(
                select(Party.name).where(Party.case_id == case.id).order_by(col(Party.id))
            ).all()
            return names[0]

    return read


ENTRIES: dict[str, Entry] = {
    "intake.facts": Entry(_nothing, _intake("facts"), _case_field("facts"), 2000, "facts"),
    "intake.party-name": Entry(_nothing, _intake("name"), _party("name"), 50, "parties.0.name"),
    "intake.party-address": Entry(
        _nothing, _intake("address"), _party("address"), 200, "parties.0.address"
    ),
    "assign.team": Entry(_registered, _assign, _case_field("lead_team"), 500, "team"),
    "resolve.summary": Entry(
        _in_stage(Stage.MEDIATING), _resolve, _case_field("resolution_summary"), 2000, "summary"
    ),
    "refer.reason": Entry(
        _in_stage(Stage.MEDIATING), _refer, _case_field("referral_reason"), 1000, "reason"
    ),
    "escalate.reason": Entry(
        _in_stage(Stage.ASSIGNED), _escalate, _event_detail("reason"), 1000, "reason"
    ),
    "extend.reason": Entry(
        _in_stage(Stage.ASSIGNED), _extend, _event_detail("reason"), 500, "reason"
    ),
    "follow-up.note": Entry(
        _in_stage(Stage.RESOLVED), _follow_up("note"), _visit_read("note"), 1000, "note"
    ),
    "follow-up.visitor": Entry(
        _in_stage(Stage.RESOLVED), _follow_up("visitor"), _visit_read("visitor"), 50, "visitor"
    ),
    "start.note": Entry(
        _in_stage(Stage.ASSIGNED), _start_note, _event_detail("note"), moves.MAX_MOVE_NOTE
    ),
    "flag.note": Entry(_registered, _flag, _case_field("flag_note"), case_actions.MAX_FLAG_NOTE),
    "inspection.team": Entry(_template, _inspection_team, _team_read, 200, "team"),
    "inspection.note": Entry(_inspection_item, _tick_note, _tick_read, inspections.MAX_NOTE),
    "rectification.note": Entry(
        _open_rectification, _rectification_note, _rectification_read, rectifications.MAX_NOTE
    ),
    "import.facts": Entry(_nothing, _import_cell("facts"), _imported("facts"), 2000),
    # A parties cell holds several names split at 、，,/;: payloads with those are several names.
    "import.party-name": Entry(
        _nothing, _import_cell("parties"), _imported("name"), 50, separators="、，,/／;；"
    ),
}


def counts(engine: Engine) -> dict[str, int]:
    """Rows in every table: what a refused input must leave as it was."""
    with Session(engine) as session:
        return {
            table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in SQLModel.metadata.sorted_tables
        }


REFUSALS = (
    ValidationError,
    MoveRefused,
    ImportProblem,
    inspections.InspectionRefused,
    rectifications.RectificationRefused,
)


def refused_and_nothing_changed(
    entry: Entry, engine: Engine, actors: dict[str, Actor], text: str
) -> str:
    """Write `text` on a fresh target expecting a refusal; check that no table gained or lost a
    row and the target's field is as it was; return the message the user reads (under the
    field, for a form)."""
    target = entry.prepare(engine, actors)
    before = counts(engine)
    shown_before = entry.read(engine, target) if target is not None else ""
    with pytest.raises(REFUSALS) as caught:
        entry.write(engine, actors, target, text)
    assert counts(engine) == before
    if target is not None:
        assert entry.read(engine, target) == shown_before
    error = caught.value
    if isinstance(error, ValidationError):
        errors = field_errors(error)
        assert list(errors) == [entry.field], errors
        return errors[entry.field]  # type: ignore[index]
    if isinstance(error, ImportProblem):
        return "；".join(f"{p.column}：{p.message}" for p in error.problems)
    return str(error)


# The matrix: entry point × payload kind, both engines ----------------------------------------


@pytest.mark.parametrize("name", list(ENTRIES))
def test_accepted_text_is_stored_exactly(
    name: str, engine: Engine, actors: dict[str, Actor]
) -> None:
    """Kept payloads code point by code point; bidirectional controls removed."""
    entry = ENTRIES[name]
    texts_to_try = [ALL_KEPT] if entry.limit >= len(ALL_KEPT) else list(KEPT.values())
    texts_to_try = [t for t in texts_to_try if not set(t) & set(entry.separators)]
    for text in texts_to_try:
        stored = entry.store(engine, actors, text)
        assert stored == text, f"{name}: stored {stored!r}, typed {text!r}"
        assert [ord(c) for c in stored] == [ord(c) for c in text]
    assert "cases" in counts(engine)  # the table is still there: '; DROP TABLE... dropped nothing
    assert entry.store(engine, actors, RTL) == RTL_STORED


@pytest.mark.parametrize("name", list(ENTRIES))
def test_refused_text_gets_a_message_and_changes_nothing(
    name: str, engine: Engine, actors: dict[str, Actor]
) -> None:
    """NUL: the control-character message; 1 MB: the field's length limit."""
    entry = ENTRIES[name]
    message = refused_and_nothing_changed(entry, engine, actors, CONTROL)
    assert texts.V_CONTROL_CHAR in message
    message = refused_and_nothing_changed(entry, engine, actors, HUGE)
    assert texts.V_TOO_LONG.format(max=entry.limit) in message


# The form models alone (no database: a refused form never opens a write session) --------------


def _form(**changes: object) -> object:
    return form(1, **changes)


@pytest.mark.parametrize("control", OTHER_CONTROLS)
def test_every_control_character_is_refused_not_only_nul(control: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _form(facts=f"纠{control}纷")
    assert field_errors(caught.value) == {"facts": texts.V_CONTROL_CHAR}


def test_tabs_and_line_breaks_are_text() -> None:
    assert _form(facts=ORDINARY_WHITESPACE).facts == ORDINARY_WHITESPACE  # type: ignore[attr-defined]


def _daily_report(text: str) -> object:
    from db.reports.daily import ReportCreate

    return ReportCreate(day=date(2026, 3, 2), zero=True, note=text)


def _campaign(text: str) -> object:
    from db.reports.campaigns import CampaignCreate

    phase = {"name": text, "starts_on": date(2026, 3, 1), "ends_on": date(2026, 3, 9)}
    return CampaignCreate(
        name=text, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31), phases=[phase],
        unit_ids=[1],
    )  # fmt: skip


def _decision(text: str) -> object:
    from db.reports.weekly import Decision

    return Decision(case_id=1, note=text)


@pytest.mark.parametrize("make", [_daily_report, _campaign, _decision])
def test_the_report_campaign_and_meeting_forms_refuse_nul_and_strip_overrides(make) -> None:  # type: ignore[no-untyped-def]
    """A daily report's note, a campaign's and its phase's names, a meeting's decision: NUL gets
    the field's message (PostgreSQL could not store it) and an override character is dropped."""
    with pytest.raises(ValidationError) as caught:
        make(CONTROL)
    assert texts.V_CONTROL_CHAR in field_errors(caught.value).values()
    kept = make(RTL)
    texts_kept = [v for v in kept.model_dump().values() if isinstance(v, str)]  # type: ignore[attr-defined]
    assert texts_kept and all(v == RTL_STORED for v in texts_kept)


# Numbers and dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"people_involved": -1}, "people_involved", texts.V_NEGATIVE),
        ({"people_involved": 10**12}, "people_involved", texts.V_TOO_LARGE.format(max=100_000)),
        ({"people_involved": "2.5"}, "people_involved", texts.V_NOT_INTEGER),
        ({"amount_yuan": "-0.01"}, "amount_yuan", texts.V_NEGATIVE),
        ({"amount_yuan": "1e30"}, "amount_yuan", texts.V_TOO_LARGE.format(max=10**10)),
        ({"amount_yuan": "NaN"}, "amount_yuan", texts.V_NOT_NUMBER),
        ({"amount_yuan": "Infinity"}, "amount_yuan", texts.V_NOT_NUMBER),
        ({"amount_yuan": "1.001"}, "amount_yuan", texts.V_MONEY_CENTS),
        ({"found_on": date(1, 1, 1)}, "found_on", "EARLY"),
        ({"found_on": date(1899, 12, 31)}, "found_on", "EARLY"),
        ({"found_on": date(9999, 12, 31)}, "found_on", texts.V_FUTURE_DATE),
        ({"found_on": "tomorrow"}, "found_on", texts.V_FUTURE_DATE),
        ({"found_on": "0000-01-01"}, "found_on", texts.V_BAD_DATE),
    ],
)
def test_out_of_range_numbers_and_dates_get_their_field_message(
    changes: dict[str, object], field: str, message: str
) -> None:
    if changes.get("found_on") == "tomorrow":
        changes = {"found_on": local_today() + timedelta(days=1)}
    if message == "EARLY":
        message = texts.V_DATE_TOO_EARLY.format(earliest=EARLIEST_DATE.isoformat())
    with pytest.raises(ValidationError) as caught:
        _form(**changes)
    assert field_errors(caught.value) == {field: message}


def test_the_earliest_date_and_the_largest_numbers_are_accepted(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case = register_case(
        engine,
        actors["coordinator"],
        unit_id(engine, "QSZ01"),
        found_on=EARLIEST_DATE,
        people_involved=100_000,
        amount_yuan=Decimal("10000000000"),
    )
    stored = current(engine, case.id)
    assert (stored.found_on, stored.people_involved, stored.amount_fen) == (
        EARLIEST_DATE,
        100_000,
        10**12,
    )


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (date(9999, 12, 31), texts.V_DEADLINE_TOO_FAR.format(days=MAX_DEADLINE_DAYS)),
        (date(1, 1, 1), texts.E_DEADLINE_PAST),
    ],
)
def test_deadlines_out_of_range_are_refused(
    deadline: date, message: str, engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    before = counts(engine)
    with pytest.raises((ValidationError, MoveRefused)) as caught:
        the_plan = plan(unit_id(engine, "QSZ01"), actors["mediator"].id).model_dump()
        the_plan["deadline"] = deadline
        act(
            engine,
            moves.assign,
            actor=actors["coordinator"],
            case_id=case_id,
            plan=AssignPlan.model_validate(the_plan),
        )
    error = caught.value
    shown = (
        field_errors(error).get("deadline") if isinstance(error, ValidationError) else str(error)
    )
    assert shown == message
    assert counts(engine) == before
    assert current(engine, case_id).stage == Stage.REGISTERED


def test_an_extension_to_year_9999_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Extension.model_validate({"new_deadline": date(9999, 12, 31), "reason": "无限期"})
    assert field_errors(caught.value) == {
        "new_deadline": texts.V_DEADLINE_TOO_FAR.format(days=MAX_DEADLINE_DAYS)
    }


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"排查日期": "0001-01-01"}, "排查日期", "EARLY"),
        ({"排查日期": "1899-12-31"}, "排查日期", "EARLY"),
        ({"排查日期": "9999-12-31"}, "排查日期", texts.V_FUTURE_DATE),
        ({"涉及金额（元）": "-500"}, "涉及金额（元）", texts.V_NEGATIVE),
        ({"涉及金额（元）": "1e30"}, "涉及金额（元）", texts.V_TOO_LARGE.format(max="10000000000")),
        ({"涉及人数": "-3"}, "涉及人数", texts.V_NOT_INTEGER),
        ({"涉及人数": "99999999"}, "涉及人数", texts.V_NOT_INTEGER),
    ],
)
def test_import_cells_out_of_range_are_reported_and_nothing_is_written(
    cells: dict[str, object],
    column: str,
    message: str,
    engine: Engine,
    actors: dict[str, Actor],
    tmp_path: Path,
) -> None:
    if message == "EARLY":
        message = texts.V_DATE_TOO_EARLY.format(earliest=EARLIEST_DATE.isoformat())
    path = ledger_file(tmp_path / "台账.xlsx", [good_row(1, **cells)])
    the_plan = plan_for(engine, actors["coordinator"], path)
    problems = [(p.column, p.message) for p in the_plan.problems if p.error]
    assert problems == [(column, message)]
    before = counts(engine)
    with pytest.raises(Exception):  # noqa: B017 - any refusal; what matters is below
        do_import(engine, actors["coordinator"], the_plan)
    assert counts(engine) == before


def test_an_imported_number_with_markup_is_replaced_by_a_new_one(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    """A ledger's own number is shown in titles and links: markup in it is not kept."""
    rows = [
        good_row(1, **{"编号": "[x](javascript:alert(1))"}),
        good_row(2, **{"编号": "青石调〔2026〕12号"}),
    ]
    the_plan = plan_for(engine, actors["coordinator"], ledger_file(tmp_path / "台账.xlsx", rows))
    assert [(p.column, p.message, p.error) for p in the_plan.problems] == [
        ("编号", texts.IMP_NUMBER_ODD, False)
    ]
    numbers = do_import(engine, actors["coordinator"], the_plan).numbers
    assert numbers[1] == "青石调〔2026〕12号"
    assert numbers[0].startswith("QSZ-") and "javascript" not in numbers[0]


@pytest.mark.parametrize("village", ["[东河](javascript:alert(1))", "<b>新村</b>", "**新村**"])
def test_a_new_village_named_with_markup_is_not_made(
    village: str, engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    """Unit names are shown in captions and the sidebar: an import does not make one with
    markup in it, even when asked to make missing villages."""
    path = ledger_file(tmp_path / "台账.xlsx", [good_row(1, **{"所属村（社区）": village})])
    the_plan = plan_for(engine, actors["admin"], path, create_missing_units=True)
    assert the_plan.create_missing_units
    assert [(p.column, p.message) for p in the_plan.problems if p.error] == [
        ("所属村（社区）", texts.IMP_UNIT_NAME_ODD)
    ]
    assert the_plan.missing_units == []


# Ids from URLs and another unit's case -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("42", 42),
        ("2147483647", 2**31 - 1),
        ("", None),
        ("0", None),
        ("-1", None),
        ("2147483648", None),
        ("9" * 40, None),
        ("1e3", None),
        ("4 2", None),
        ("²", None),  # "²".isdigit() is True, int("²") fails
        ("١٢", None),  # Arabic-Indic digits: int() would read 12
        ("１２", None),  # full-width digits
        ("42;DROP TABLE cases", None),
        ("<script>", None),
    ],
)
def test_an_id_from_a_url_is_plain_digits_in_range(raw: str, parsed: int | None) -> None:
    assert parse_row_id(raw) == parsed


@pytest.mark.parametrize("case_id", [0, -1, 2**31, 2**63, 10**30])
def test_a_case_id_no_row_can_have_is_not_found_not_an_error(
    case_id: int, engine: Engine, actors: dict[str, Actor]
) -> None:
    with Session(engine) as session, pytest.raises(CaseNotFound):
        ledger.get_case(session, actor=actors["coordinator"], case_id=case_id, audit_view=False)


def test_another_units_case_is_refused_audited_and_tells_nothing(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    """东河村's mediator tries 柳湾镇's case by id: to read it, to export it, to move it."""
    other = register_case(
        engine, actors["med_lwz01"], unit_id(engine, "LWZ01"), facts="柳湾镇的纠纷：秘密细节"
    )
    mediator = actors["mediator"]

    def as_a_page(service: Callable[..., object], **inputs: object) -> object:
        """The service in a write session that ends after it, as a page calls it: the audit row
        of a refusal is written once the session's transaction has ended (db.core.engine)."""
        with write_session(engine) as session:
            return service(session, **inputs)

    attempts: list[Callable[[], object]] = [
        lambda: as_a_page(ledger.get_case, actor=mediator, case_id=other.id, audit_view=True),
        lambda: act(engine, moves.start, actor=mediator, case_id=other.id),
        lambda: as_a_page(case_forms_xlsx, actor=actors["coordinator"], case_id=other.id),
    ]
    for attempt in attempts:
        before = current(engine, other.id).model_dump()
        with pytest.raises(OutOfScope) as caught:
            attempt()
        message = str(caught.value)
        assert message == texts.E_OUT_OF_SCOPE
        assert other.number not in message and "秘密" not in message
        assert current(engine, other.id).model_dump() == before
    with Session(engine) as session:
        denied = session.exec(
            select(AuditLog).where(
                AuditLog.action == AuditAction.DENIED, AuditLog.case_id == other.id
            )
        ).all()
    assert [a.user_id for a in denied] == [mediator.id, mediator.id, actors["coordinator"].id]


def test_another_units_inspection_is_refused_and_audited(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    town_supervisor = add_user(engine, "sup_lwz", "柳湾督查", Role.SUPERVISOR, "LWZ")
    inspection_id = sup.start(engine, actors["supervisor"], "QSZ01")
    with Session(engine) as session, pytest.raises(OutOfScope):
        inspections.load(session, actor=town_supervisor, inspection_id=inspection_id)
    with Session(engine) as session:
        denied = session.exec(
            select(AuditLog).where(
                AuditLog.action == AuditAction.DENIED,
                AuditLog.target == f"inspection:{inspection_id}",
            )
        ).all()
        assert [a.user_id for a in denied] == [town_supervisor.id]
    with Session(engine) as session, pytest.raises(inspections.InspectionRefused):
        inspections.load(session, actor=actors["supervisor"], inspection_id=2**40)


# Sign-in, passwords, search, the reveal reason ---------------------------------------------


@pytest.mark.parametrize("username", ["admin\x00", "\x00", "adm\x1bin", "admin\u202e"])
def test_a_username_with_control_characters_is_refused_like_a_wrong_one(
    username: str, engine: Engine, world: object
) -> None:
    with write_session(engine) as session, pytest.raises(auth.LoginRefused) as caught:
        auth.sign_in(session, username=username, password=PASSWORD, client="10.0.0.9")
    assert str(caught.value) == str(auth.LoginRefused())
    with Session(engine) as session:
        failed = session.exec(
            select(AuditLog).where(AuditLog.action == AuditAction.LOGIN_FAILED)
        ).all()
        assert len(failed) == 1 and "\x00" not in (failed[0].username or "")


@pytest.mark.parametrize(
    "new",
    [
        "𠮷𰻞👨‍👩‍👧‍👦口令一二三",
        "pass\u202eword 99",
        "<script>alert(1)</script>",
        "'; DROP TABLE users; --",
    ],
)
def test_a_password_is_kept_exactly_as_typed(
    new: str, engine: Engine, actors: dict[str, Actor]
) -> None:
    with write_session(engine) as session:
        auth.change_password(
            session, actor=actors["mediator"], current=PASSWORD, new=new, repeat=new
        )
    with write_session(engine) as session:
        signed = auth.sign_in(session, username="mediator", password=new, client="10.0.0.9")
    assert signed.actor.username == "mediator"
    stripped = new.replace("\u202e", "")
    if stripped != new:  # the override is part of the password, not removed from it
        with write_session(engine) as session, pytest.raises(auth.LoginRefused):
            auth.sign_in(session, username="mediator", password=stripped, client="10.0.0.9")


def test_a_password_with_a_control_character_is_refused(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    before = counts(engine)
    new = "good\x00password"
    with write_session(engine) as session, pytest.raises(PasswordRefused) as caught:
        auth.change_password(
            session, actor=actors["mediator"], current=PASSWORD, new=new, repeat=new
        )
    assert str(caught.value) == texts.V_CONTROL_CHAR
    assert counts(engine) == before


@pytest.mark.parametrize("term", [CONTROL, RTL, KEPT["sql"], KEPT["script"], "%", "_", HUGE])
def test_the_ledger_search_takes_any_text(
    term: str, engine: Engine, actors: dict[str, Actor]
) -> None:
    register_case(engine, actors["coordinator"], unit_id(engine, "QSZ01"))
    with Session(engine) as session:
        page = ledger.list_cases(
            session, actor=actors["coordinator"], filters=LedgerFilter(search=term)
        )
    assert page.total == 0  # no party is called that; and nothing failed


def test_the_ledger_search_finds_a_sql_looking_name_literally(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    parties = [{"role": "applicant", "name": KEPT["sql"]}, {"role": "respondent", "name": "𠮷田"}]
    made = register_case(engine, actors["coordinator"], unit_id(engine, "QSZ01"), parties=parties)
    register_case(engine, actors["coordinator"], unit_id(engine, "QSZ01"))
    for term in (KEPT["sql"], "DROP TABLE", "𠮷田"):
        with Session(engine) as session:
            page = ledger.list_cases(
                session, actor=actors["coordinator"], filters=LedgerFilter(search=term)
            )
        assert [r.id for r in page.rows] == [made.id], term
    assert counts(engine)["cases"] == 2


@pytest.mark.parametrize(
    ("reason", "message"),
    [(CONTROL, texts.V_CONTROL_CHAR), (HUGE, texts.V_TOO_LONG.format(max=200))],
)
def test_a_bad_reveal_reason_is_refused_and_reveals_nothing(
    reason: str, message: str, engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    before = counts(engine)
    with write_session(engine) as session, pytest.raises(Refused) as caught:
        ledger.get_case(
            session,
            actor=actors["coordinator"],
            case_id=case_id,
            reveal_reason=reason,
            audit_view=False,
        )
    assert str(caught.value) == message
    with write_session(engine) as session, pytest.raises(Refused):
        ledger_xlsx(
            session, actor=actors["coordinator"], filters=LedgerFilter(), reveal_reason=reason
        )
    assert counts(engine) == before


# Shown exactly: the case as read back, the ledger row, both exports ---------------------------


def test_payloads_come_back_exactly_in_the_case_the_ledger_and_the_exports(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    names = [KEPT["rare-cjk"], KEPT["emoji"], KEPT["markdown-link"]]
    parties = [
        {"role": "applicant", "name": names[0], "address": KEPT["script"]},
        {"role": "respondent", "name": names[1]},
        {"role": "other", "name": names[2]},
    ]
    made = register_case(
        engine, coordinator, unit_id(engine, "QSZ01"), facts=ALL_KEPT, parties=parties
    )
    with write_session(engine) as session:
        detail = ledger.get_case(session, actor=coordinator, case_id=made.id)
        rows = ledger.list_cases(session, actor=coordinator, filters=LedgerFilter()).rows
        book = load_workbook(
            BytesIO(ledger_xlsx(session, actor=coordinator, filters=LedgerFilter())), read_only=True
        )
        forms = load_workbook(
            BytesIO(case_forms_xlsx(session, actor=coordinator, case_id=made.id)), read_only=True
        )
    assert detail.facts == ALL_KEPT
    assert [p.name for p in detail.parties] == names
    assert detail.parties[0].address == KEPT["script"]
    [row] = [r for r in rows if r.id == made.id]
    assert row.facts == ALL_KEPT
    assert all(name in row.parties for name in names)
    ledger_cells = {c for r in book.worksheets[0].iter_rows(values_only=True) for c in r if c}
    assert ALL_KEPT in ledger_cells
    assert any(isinstance(c, str) and all(n in c for n in names) for c in ledger_cells)
    form_cells = {
        c for sheet in forms.worksheets for r in sheet.iter_rows(values_only=True) for c in r if c
    }
    assert ALL_KEPT in form_cells
    assert all(any(isinstance(c, str) and n in c for c in form_cells) for n in names)
