"""The dashboard's "本页数据" workbook as an office hands it on: a first sheet with the headline
figures, the filters in force and the definitions; one sheet per figure with Chinese headers,
rates as percentages and periods as real dates. Pure: figures in, bytes out; no Streamlit."""

import io
from collections.abc import Sequence
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from components.chart_export import sheet_name
from db import texts
from db.dashboard.figures import Supervision
from db.figures.headline import ORDER, HeadlineFigure
from db.figures.metrics import Summary
from db.io.exports.common import formulas_as_text

PERCENT = "0.0%"
DAY = "yyyy-mm-dd"
RATES = {"rate", "share"}
DATES = {"period"}


def headline_values(
    summary: Summary, supervision: Supervision | None, plan: Sequence[HeadlineFigure]
) -> list[tuple[str, object, str | None]]:
    """(label, value, number format): the plans' figures first (db.figures.headline: 化解率,
    调解成功率, 及时上报率, 日报报送率, 满意率, as the page shows them), then the counts; rates
    as fractions shown as percentages, None when a rate has nothing to count (the cell stays
    empty)."""
    C = texts.CHART
    days = summary.median_days_to_resolve
    rows: list[tuple[str, object, str | None]] = [
        (texts.FIGURE_NAMES[h.figure], h.value, PERCENT) for h in plan
    ]
    rows += [
        (C["registered"], summary.registered, None),
        (C["open"], summary.open, None),
        (C["resolved"], summary.resolved, None),
        (texts.DASH_ON_TIME, summary.on_time_rate, PERCENT),
        (C["overdue"], summary.overdue, None),
        (texts.DASH_REOPENED, summary.reopened, None),
        (texts.DASH_REFERRED, summary.referred, None),
        (texts.DASH_MEDIAN, None if days is None else round(days, 1), "0.0"),
    ]
    if supervision is not None:
        score = supervision.score
        rows += [
            (texts.DASH_SUPERVISION_SCORE, None if score is None else round(score * 100, 1), "0.0"),
            (texts.DASH_RECTIFICATIONS_OPEN, supervision.open_rectifications, None),
            (texts.DASH_RECTIFICATIONS_OVERDUE, supervision.overdue_rectifications, None),
        ]
    return rows


def definitions_of_the_figures() -> list[str]:
    """The headline's definitions as the offices word them, for the files handed on."""
    plans = [texts.HL_DEFINITIONS[figure] for figure in ORDER]
    return [*plans, texts.DEF_ON_TIME, texts.DEF_OVERDUE, texts.DEF_MEDIAN]


def _bold(sheet: Worksheet, row: int, column: int, value: object) -> None:
    sheet.cell(row=row, column=column, value=value).font = Font(bold=True)


def _first_sheet(
    sheet: Worksheet,
    headline: list[tuple[str, object, str | None]],
    *,
    in_force: str,
    read_at: str,
    definitions: list[str],
) -> None:
    sheet.title = texts.HANDOVER_FIRST_SHEET
    sheet.cell(row=1, column=1, value=texts.PAGE_DASHBOARD).font = Font(bold=True, size=14)
    _bold(sheet, 2, 1, texts.HANDOVER_FILTERS)
    sheet.cell(row=2, column=2, value=in_force)
    _bold(sheet, 3, 1, texts.HANDOVER_READ_AT)
    sheet.cell(row=3, column=2, value=read_at)
    sheet.cell(row=5, column=1, value=texts.HANDOVER_HEADLINE).font = Font(bold=True, size=12)
    _bold(sheet, 6, 1, texts.HANDOVER_FIGURE)
    _bold(sheet, 6, 2, texts.HANDOVER_VALUE)
    row = 6
    for label, value, number_format in headline:
        row += 1
        sheet.cell(row=row, column=1, value=label)
        cell = sheet.cell(row=row, column=2, value=value)
        if number_format:
            cell.number_format = number_format
    row += 2
    _bold(sheet, row, 1, texts.HANDOVER_DEFINITIONS)
    for line in definitions:
        row += 1
        sheet.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=False)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 40


def _as_date(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _figure_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    columns = [c for c in frame.columns if c in texts.HANDOVER_COLUMNS]
    for column, name in enumerate(columns, start=1):
        _bold(sheet, 1, column, texts.HANDOVER_COLUMNS[name])
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 14
    for row, record in enumerate(frame[columns].itertuples(index=False), start=2):
        for column, (name, value) in enumerate(zip(columns, record, strict=True), start=1):
            value = None if pd.isna(value) else _as_date(value)
            if hasattr(value, "item"):  # numpy scalars to plain Python
                value = value.item()
            cell = sheet.cell(row=row, column=column, value=value)
            if name in RATES:
                cell.number_format = PERCENT
            elif name in DATES and isinstance(value, date):
                cell.number_format = DAY


def page_workbook(
    sheets: dict[str, pd.DataFrame],
    headline: list[tuple[str, object, str | None]],
    *,
    in_force: str,
    read_at: str,
    definitions: list[str],
) -> bytes:
    """`sheets`: title → labelled figure frame (components.dashboard_view.labelled);
    `in_force`: the filters as plain text (never Markdown-escaped)."""
    book = Workbook()
    _first_sheet(book.active, headline, in_force=in_force, read_at=read_at, definitions=definitions)
    for title, frame in sheets.items():
        _figure_sheet(book.create_sheet(sheet_name(title)), frame)
    for sheet in book.worksheets:
        formulas_as_text(sheet)  # unit or person names that look like formulas stay text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
