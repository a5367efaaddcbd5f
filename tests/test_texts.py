"""The catalogue of Chinese text covers every code the database stores; it is one module per
feature, each name written once, in one module, and used by the program."""

import ast
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from db import texts
from db.enums import (
    AuditAction,
    Category,
    EventKind,
    FoundVia,
    PartyRole,
    ReportStatus,
    Risk,
    Role,
    Stage,
    UnitKind,
)

ENUMS = [
    AuditAction, Category, EventKind, FoundVia, PartyRole, ReportStatus, Risk, Role, Stage, UnitKind
]  # fmt: skip


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_code_has_a_chinese_label(enum) -> None:
    assert [m for m in enum if not any("\u4e00" <= ch <= "\u9fff" for ch in texts.label(m))] == []


def test_codes_shared_by_two_enumerations_keep_their_own_labels() -> None:
    assert texts.label(Stage.ASSIGNED) == "已交办"
    assert texts.label(EventKind.ASSIGNED) == "交办"


def test_the_offices_twelve_categories_in_their_order() -> None:
    assert [texts.label(c) for c in Category] == [
        "婚姻家庭",
        "邻里纠纷",
        "宅基地",
        "土地承包",
        "劳资纠纷",
        "物业管理",
        "交通事故",
        "经济债务",
        "征地拆迁",
        "医疗纠纷",
        "消费纠纷",
        "其他",
    ]


# The catalogue's modules, and who reads it ----------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
TEXTS_DIR = ROOT / "db" / "texts"
FEATURE_MODULES = sorted(p for p in TEXTS_DIR.glob("*.py") if p.name != "__init__.py")
# The program: what a user or an operator meets. A text only a test or a benchmark reads is shown
# to nobody.
PROGRAM = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "components").glob("*.py")),
    *sorted(p for p in (ROOT / "db").rglob("*.py") if TEXTS_DIR not in p.parents),
]
READERS = [
    *PROGRAM,
    *sorted((ROOT / "tests").rglob("*.py")),
    *sorted((ROOT / "bench").rglob("*.py")),
]


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _body(tree: ast.Module) -> list[ast.stmt]:
    """The module's statements after its docstring."""
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return tree.body[1:]
    return tree.body


def _defined(path: Path) -> list[str]:
    """The names a feature module defines at its top level (its __all__ aside)."""
    names = []
    for node in _body(_parse(path)):
        if isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.FunctionDef):
            names.append(node.name)
    return [n for n in names if n != "__all__"]


def _read_from_texts(paths: list[Path]) -> set[str]:
    """Every name read as `texts.NAME` in these files."""
    return {
        node.attr
        for path in paths
        for node in ast.walk(_parse(path))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "texts"
    }


PUBLIC = {
    name
    for name, value in vars(texts).items()
    if not name.startswith("_") and not isinstance(value, ModuleType)
}


def test_the_catalogue_is_its_feature_modules_re_exported() -> None:
    statements = _body(_parse(TEXTS_DIR / "__init__.py"))
    star_imports = [
        s.module
        for s in statements
        if isinstance(s, ast.ImportFrom) and [a.name for a in s.names] == ["*"]
    ]
    assert len(star_imports) == len(statements)
    assert sorted(star_imports) == [f"db.texts.{p.stem}" for p in FEATURE_MODULES]


def _assigns_one_name(node: ast.stmt) -> bool:
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name)
    return (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
    )


@pytest.mark.parametrize("module", FEATURE_MODULES, ids=lambda p: p.stem)
def test_a_feature_module_writes_each_name_once(module: Path) -> None:
    """Every statement is an import, a function, or one assignment to one name: no table is
    reopened further down (an update, an item assigned) and no name is assigned twice."""
    reopened = [
        node.lineno
        for node in _body(_parse(module))
        if not isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef)
        and not _assigns_one_name(node)
    ]
    assert reopened == []
    assert [n for n, count in Counter(_defined(module)).items() if count > 1] == []


def test_no_name_is_defined_in_two_feature_modules() -> None:
    homes = Counter(name for path in FEATURE_MODULES for name in set(_defined(path)))
    assert sorted(name for name, count in homes.items() if count > 1) == []


def test_the_catalogue_exports_every_name_its_modules_define() -> None:
    assert PUBLIC == {name for path in FEATURE_MODULES for name in _defined(path)}


def test_every_text_is_used_by_the_program() -> None:
    assert sorted(PUBLIC - _read_from_texts(PROGRAM)) == []


def test_every_text_read_is_in_the_catalogue() -> None:
    assert sorted(_read_from_texts(READERS) - PUBLIC) == []
