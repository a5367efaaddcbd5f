"""The app refuses to start without a cookie key, or with a placeholder one, wherever the key
comes from (the environment or .streamlit/secrets.toml)."""

import pytest
from streamlit.testing.v1 import AppTest

from db import texts
from tests.pages.conftest import PROJECT

WEAK = texts.E_COOKIE_KEY_WEAK.format(min=32)


@pytest.mark.parametrize(
    ("variable", "secrets_file", "refusal"),
    [
        (None, None, texts.E_COOKIE_KEY_MISSING),
        ("  ", None, texts.E_COOKIE_KEY_MISSING),
        ("some_key", "s" * 40, WEAK),
        (None, "some_key", WEAK),
        (None, "short", WEAK),
    ],
)
def test_the_app_refuses_to_start_without_a_usable_cookie_key(
    app_db: str,
    monkeypatch: pytest.MonkeyPatch,
    variable: str | None,
    secrets_file: str | None,
    refusal: str,
) -> None:
    if variable is None:
        monkeypatch.delenv("DISPUTE_DESK_COOKIE_KEY")
    else:
        monkeypatch.setenv("DISPUTE_DESK_COOKIE_KEY", variable)
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    if secrets_file is not None:
        at.secrets["cookie_key"] = secrets_file
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [refusal]
    assert not at.text_input  # no sign-in form


def test_the_key_in_the_secrets_file_serves_when_the_variable_is_unset(
    app_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPUTE_DESK_COOKIE_KEY")
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.secrets["cookie_key"] = "s" * 40
    at.run()
    assert not at.exception and not at.error
    assert at.text_input(key="login-username")
