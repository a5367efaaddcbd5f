"""Architecture rules, read from the source: db/ stays free of Streamlit, its packages import
only downwards (LAYERS) and in no circle, migrations import no application code, no module
grows past 300 lines, and every page checks its user before it draws or reads anything."""

import ast
from pathlib import Path

import pytest

from db.core.settings import PROJECT_DIR

DB_FILES = sorted((PROJECT_DIR / "db").rglob("*.py"))
PAGES = sorted((PROJECT_DIR / "pages").glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_rules_are_where_this_test_looks() -> None:
    assert len(DB_FILES) > 10
    assert {p.stem for p in PAGES} >= {"intake", "cases", "case", "account"}


def test_db_layer_does_not_import_streamlit() -> None:
    offenders = {
        str(path.relative_to(PROJECT_DIR)): sorted(
            m for m in imported_modules(path) if _top(m) in ("streamlit", "streamlit_authenticator")
        )
        for path in DB_FILES
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_db_layer_does_not_reach_up_into_pages_or_components() -> None:
    offenders = {
        str(path.relative_to(PROJECT_DIR)): sorted(
            m for m in imported_modules(path) if _top(m) in ("pages", "components", "app")
        )
        for path in DB_FILES
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def _executed_in_order(body: list[ast.stmt]) -> list[ast.AST]:
    """The nodes that run when the module runs, in source order (function and class bodies run
    later and are skipped; their decorators and defaults run now)."""
    nodes: list[ast.AST] = []
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in [*statement.decorator_list, *statement.args.defaults]:
                nodes.extend(ast.walk(part))
            continue
        if isinstance(statement, ast.ClassDef):
            for part in [*statement.decorator_list, *statement.bases]:
                nodes.extend(ast.walk(part))
            continue
        if isinstance(statement, ast.Import | ast.ImportFrom):
            continue
        nodes.extend(ast.walk(statement))
    return sorted(
        (n for n in nodes if hasattr(n, "lineno")), key=lambda n: (n.lineno, n.col_offset)
    )


def _streamlit_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(a.asname or a.name for a in node.names if a.name == "streamlit")
    return names


def _first_guard_or_streamlit_use(path: Path) -> tuple[str, int, ast.Call | None]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    st_names = _streamlit_names(tree)
    for node in _executed_in_order(tree.body):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "require_user":
                return "require_user", node.lineno, node
        if isinstance(node, ast.Name) and node.id in st_names:
            return "streamlit", node.lineno, None
    return "nothing", 0, None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_page_checks_its_user_before_any_streamlit_call(page: Path) -> None:
    first, line, _call = _first_guard_or_streamlit_use(page)
    assert first == "require_user", f"{page.name}:{line} uses Streamlit before require_user"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_page_guards_itself_under_its_own_name(page: Path) -> None:
    _first, _line, call = _first_guard_or_streamlit_use(page)
    assert call is not None
    named = [a.value for a in call.args if isinstance(a, ast.Constant)] + [
        k.value.value
        for k in call.keywords
        if k.arg == "page" and isinstance(k.value, ast.Constant)
    ]
    assert named == [page.stem]


# The packages of db/, lowest first: a module may import from its own package and from those
# before it, never from one after it. The words (enums) and the clock import nothing from db/;
# the Chinese texts know the words; the tables know both.
LAYERS = (
    "db.enums",
    "db.clock",
    "db.texts",
    "db.models",
    "db.core",
    "db.accounts",
    "db.inbox",
    "db.cases",
    "db.receptions",
    "db.figures",
    "db.reports",
    "db.supervision",
    "db.reminders",
    "db.dashboard",
    "db.io",
    "db.demo",
    "db.cli",
)
APP_FILES = [p for p in DB_FILES if "migrations" not in p.parts]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    if module == "db.__main__":
        return LAYERS.index("db.cli")
    for index, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            return index
    return None


def db_imports(path: Path) -> set[str]:
    """The db modules a file imports, `from db.x import name` read as db.x.name when that is a
    module of its own."""
    modules = {module_name(p) for p in DB_FILES}
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if _top(a.name) == "db")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _top(node.module) != "db":
                continue
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                found.add(whole if whole in modules else node.module)
    return {m for m in found if m != "db"}


def test_every_module_of_db_has_a_place_in_the_order() -> None:
    placeless = [module_name(p) for p in APP_FILES if layer_of(module_name(p)) is None]
    assert placeless == ["db"]


def test_no_module_imports_from_a_package_above_its_own() -> None:
    against = {}
    for path in APP_FILES:
        name = module_name(path)
        own = layer_of(name)
        if own is None:
            continue
        upward = sorted(
            m for m in db_imports(path) if (layer := layer_of(m)) is not None and layer > own
        )
        if upward:
            against[name] = upward
    assert against == {}


def test_there_is_no_import_circle() -> None:
    graph = {module_name(p): db_imports(p) for p in APP_FILES}
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []


def test_migrations_import_no_application_code() -> None:
    """A migration runs as written on the day it was made: it freezes what it needs instead of
    importing the application's code, which goes on changing."""
    versions = sorted((PROJECT_DIR / "db" / "migrations" / "versions").glob("*.py"))
    assert versions
    assert {p.name: sorted(db_imports(p)) for p in versions if db_imports(p)} == {}


def test_no_module_is_over_300_lines() -> None:
    long = {
        module_name(p): n
        for p in [
            *APP_FILES,
            *PAGES,
            *(PROJECT_DIR / "components").glob("*.py"),
            *(PROJECT_DIR / "bench").glob("*.py"),
            PROJECT_DIR / "app.py",
        ]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert long == {}
