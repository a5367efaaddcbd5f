"""首页: where a signed-in user lands; the pages their role opens, one click away."""

import streamlit as st

from components.session import require_user
from db import texts
from db.permissions import pages_for

actor = require_user("home")
st.title(texts.APP_TITLE)
st.text(
    texts.SIGNED_IN_AS.format(
        name=actor.display_name, role=texts.label(actor.role), unit=actor.unit_name
    )
)
paths = {"intake": "pages/intake.py", "cases": "pages/cases.py", "admin": "pages/admin.py"}
for name in pages_for(actor.role):
    if name in paths:
        with st.container(border=True):
            st.page_link(paths[name], label=texts.HOME_LINKS[name])
st.page_link("pages/account.py", label=texts.PAGE_ACCOUNT)
