"""The cookie key's second place for the web app: `cookie_key` in .streamlit/secrets.toml, which
only Streamlit reads. db.core.settings reads DISPUTE_DESK_COOKIE_KEY first and refuses a missing
or placeholder key."""

import streamlit as st

from db.core import settings


def _from_secrets_file() -> str:
    try:
        return str(st.secrets.get("cookie_key", ""))
    except FileNotFoundError:
        return ""


def cookie_key() -> str:
    """DISPUTE_DESK_COOKIE_KEY, else `cookie_key` in secrets.toml; SettingsError when missing,
    short or the library's default."""
    return settings.cookie_key(fallback=_from_secrets_file)
