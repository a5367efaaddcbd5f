"""首页: where a signed-in user lands: their own work first, then the pages their role opens."""

import streamlit as st

from components.board_view import card_view
from components.home_life import reported_and_requests, urgent_banner
from components.navigation import PAGES, page_names
from components.session import require_user
from db import texts
from db.cases.mywork import my_work
from db.core.engine import read_session
from db.core.permissions import Permission, allows

actor = require_user("home")
st.title(texts.APP_TITLE)
st.text(
    texts.SIGNED_IN_AS.format(
        name=actor.display_name, role=texts.label(actor.role), unit=actor.unit_name
    )
)
for name in page_names(actor):
    if name in texts.HOME_LINKS:
        st.page_link(PAGES[name][0], label=texts.HOME_LINKS[name], icon=PAGES[name][2])

if allows(actor.role, Permission.READ_CASES):
    urgent_banner(actor)
    reported_and_requests(actor)
    with read_session() as session:
        work = my_work(session, actor=actor)
    st.subheader(texts.MY_WORK)
    sections = [
        ("open", texts.MY_OPEN, work.open),
        ("follow-up", texts.MY_FOLLOW_UPS, work.follow_ups),
        ("extended", texts.MY_EXTENDED, work.extended),
    ]
    for (key, title, cards), slot in zip(sections, st.columns(3), strict=True):
        with slot:
            st.markdown(f"**{title}**（{len(cards)}）")
            if not cards:
                st.caption(texts.MY_NOTHING)
            for card in cards:
                # Moves are made on the case page or the board; here the card is a link.
                card_view(card.model_copy(update={"moves": []}), key_prefix=f"home-{key}")
