"""人民调解统计表 on the dashboard: a monthly, quarterly or annual return for the unit the
dashboard shows, made by db.io.exports.mediation_return (role check, audit) and handed to this
session only (components.delivery)."""

import streamlit as st

from components.delivery import XLSX, download_link
from components.refusals import refusal_shown
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import Permission, allows
from db.figures.mediation_return import mediation_return, return_period
from db.io.delivery import Offer
from db.io.exports.mediation_return import mediation_return_xlsx


def mediation_return_offer(actor: Actor, unit_id: int | None, unit_name: str) -> None:
    """For those who may export: the period's controls, a button that makes the workbook and
    the link to download it."""
    if not allows(actor.role, Permission.EXPORT):
        return
    today = local_today()
    with st.expander(texts.MR_HEADER):
        kind = st.radio(
            texts.MR_KIND,
            list(texts.MR_KINDS),
            format_func=texts.MR_KINDS.get,
            horizontal=True,
            key="dashboard-mr-kind",
        )
        year = st.number_input(
            texts.MR_YEAR,
            min_value=2000,
            max_value=today.year,
            value=today.year,
            step=1,
            key="dashboard-mr-year",
        )
        number = 1
        if kind != "year":
            last = 12 if kind == "month" else 4
            now = today.month if kind == "month" else (today.month + 2) // 3
            number = st.number_input(
                texts.MR_NUMBER, 1, last, value=now, step=1, key=f"dashboard-mr-{kind}"
            )
        start, end = return_period(kind, int(year), int(number))
        st.caption(texts.MR_PERIOD.format(start=start, end=end) + "　" + texts.MR_DEFINITION)
        if not st.button(texts.MR_MAKE, key="dashboard-mr-make"):
            return
        with refusal_shown() as refused, write_session() as session:
            report = mediation_return(session, actor, start=start, end=end, unit_id=unit_id)
            data = mediation_return_xlsx(session, actor=actor, report=report)
        if refused:
            return
        offer = Offer(
            what="mediation_return",
            file_name=texts.MR_FILE.format(unit=unit_name, start=start, end=end),
            mime=XLSX,
            scope=texts.MR_AUDIT.format(unit=unit_name, start=start, end=end),
        )
        download_link(
            actor, texts.EXPORT_DOWNLOAD, key="dashboard-mr-download", offer=offer, data=data
        )
