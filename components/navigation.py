"""The pages, their paths and titles, and the sidebar every page draws for itself.

The sidebar is drawn by the page (through require_user), not by app.py: on a freshly started
server Streamlit may run a page without app.py, and the page must still look and behave the
same, logout included."""

import streamlit as st

from components.forms import literal
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session
from db.core.permissions import pages_for
from db.inbox.reading import unread_count

# url path → (script, title, icon); the paths are fixed (links, bookmarks and tests open them).
PAGES: dict[str, tuple[str, str, str]] = {
    "home": ("pages/home.py", texts.PAGE_HOME, ":material/home:"),
    "inbox": ("pages/inbox.py", texts.PAGE_INBOX, ":material/notifications:"),
    "intake": ("pages/intake.py", texts.PAGE_INTAKE, ":material/edit_note:"),
    "kanban": ("pages/kanban.py", texts.PAGE_KANBAN, ":material/view_kanban:"),
    "cases": ("pages/cases.py", texts.PAGE_CASES, ":material/table_rows:"),
    "case": ("pages/case.py", texts.PAGE_CASE, ":material/description:"),
    "reports": ("pages/reports.py", texts.PAGE_REPORTS, ":material/event_available:"),
    "campaigns": ("pages/campaigns.py", texts.PAGE_CAMPAIGNS, ":material/flag:"),
    "weekly": ("pages/weekly.py", texts.PAGE_WEEKLY, ":material/event_note:"),
    "receptions": ("pages/receptions.py", texts.PAGE_RECEPTIONS, ":material/record_voice_over:"),
    "dashboard": ("pages/dashboard.py", texts.PAGE_DASHBOARD, ":material/monitoring:"),
    "inspections": ("pages/inspections.py", texts.PAGE_INSPECTIONS, ":material/fact_check:"),
    "rectifications": ("pages/rectifications.py", texts.PAGE_RECTIFICATIONS, ":material/build:"),
    "admin": ("pages/admin.py", texts.PAGE_ADMIN, ":material/admin_panel_settings:"),
    "account": ("pages/account.py", texts.PAGE_ACCOUNT, ":material/person:"),
}
HIDDEN = {"case"}  # reached from the ledger with ?id=, not from the menu
# On a phone the open menu covers the page. Streamlit folds the sidebar after a click in its own
# st.navigation menu only, not after a click on a page link (1.67, no setting); this does the
# same for ours, below Streamlit's mobile width (the sidebar then overlays the page).
FOLD_ON_PHONE = """<script>
if (!window.ddFoldMenuOnPhone) {
  window.ddFoldMenuOnPhone = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-testid=stSidebar] [data-testid=stPageLink-NavLink]");
    if (link && window.matchMedia("(max-width: 767.98px)").matches) {
      document.querySelector("[data-testid=stSidebarCollapseButton] button")?.click();
    }
  });
}
</script>"""


def page_names(actor: Actor) -> list[str]:
    """The pages this user may open: home first, their role's pages, their account."""
    return ["home", *pages_for(actor.role), "account"]


def _label(actor: Actor, name: str, title: str) -> str:
    """The menu's words for a page; the inbox's say how many are unread (one index lookup)."""
    if name != "inbox":
        return title
    with read_session() as session:
        count = unread_count(session, actor.id)
    return texts.INBOX_NAV_LABEL.format(count=count) if count else title


def sidebar(actor: Actor, *, on_logout) -> None:  # type: ignore[no-untyped-def]
    """The menu of the user's pages, who is signed in, and the logout button (whose callback
    runs before the next run, so that run already draws the login and nothing of the user)."""
    with st.sidebar:
        st.markdown(f"**{texts.APP_TITLE}**")
        for name in page_names(actor):
            if name not in HIDDEN:
                script, title, icon = PAGES[name]
                st.page_link(script, label=_label(actor, name, title), icon=icon)
        st.caption(
            texts.SIGNED_IN_AS.format(
                name=literal(actor.display_name),
                role=texts.label(actor.role),
                unit=literal(actor.unit_name),
            )
        )
        st.button(texts.LOGOUT, key="nav-logout", on_click=on_logout, args=(actor,))
        st.html(FOLD_ON_PHONE, unsafe_allow_javascript=True)
