"""首页: where a signed-in user lands: the work waiting for them, by role (issue 21: a desk per
role, components/desk_*.py), then the pages their role opens."""

import streamlit as st

from components.desk_coordinator import coordinator_desk
from components.desk_leader import leader_desk
from components.desk_mediator import mediator_desk
from components.desk_supervisor import supervisor_desk
from components.home_life import extensions_waiting, urgent_banner
from components.inbox_view import urgent_on_top
from components.navigation import PAGES, page_names
from components.session import require_user
from db import texts
from db.core.permissions import Permission, allows
from db.enums import Role

DESKS = {
    Role.COORDINATOR: coordinator_desk,
    Role.MEDIATOR: mediator_desk,
    Role.LEADER: leader_desk,
    Role.SUPERVISOR: supervisor_desk,
}

actor = require_user("home")
st.title(texts.APP_TITLE)
st.text(
    texts.SIGNED_IN_AS.format(
        name=actor.display_name, role=texts.label(actor.role), unit=actor.unit_name
    )
)

# Urgent first. Coordinators answer an urgent case with 已知悉 in the banner, which also reads
# its notification; anyone else told of one sees the unread notices here (issue 21).
if allows(actor.role, Permission.ASSIGN):
    urgent_banner(actor)
else:
    urgent_on_top(actor)
if allows(actor.role, Permission.ASSIGN):
    extensions_waiting(actor)
if (desk := DESKS.get(actor.role)) is not None:
    desk(actor)

st.divider()
for name in page_names(actor):
    if name in texts.HOME_LINKS:
        st.page_link(PAGES[name][0], label=texts.HOME_LINKS[name], icon=PAGES[name][2])
