"""The repository stands on its own: every package the code imports is declared in the
requirements (the application's in requirements.txt, the tests' and benchmarks' in
requirements-dev.txt too), and no file refers to a file outside the repository."""

import ast
import os
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from db.core.settings import PROJECT_DIR

OWN = {"app", "bench", "components", "db", "pages", "tests"}
APP_CODE = ("app.py", "db", "pages", "components")
DEV_CODE = ("tests", "bench")
SKIPPED_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "test-artifacts"}
TEXT_SUFFIXES = {"", ".py", ".md", ".toml", ".ini", ".txt", ".sh", ".mako", ".cfg", ".yml"}
# How files outside the repository were named: the design and stack notes, the shared samples.
OUTSIDE = re.compile(r"/work/|\.\./shared|shared/samples|STACK-NOTES|\bDESIGN\b")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*files: str) -> set[str]:
    names = set()
    for file in files:
        for line in (PROJECT_DIR / file).read_text(encoding="utf-8").splitlines():
            if match := re.match(r"[A-Za-z0-9][A-Za-z0-9_.-]*", line.strip()):
                names.add(_normal(match.group()))
    return names


def imported_distributions(*places: str) -> dict[str, set[str]]:
    """Distribution → the files that import it, for every third-party top-level import."""
    by_module = packages_distributions()
    found: dict[str, set[str]] = {}
    for place in places:
        root = PROJECT_DIR / place
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for top in {m.split(".")[0] for m in modules}:
                    if top in OWN or top in sys.stdlib_module_names:
                        continue
                    for dist in by_module.get(top, [f"<no distribution for {top}>"]):
                        found.setdefault(_normal(dist), set()).add(
                            str(path.relative_to(PROJECT_DIR))
                        )
    return found


def test_the_application_imports_only_what_requirements_txt_declares() -> None:
    listed = declared("requirements.txt")
    missing = {d: f for d, f in imported_distributions(*APP_CODE).items() if d not in listed}
    assert missing == {}


def test_tests_and_benchmarks_import_only_what_the_requirements_declare() -> None:
    both = declared("requirements.txt", "requirements-dev.txt")
    missing = {d: f for d, f in imported_distributions(*DEV_CODE).items() if d not in both}
    assert missing == {}


def _repository_text_files() -> list[Path]:
    files = []
    for folder, dirs, names in os.walk(PROJECT_DIR):
        here = Path(folder)
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and (here, d) != (PROJECT_DIR, "data")]
        files += [here / n for n in names if Path(n).suffix in TEXT_SUFFIXES and n != ".git"]
    return [path for path in files if path != Path(__file__)]


def test_no_file_refers_to_a_file_outside_the_repository() -> None:
    files = _repository_text_files()
    assert len(files) > 100
    offenders = {
        f"{path.relative_to(PROJECT_DIR)}:{number}": line.strip()
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    }
    assert offenders == {}
