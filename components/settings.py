"""Settings the web app needs beyond the database: the cookie key, from the environment or
.streamlit/secrets.toml, never from the repository."""

import os

import streamlit as st

# streamlit-authenticator's default: anyone could forge a cookie signed with it.
LIBRARY_DEFAULT_KEY = "some_key"
MIN_KEY_LENGTH = 32


class SettingsError(RuntimeError):
    pass


def cookie_key() -> str:
    """DISPUTE_DESK_COOKIE_KEY, else `cookie_key` in secrets.toml; refused when missing, short
    or the library's default."""
    key = os.environ.get("DISPUTE_DESK_COOKIE_KEY", "").strip()
    if not key:
        try:
            key = str(st.secrets.get("cookie_key", "")).strip()
        except FileNotFoundError:
            key = ""
    if not key:
        raise SettingsError(
            "没有配置 Cookie 密钥：请设置环境变量 DISPUTE_DESK_COOKIE_KEY 或 .streamlit/secrets.toml 中的 cookie_key（./run.sh 会自动生成）。"
        )
    if key == LIBRARY_DEFAULT_KEY or len(key) < MIN_KEY_LENGTH:
        raise SettingsError(f"Cookie 密钥不安全：不能使用默认值，且至少 {MIN_KEY_LENGTH} 个字符。")
    return key
