"""Dispute Desk's entry: settings check, sign-in, and the navigation the user's role allows."""

import streamlit as st

from components import session as gate
from components.settings import SettingsError, cookie_key
from db import texts
from db.permissions import pages_for

st.set_page_config(page_title=texts.APP_TITLE, page_icon="⚖️", layout="wide")

try:
    cookie_key()
except SettingsError as problem:
    st.error(str(problem))
    st.stop()

# url path → (script, title, icon); DESIGN section 6 fixes the paths.
PAGES = {
    "intake": ("pages/intake.py", texts.PAGE_INTAKE, ":material/edit_note:"),
    "cases": ("pages/cases.py", texts.PAGE_CASES, ":material/table_rows:"),
    "case": ("pages/case.py", texts.PAGE_CASE, ":material/description:"),
    "admin": ("pages/admin.py", texts.PAGE_ADMIN, ":material/admin_panel_settings:"),
    "account": ("pages/account.py", texts.PAGE_ACCOUNT, ":material/person:"),
}
HIDDEN = {"case"}  # reached from the ledger with ?id=, not from the menu


def _login() -> None:
    if gate.login_form() is not None:
        st.rerun()


actor = gate.current_actor()
menu_box = st.sidebar.container()  # filled below, drawn above the logout button
if actor is not None and st.sidebar.button(texts.LOGOUT, key="nav-logout"):
    gate.sign_out(actor)
    actor = None

if actor is None:
    st.navigation(
        [st.Page(_login, title=texts.LOGIN_TITLE, url_path="login")], position="hidden"
    ).run()
    st.stop()

names = [*pages_for(actor.role), "account"]
pages = {
    name: st.Page(PAGES[name][0], title=PAGES[name][1], icon=PAGES[name][2], url_path=name)
    for name in names
}

# Streamlit serves its default page at "/" only, so the default is a home page of its own and
# every working page keeps its path (/intake, /cases...).
home = st.Page(
    "pages/home.py", title=texts.PAGE_HOME, icon=":material/home:", url_path="home", default=True
)
navigation = st.navigation([home, *pages.values()], position="hidden")
with menu_box:
    st.markdown(f"**{texts.APP_TITLE}**")
    st.page_link(home)
    for name, page in pages.items():
        if name not in HIDDEN:
            st.page_link(page)
    st.caption(
        texts.SIGNED_IN_AS.format(
            name=actor.display_name, role=texts.label(actor.role), unit=actor.unit_name
        )
    )
navigation.run()
# Last, so that no rerun follows in this run: the library's cookie component must reach the browser.
gate.renew_cookie_if_due()
