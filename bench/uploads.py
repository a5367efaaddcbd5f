"""What an upload costs the server: `python -m bench.uploads [--data DIR]`.

Builds the hostile and the largest ordinary workbooks of tests/db/hostile_files.py (once, under
DIR/uploads), a SQLite database holding the demo world, and previews each file as the import
page does in a process of its own (tests/db/upload_probe.py). Prints a Markdown table: the file,
its size, what came of it (and the largest once more, previewed and then imported), the growth of the process's peak memory, what stayed once the preview
was dropped, the time, and the longest another thread waited for the interpreter meanwhile.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from bench.common import PASSWORD, progress
from db.core.engine import make_engine
from db.core.migrate import upgrade
from db.core.settings import PROJECT_DIR
from db.demo.world import build_world
from tests.data import SAMPLE_LEDGER
from tests.db import hostile_files as hostile


def files(folder: Path) -> dict[str, Path]:
    """name → path, built when missing."""
    made = {
        "sample ledger (40 rows)": (SAMPLE_LEDGER, None),
        "shared strings expanding to 360 MB": (
            folder / "expanding.xlsx",
            lambda p: hostile.expanding_workbook(p, unpacked_mb=360),
        ),
        "1,000,000 rows": (folder / "million.xlsx", hostile.million_row_workbook),
        "200,001 shared strings": (
            folder / "flood.xlsx",
            lambda p: hostile.many_strings_workbook(p, strings=200_001),
        ),
        "20,000 rows, every cell wrong": (
            folder / "bad.xlsx",
            lambda p: hostile.bad_ledger_workbook(p, rows=20_000),
        ),
        "20,000 rows, long facts (largest accepted)": (
            folder / "largest.xlsx",
            lambda p: hostile.ledger_workbook(p, rows=20_000, facts=220),
        ),
    }
    for name, (path, build) in made.items():
        if build is not None and not path.exists():
            progress(f"building {name}")
            build(path)
    return {name: path for name, (path, _build) in made.items()}


def database(folder: Path) -> str:
    path = folder / "world.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        progress("building the demo world")
        upgrade(url)
        with Session(make_engine(url)) as session:
            build_world(session, password=PASSWORD)
    return url


def measure(url: str, path: Path, *options: str) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(PROJECT_DIR)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.db.upload_probe", str(path), *options],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/tmp/dd-bench", help="folder for the files built")
    args = parser.parse_args()
    folder = Path(args.data) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    url = database(folder)
    print("| upload | file MB | outcome | peak growth MB | kept MB | s | longest wait ms |")
    print("|---|---:|---|---:|---:|---:|---:|")
    runs = [(name, path, url, ()) for name, path in files(folder).items()]
    scratch = folder / "scratch.db"  # the import writes: into a copy of the world, each time
    runs.append(("the largest, previewed then imported", runs[-1][1], f"sqlite:///{scratch}",
                 ("--import",)))  # fmt: skip
    for name, path, database_url, options in runs:
        progress(f"previewing {name}")
        if options:
            shutil.copy(folder / "world.db", scratch)
        m = measure(database_url, path, *options)
        outcome = m["message"] if m["outcome"] == "refused" else f"{m['cases']} rows {m['outcome']}"
        print(
            f"| {name} | {m['file_mb']} | {outcome} | {m['growth_mb']} | {m['kept_mb']} "
            f"| {m['seconds']} | {m['longest_wait_ms']} |"
        )


if __name__ == "__main__":
    main()
