"""每日报告: a unit's daily report (or zero report) for its own unit, and the view of who
reported, who zero-reported and who is missing in the reader's scope, with the reporting rate."""

import streamlit as st

from components import reports_view
from components.session import require_user
from db import texts
from db.core.engine import read_session
from db.reports import daily as reports

actor = require_user("reports")
st.title(texts.PAGE_REPORTS)

with read_session() as session:
    own_unit_reports = reports.may_submit(session, actor)
if own_unit_reports:
    reports_view.submit_section(actor)
    st.divider()
reports_view.town_view(actor)
