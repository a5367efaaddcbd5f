"""Importing a ledger uploaded in the app: the preview keeps nothing but what the page shows, and
the import reads the upload again. A plan of 20,000 rows is tens of MB of Python objects; kept in
a session's state it would stay until the session ends, for every user who previewed a file. So:

    shown = preview_upload(data, actor=actor, choice=choice)          # LedgerUnreadable, Refused
    result = import_upload(data, actor=actor, choice=choice, shown=shown)

`shown` (a PreviewShown: the report's lines, at most MAX_LINES, and a small table) is all the
page keeps; the uploader keeps the file itself (at most 10 MB) until it is removed. The import
checks that the file and the choices are the ones previewed and that the preview made again
finds the same; otherwise it refuses (IMP_PREVIEW_STALE) and writes nothing. The workbook is
read before any database session is opened, so no transaction or lock waits on a slow file.
"""

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import Engine

from db import texts
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.errors import Refused
from db.io.imports.apply import ImportResult, apply
from db.io.imports.headers import assign_columns
from db.io.imports.plan import ImportPlan, iter_report_lines
from db.io.imports.preview import preview
from db.io.imports.rows import column_letter
from db.io.imports.workbook import LedgerFile, read_ledger

MAX_LINES = 300  # problem lines listed on the page; the rest are counted


@dataclass(frozen=True)
class UploadChoice:
    """What the user chose beside the file."""

    filename: str
    town_code: str
    sheet: str | None = None
    mapping: tuple[tuple[str, str | None], ...] = ()  # (column in the file, field key or None)
    create_missing_units: bool = False
    renumber_taken: bool = False

    def digest(self, data: bytes) -> str:
        seen = hashlib.sha256(data)
        seen.update(repr(self).encode())
        return seen.hexdigest()


@dataclass(frozen=True)
class PreviewShown:
    """The preview as the page shows it, and what the import checks against."""

    digest: str  # the file and the choices previewed
    plan_digest: str  # what the preview found (every line of the report)
    filename: str
    sheets: list[str]
    missing: list[str]  # required fields no column took
    unmapped: list[str]  # the file's columns no field took
    lines: list[str]
    table: dict[str, list[object]] = field(default_factory=dict)  # column → values
    cases: int = 0
    importable: int = 0  # the cases of the rows without an error
    ok: bool = False
    skippable: bool = False
    # each named column: (column number from 1, letter, header, its field now, its field when the
    # user chooses nothing), for the page's choice of a field per column
    columns: list[tuple[int, str, str, str | None, str | None]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """Something to import, and no error or only errors in rows that may be left out."""
        return self.importable > 0 and (self.ok or self.skippable)


def _plan_digest(plan: ImportPlan, listed: list[str] | None = None) -> str:
    """A digest of every line of the report, read one at a time; the first MAX_LINES + 1 are
    put in `listed` when it is given."""
    seen = hashlib.sha256(f"{len(plan.cases)}".encode())
    for line in iter_report_lines(plan):
        seen.update(line.encode() + b"\n")
        if listed is not None and len(listed) <= MAX_LINES:
            listed.append(line)
    return seen.hexdigest()


def _plan(data: bytes, actor: Actor, choice: UploadChoice, engine: Engine | None):  # type: ignore[no-untyped-def]
    ledger = read_ledger(
        data, filename=choice.filename, sheet=choice.sheet, mapping=dict(choice.mapping) or None
    )
    with read_session(engine) as session:
        plan = preview(
            session,
            actor=actor,
            ledger=ledger,
            town_code=choice.town_code,
            create_missing_units=choice.create_missing_units,
            renumber_taken=choice.renumber_taken,
        )
    return ledger, plan


def _shown(digest: str, ledger: LedgerFile, plan: ImportPlan) -> PreviewShown:
    listed: list[str] = []
    digest_of_plan = _plan_digest(plan, listed)
    total = 1 + bool(plan.missing_units) + len(plan.problems)
    if total > len(listed):
        listed.append(texts.IMP_MORE_LINES.format(count=total - len(listed)))
    rows = plan.table()
    table = {name: [row[name] for row in rows] for name in (rows[0] if rows else {})}
    return PreviewShown(
        digest=digest,
        plan_digest=digest_of_plan,
        filename=ledger.filename,
        sheets=ledger.sheets,
        missing=ledger.missing,
        unmapped=ledger.unmapped,
        columns=_columns(ledger),
        lines=listed,
        table=table,
        cases=len(plan.cases),
        importable=len(plan.importable(skip_rows_in_error=True)),
        ok=plan.ok,
        skippable=plan.skippable,
    )


def _columns(ledger: LedgerFile) -> list[tuple[int, str, str, str | None, str | None]]:
    names = ledger.header_names
    now = {letter: key for letter, _name, key, _how in ledger.columns}
    auto = assign_columns(list(names), {})
    return [
        (n + 1, column_letter(n), name, now.get(column_letter(n)), auto[n][0])
        for n, name in enumerate(names)
        if name
    ]


def preview_upload(
    data: bytes, *, actor: Actor, choice: UploadChoice, engine: Engine | None = None
) -> PreviewShown:
    """Read and check the upload; what importing it would do, as the page shows it. Writes
    nothing, keeps nothing."""
    ledger, plan = _plan(data, actor, choice, engine)
    return _shown(choice.digest(data), ledger, plan)


def import_upload(
    data: bytes,
    *,
    actor: Actor,
    choice: UploadChoice,
    shown: PreviewShown,
    engine: Engine | None = None,
) -> ImportResult:
    """Import the upload previewed as `shown`: all of it when the preview found no error, else
    (the user having been shown which) all but the rows in error."""
    if choice.digest(data) != shown.digest:
        raise Refused(texts.IMP_PREVIEW_STALE)
    _ledger, plan = _plan(data, actor, choice, engine)
    if _plan_digest(plan) != shown.plan_digest:
        raise Refused(texts.IMP_PREVIEW_STALE)
    with write_session(engine) as session:
        return apply(
            session,
            actor=actor,
            plan=plan,
            filename=choice.filename,
            skip_rows_in_error=not plan.ok,
        )
