"""The monthly 领导接访下访情况登记表 of a unit: its counts on screen and, for those who may
export, the printable workbook (db.io.exports.receptions: role check, audit) handed to this
session only (components.delivery). The dashboard's table of receptions per leader this month
reads the same definition (db.receptions.counts)."""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.delivery import XLSX, download_link
from components.reception_list import month_picker
from components.refusals import refusal_shown
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.core.units import unit_label, units_in_scope
from db.io.delivery import Offer
from db.io.exports.receptions import reception_report_xlsx
from db.receptions.counts import ReceptionCount, month_bounds, monthly_report


def _frame(rows: list[ReceptionCount]) -> pd.DataFrame:
    C = texts.RC_COLUMNS
    return pd.DataFrame(
        {
            C[0]: [r.leader or texts.RC_TOTAL for r in rows],
            C[1]: [texts.label(r.kind) if r.kind else "" for r in rows],
            C[2]: [r.receptions for r in rows],
            C[3]: [r.visitors for r in rows],
            C[4]: [r.cases for r in rows],
            C[5]: [r.opened for r in rows],
            C[6]: [r.moved for r in rows],
        }
    )


def monthly_report_view(actor: Actor) -> None:
    year, month = month_picker("receptions-report")
    with read_session() as session:
        units = {u.id: u for u in units_in_scope(session, actor)}
    unit_id = st.selectbox(
        texts.RECEPTION_FIELDS["unit_id"], list(units), format_func=lambda i: unit_label(units[i]),
        key="receptions-report-unit",
    )  # fmt: skip
    with refusal_shown() as refused, read_session() as session:
        report = monthly_report(session, actor, year=year, month=month, unit_id=unit_id)
    if refused:
        return
    st.markdown(f"**{texts.RC_TITLE}**")
    st.caption(
        texts.RC_UNIT.format(unit=report.unit)
        + "　"
        + texts.RC_MONTH.format(year=year, month=month)
    )
    st.dataframe(
        _frame([*report.rows, report.total]), hide_index=True, width="stretch",
        key="receptions-report-table",
    )  # fmt: skip
    st.caption(texts.RC_DEFINITION)
    if not allows(actor.role, Permission.EXPORT):
        return
    if not st.button(texts.RECEPTION_REPORT_MAKE, key="receptions-report-make"):
        return
    with refusal_shown() as refused, write_session() as session:
        data = reception_report_xlsx(session, actor=actor, report=report)
    if refused:
        return
    names = {"unit": report.unit, "year": year, "month": month}
    offer = Offer(
        what="reception_report",
        file_name=texts.RC_FILE.format(**names),
        mime=XLSX,
        scope=texts.RC_AUDIT.format(**names),
    )
    download_link(
        actor, texts.EXPORT_DOWNLOAD, key="receptions-report-download", offer=offer, data=data
    )


def leaders_this_month(
    actor: Actor, unit_id: int | None, *, read: Callable[..., list[ReceptionCount]]
) -> None:
    """The dashboard's table: receptions per leader this month at the unit shown, with the
    visitors, the cases opened from them and the cases moved since (`read`: the dashboard's
    cached reception_counts, components.dashboard_reads)."""
    if not allows(actor.role, Permission.READ_RECEPTIONS):
        return
    today = local_today()
    start, end = month_bounds(today.year, today.month)
    with refusal_shown() as refused:
        rows = read(actor, start, end, unit_id)
    if refused:
        return
    with st.container(border=True, key="dashboard-receptions"):
        st.markdown(f"**{texts.RECEPTION_DASH_TITLE}**")
        if not rows:
            st.caption(texts.RECEPTION_DASH_EMPTY)
            return
        frame = _frame(rows).drop(columns=[texts.RC_COLUMNS[1]])
        st.dataframe(frame, hide_index=True, width="stretch", key="dashboard-receptions-table")
        st.caption(texts.RECEPTION_DASH_CAPTION)
