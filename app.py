"""Dispute Desk's entry: settings check, sign-in, and the navigation the user's role allows.

Each page checks the user itself and draws its own sidebar (components.session.require_user),
because a freshly started server may run a page without this script."""

import streamlit as st

from components import session as gate
from components.navigation import PAGES
from components.refusals import refusal_shown
from components.settings import cookie_key
from db import texts
from db.core.actor import Actor, PasswordChangeOnly
from db.core.settings import SettingsError, trusted_proxies

st.set_page_config(page_title=texts.APP_TITLE, page_icon="⚖️", layout="wide")

try:
    cookie_key()
    trusted_proxies()  # DISPUTE_DESK_TRUSTED_PROXIES that cannot be read stops the app, by name
except SettingsError as problem:
    st.error(str(problem))
    st.stop()


actor = gate.current_actor()


def _login() -> None:
    """The sign-in form, or for an account on its one-time password the change form alone."""
    if isinstance(actor, PasswordChangeOnly):
        gate.first_change(actor)  # stops; a saved change reruns with the full menu
    if gate.login_form() is not None:
        st.rerun()


def _login_for(name: str):  # type: ignore[no-untyped-def]
    def show() -> None:
        _login()

    show.__name__ = f"login_{name}"
    return show


if not isinstance(actor, Actor):
    # Every page path shows the login (or the forced password change), so a link to /cases or
    # /case?id=… opens that page right after signing in instead of a "page not found".
    login_pages = [st.Page(_login, title=texts.LOGIN_TITLE, url_path="login", default=True)]
    login_pages += [
        st.Page(_login_for(name), title=texts.LOGIN_TITLE, url_path=name) for name in PAGES
    ]
    with refusal_shown():  # a refusal no page showed itself
        st.navigation(login_pages, position="hidden").run()
    st.stop()

# Every page is registered, for every role: a page the role may not open then refuses in
# Chinese and audits the attempt (require_user), instead of Streamlit's English "page not found".
# The menu lists only the role's pages (components.navigation.sidebar).
pages = {
    name: st.Page(script, title=title, icon=icon, url_path=name)
    for name, (script, title, icon) in PAGES.items()
}


def _landing() -> None:
    # Streamlit serves its default page at "/" only; this one just sends the user home, so
    # that every real page keeps its own path (/home, /intake, /cases...).
    st.switch_page(pages["home"])


landing = st.Page(_landing, title=texts.PAGE_HOME, url_path="start", default=True)
with refusal_shown():  # a refusal no page showed itself
    st.navigation([landing, *pages.values()], position="hidden").run()
