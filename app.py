"""Dispute Desk's entry: settings check, sign-in, and the navigation the user's role allows.

Each page checks the user itself and draws its own sidebar (components.session.require_user),
because a freshly started server may run a page without this script."""

import streamlit as st

from components import session as gate
from components.navigation import PAGES, page_names
from components.settings import SettingsError, cookie_key
from db import texts

st.set_page_config(page_title=texts.APP_TITLE, page_icon="⚖️", layout="wide")

try:
    cookie_key()
except SettingsError as problem:
    st.error(str(problem))
    st.stop()


def _login() -> None:
    if gate.login_form() is not None:
        st.rerun()


actor = gate.current_actor()
if actor is None:
    st.navigation(
        [st.Page(_login, title=texts.LOGIN_TITLE, url_path="login")], position="hidden"
    ).run()
    st.stop()

# Streamlit serves its default page at "/" only, so the default is a home page of its own and
# every working page keeps its path (/intake, /cases...).
pages = [
    st.Page(
        PAGES[name][0],
        title=PAGES[name][1],
        icon=PAGES[name][2],
        url_path=name,
        default=name == "home",
    )
    for name in page_names(actor)
]
st.navigation(pages, position="hidden").run()
# Last, so that no rerun follows in this run: the library's cookie component must reach the browser.
gate.renew_cookie_if_due()
