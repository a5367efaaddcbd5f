"""The desk's lists drawn alike (issue 21): a bordered box with the title and the whole count,
the first lines each a link that opens its case in the same tab, and "全部 n 件" to the page
that shows them all."""

from collections.abc import Callable

import streamlit as st

from components.forms import literal
from db import texts
from db.dashboard.desk import DeskLine, DeskList
from db.dashboard.desk_tasks import TaskList

INSPECTIONS = "pages/inspections.py"
RECTIFICATIONS = "pages/rectifications.py"
More = tuple[str, dict[str, str]]  # the page that lists them all, and its query parameters


def box(title: str, total: int, *, key: str):  # type: ignore[no-untyped-def]
    """A bordered box keyed home-<key>, titled with the count."""
    holder = st.container(border=True, key=f"home-{key}")
    holder.subheader(f"{title}（{total}）")
    return holder


def case_lines(
    title: str,
    data: DeskList,
    *,
    key: str,
    label: Callable[[DeskLine], str],
    more: More | None = None,
) -> None:
    with box(title, data.total, key=key):
        if not data.lines:
            st.caption(texts.DESK_NONE)
        for line in data.lines:
            st.page_link("pages/case.py", label=label(line), query_params={"id": str(line.id)})
        all_link(data.total, more)


def all_link(total: int, more: More | None) -> None:
    if more is not None and total:
        page, params = more
        st.page_link(page, label=texts.DESK_ALL.format(count=total), query_params=params)


def left(line: DeskLine) -> str:
    """The deadline as a mediator reads it: days left, due today, or days overdue."""
    if line.deadline is None or line.days is None:
        return texts.DESK_NO_DEADLINE
    if line.days < 0:
        return texts.DESK_DAYS_OVER.format(days=-line.days, deadline=line.deadline.isoformat())
    if line.days == 0:
        return texts.DESK_DUE_TODAY
    return texts.DESK_DAYS_LEFT.format(days=line.days, deadline=line.deadline.isoformat())


def progress(line: DeskLine) -> str:
    """Number, unit, stage and deadline of an open case (the texts are the user's: literal)."""
    return texts.DESK_CASE_LINE.format(
        number=line.number, unit=literal(line.unit), stage=texts.label(line.stage), left=left(line)
    )


def rectification_lines(
    title: str, data: TaskList, *, key: str, by_inspection: bool = False
) -> None:
    """Rectifications, each a link: to the inspection that ordered it (a supervisor's), or to the
    rectifications page, which lists the units' own (a coordinator's)."""
    with box(title, data.total, key=key):
        if not data.lines:
            st.caption(texts.DESK_NONE)
        for line in data.lines:
            mark = texts.DESK_RECT_OVERDUE if line.overdue else ""
            label = mark + texts.DESK_RECT_LINE.format(
                unit=literal(line.unit), deadline=line.day.isoformat(), text=literal(line.text[:40])
            )
            if by_inspection:
                st.page_link(INSPECTIONS, label=label, query_params={"id": str(line.inspection_id)})
            else:
                st.page_link(RECTIFICATIONS, label=label)
        if data.total and not by_inspection:
            st.page_link(RECTIFICATIONS, label=texts.DESK_GO_RECTIFICATIONS)
