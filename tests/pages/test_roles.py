"""Each role sees exactly its pages, and every page refuses the others itself."""

import pytest
from streamlit.testing.v1 import AppTest

from db import texts
from tests.pages.conftest import page_alone, sign_in

ALL_PAGES = [
    "home", "intake", "kanban", "cases", "case", "reports", "campaigns", "weekly", "dashboard",
    "inspections", "rectifications", "admin", "account", "inbox", "receptions",
]  # fmt: skip
ALLOWED = {
    "admin": {"home", "inbox", "campaigns", "admin", "account"},
    "coordinator": {
        "home", "inbox", "intake", "kanban", "cases", "case", "reports", "campaigns", "weekly",
        "dashboard", "rectifications", "account", "receptions",
    },
    "mediator": {
        "home", "inbox", "intake", "kanban", "cases", "case", "reports", "rectifications",
        "account",
    },
    "supervisor": {
        "home", "inbox", "kanban", "cases", "case", "reports", "campaigns", "inspections",
        "account",
    },
    "leader": {
        "home", "inbox", "kanban", "cases", "case", "reports", "campaigns", "weekly", "dashboard",
        "account", "receptions",
    },
}  # fmt: skip


def menu_labels(at: AppTest) -> set[str]:
    return {link.proto.label for link in at.sidebar.get("page_link")}


@pytest.mark.parametrize("username", sorted(ALLOWED))
def test_menu_lists_exactly_the_pages_of_the_role(app_as, username: str) -> None:
    at = app_as(username)
    titles = {
        "home": texts.PAGE_HOME,
        "inbox": texts.PAGE_INBOX,  # nothing unread: the title alone
        "intake": texts.PAGE_INTAKE,
        "kanban": texts.PAGE_KANBAN,
        "cases": texts.PAGE_CASES,
        "reports": texts.PAGE_REPORTS,
        "campaigns": texts.PAGE_CAMPAIGNS,
        "weekly": texts.PAGE_WEEKLY,
        "receptions": texts.PAGE_RECEPTIONS,
        "dashboard": texts.PAGE_DASHBOARD,
        "inspections": texts.PAGE_INSPECTIONS,
        "rectifications": texts.PAGE_RECTIFICATIONS,
        "admin": texts.PAGE_ADMIN,
        "account": texts.PAGE_ACCOUNT,
    }
    expected = {titles[p] for p in ALLOWED[username] if p in titles}
    assert menu_labels(at) == expected


@pytest.mark.parametrize(
    ("username", "page"),
    [(u, p) for u in sorted(ALLOWED) for p in ALL_PAGES if p not in ALLOWED[u]],
)
def test_switching_to_a_page_of_another_role_is_refused(
    app_as, app_db, username: str, page: str
) -> None:
    at = app_as(username)
    at.switch_page(f"pages/{page}.py").run()
    assert [e.value for e in at.error] == [texts.E_PAGE_NOT_ALLOWED]
    assert not at.dataframe and not [w for w in at.text_input if str(w.key).startswith(page)]


@pytest.mark.parametrize(
    ("username", "page"),
    [(u, p) for u in sorted(ALLOWED) for p in ALL_PAGES if p not in ALLOWED[u] and p != "account"],
)
def test_page_run_directly_refuses_a_role_without_it(app_db, username: str, page: str) -> None:
    at = page_alone(page)
    sign_in(at, username)
    assert [e.value for e in at.error] == [texts.E_PAGE_NOT_ALLOWED]
    assert not at.dataframe


@pytest.mark.parametrize("page", ALL_PAGES)
def test_page_run_directly_shows_only_the_login_before_sign_in(app_db, page: str) -> None:
    at = page_alone(page)
    assert at.text_input(key="login-username")
    assert not at.dataframe and not at.title[1:]
