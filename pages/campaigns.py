"""专项活动: admins define campaigns; readers follow the phase, progress against the targets
and the units furthest behind, in their own scope."""

import streamlit as st

from components import campaign_view
from components.session import require_user
from db import texts
from db.core.engine import read_session
from db.core.permissions import Permission, allows
from db.reports import campaigns

actor = require_user("campaigns")
st.title(texts.PAGE_CAMPAIGNS)

if allows(actor.role, Permission.MANAGE_CAMPAIGNS):
    campaign_view.create_form(actor)
with read_session() as session:
    items = campaigns.list_campaigns(session, actor=actor)
if not items:
    st.info(texts.CAMPAIGN_NONE)
    st.stop()

chosen = st.selectbox(
    texts.CAMPAIGN_CHOOSE, items, format_func=lambda c: c.name, key="campaigns-choose"
)
campaign_view.plan(chosen)
# Admins define campaigns but do not read cases: the figures are for the readers of cases.
if allows(actor.role, Permission.READ_CASES):
    campaign_view.progress(actor, chosen)
