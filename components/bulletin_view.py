"""The supervision bulletin (督查通报) for a chosen period: ranking, praised and criticised units,
rectifications not yet closed; downloadable as a printable workbook."""

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components.delivery import XLSX, download_link
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.io.delivery import Offer
from db.io.exports import bulletin as bulletin_export
from db.supervision import bulletin
from db.supervision.bulletin import Bulletin


def bulletin_tab(
    actor: Actor, *, read: Callable[[Actor, date, date], Bulletin] | None = None
) -> None:
    """The bulletin of a period; `read`: the dashboard's cached reading (live elsewhere)."""
    today = local_today()
    left, right = st.columns(2)
    start = left.date_input(
        texts.SUP_PERIOD_FROM,
        value=date(today.year, today.month, 1) - timedelta(days=31),
        key="bulletin-from",
        format="YYYY-MM-DD",
    )
    end = right.date_input(texts.SUP_PERIOD_TO, value=today, key="bulletin-to", format="YYYY-MM-DD")
    if read is not None:
        report = read(actor, start, end)
    else:
        with read_session() as session:
            report = bulletin.bulletin(session, actor=actor, start=start, end=end)
    st.subheader(texts.SUP_BULLETIN_TITLE.format(start=start, end=end))
    if not report.ranking:
        st.info(texts.SUP_BULLETIN_EMPTY)
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    (
                        u.rank,
                        u.unit_name,
                        u.inspections,
                        round(u.score * 100, 1),
                        texts.label(u.conclusion),
                    )
                    for u in report.ranking
                ],
                columns=list(texts.SUP_RANKING_COLUMNS),
            ),
            hide_index=True,
            key="bulletin-ranking",
        )
    st.text(f"{texts.SUP_PRAISED}：{'、'.join(report.praised) or texts.SUP_NONE}")
    st.text(f"{texts.SUP_CRITICISED}：{'、'.join(report.criticised) or texts.SUP_NONE}")
    st.markdown(
        "**"
        + texts.SUP_BULLETIN_RECTS.format(count=len(report.rectifications), overdue=report.overdue)
        + "**"
    )
    if report.rectifications:
        st.dataframe(
            pd.DataFrame(
                [
                    (
                        r.unit_name,
                        r.requirement,
                        r.deadline,
                        texts.label(r.status),
                        texts.YES if r.overdue else "",
                    )
                    for r in report.rectifications
                ],
                columns=list(texts.SUP_RECT_COLUMNS),
            ),
            hide_index=True,
            key="bulletin-rects",
        )
    if st.button(texts.EXPORT_MAKE, key="bulletin-make"):
        with write_session() as session:  # the export is audited
            data = bulletin_export.bulletin_xlsx(session, actor=actor, report=report)
        offer = Offer(
            what="bulletin",
            file_name=f"督查通报-{start}-{end}.xlsx",
            mime=XLSX,
            scope=texts.SUP_AUDIT_BULLETIN.format(start=start, end=end),
        )
        st.session_state["bulletin-file"] = offer, data
    if made := st.session_state.get("bulletin-file"):
        offer, data = made
        download_link(
            actor, texts.SUP_BULLETIN_DOWNLOAD, key="bulletin-download", offer=offer, data=data
        )
