"""The dashboard's current view as one printable page (xlsx): the headline figures, the units
one level down, the categories and the overdue cases by person, the trend chart when given, the
filters in force and the definitions. Pure: figures in, bytes out; no Streamlit here."""

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from components.dashboard_workbook import definitions_of_the_figures
from db import texts
from db.dashboard.figures import Supervision
from db.figures.headline import HeadlineFigure
from db.figures.metrics import Summary
from db.io.exports.common import formulas_as_text

TOP = 10  # rows per table: one page holds the ten largest
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def headline_rows(
    summary: Summary, supervision: Supervision | None, plan: Sequence[HeadlineFigure] = ()
) -> list[tuple[str, object]]:
    """The headline figures as the page shows them (label, value): the plans' figures first
    (db.figures.headline), then the counts; rates as text, "—" when a rate has nothing to
    count."""
    days = summary.median_days_to_resolve
    C = texts.CHART
    more: list[tuple[str, object]] = []
    if supervision is not None:
        score = supervision.score
        more = [
            (texts.DASH_SUPERVISION_SCORE, "—" if score is None else round(score * 100, 1)),
            (texts.DASH_RECTIFICATIONS_OPEN, supervision.open_rectifications),
            (texts.DASH_RECTIFICATIONS_OVERDUE, supervision.overdue_rectifications),
        ]
    return [
        *((texts.FIGURE_NAMES[h.figure], _pct(h.value)) for h in plan),
        (C["registered"], summary.registered),
        (C["open"], summary.open),
        (C["resolved"], summary.resolved),
        (texts.DASH_ON_TIME, _pct(summary.on_time_rate)),
        (C["overdue"], summary.overdue),
        (texts.DASH_REOPENED, summary.reopened),
        (texts.DASH_REFERRED, summary.referred),
        (texts.DASH_MEDIAN, "—" if days is None else round(days, 1)),
        *more,
    ]


def _text(sheet: Worksheet, row: int, column: int, value: object, **style: object) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)


def _table(sheet: Worksheet, row: int, title: str, head: list[str], rows: list[list]) -> int:
    """A titled, boxed table from `row`; returns the first free row after it."""
    _text(sheet, row, 1, title, font=Font(bold=True, size=12))
    row += 1
    for column, name in enumerate(head, start=1):
        _text(sheet, row, column, name, font=Font(bold=True), border=BOX)
    for values in rows:
        row += 1
        for column, value in enumerate(values, start=1):
            _text(sheet, row, column, value, border=BOX)
    return row + 2


def _records(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].head(TOP).values.tolist() if not frame.empty else []


def one_page(
    summary: Summary,
    frames: dict[str, pd.DataFrame],
    *,
    in_force: str,
    read_at: str,
    trend_png: bytes | None = None,
) -> bytes:
    """The workbook: one A4 sheet, fitted to one page when printed. `frames` are the page's
    labelled figures (components.dashboard_view.labelled)."""
    book = Workbook()
    sheet = book.active
    sheet.title = texts.SUMMARY_TITLE[:31]
    C = texts.CHART
    _text(sheet, 1, 1, texts.SUMMARY_TITLE, font=Font(bold=True, size=16))
    _text(sheet, 2, 1, texts.SUMMARY_IN_FORCE.format(in_force=in_force))
    _text(sheet, 3, 1, texts.SUMMARY_READ_AT.format(when=read_at))
    head = [texts.SUMMARY_FIGURE, texts.SUMMARY_VALUE]
    row = _table(
        sheet,
        5,
        texts.SUMMARY_HEADLINE,
        head,
        [
            list(r)
            for r in headline_rows(summary, frames.get("supervision"), frames.get("headline", []))
        ],
    )
    top = texts.SUMMARY_TOP.format(n=TOP)
    unit_head = [texts.SUMMARY_UNIT, C["registered"], C["resolved"], C["open"], C["overdue"]]
    unit_rows = _records(frames["unit"], ["unit", "registered", "resolved", "open", "overdue"])
    if unit_rows:
        row = _table(sheet, row, texts.DASH_CHARTS["unit"] + top, unit_head, unit_rows)
    category_rows = _records(frames["category"], ["category", "registered", "resolved", "open"])
    category_head = [texts.SUMMARY_CATEGORY, C["registered"], C["resolved"], C["open"]]
    row = _table(sheet, row, texts.DASH_CHARTS["category"] + top, category_head, category_rows)
    person_rows = _records(frames["overdue_person"], ["person", "overdue"])
    if person_rows:
        person_head = [texts.SUMMARY_PERSON, C["overdue"]]
        row = _table(
            sheet, row, texts.DASH_CHARTS["overdue_person"] + top, person_head, person_rows
        )
    if trend_png is not None:
        _text(sheet, row, 1, texts.DASH_CHARTS["trend"], font=Font(bold=True, size=12))
        image = Image(io.BytesIO(trend_png))
        image.width, image.height = 640, round(640 * image.height / image.width)
        sheet.add_image(image, f"A{row + 1}")
        row += 2 + image.height // 20  # rows of the default height the picture covers
    _text(sheet, row, 1, texts.SUMMARY_DEFINITIONS, font=Font(bold=True))
    for line in definitions_of_the_figures():
        row += 1
        _text(sheet, row, 1, line, alignment=Alignment(wrap_text=False))
    sheet.column_dimensions["A"].width = 30
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 12
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth, setup.fitToHeight = 1, 1
    sheet.print_area = f"A1:E{row}"
    formulas_as_text(sheet)  # unit or person names that look like formulas stay text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
