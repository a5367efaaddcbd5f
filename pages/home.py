"""首页: where a signed-in user lands; the pages their role opens, one click away."""

import streamlit as st

from components.navigation import PAGES, page_names
from components.session import require_user
from db import texts

actor = require_user("home")
st.title(texts.APP_TITLE)
st.text(
    texts.SIGNED_IN_AS.format(
        name=actor.display_name, role=texts.label(actor.role), unit=actor.unit_name
    )
)
for name in page_names(actor):
    if name in texts.HOME_LINKS:
        with st.container(border=True):
            st.page_link(PAGES[name][0], label=texts.HOME_LINKS[name], icon=PAGES[name][2])
