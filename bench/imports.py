"""What importing a large ledger costs against merely reading it: `python -m bench.imports
[--rows 20000] [--reps 3] [--data DIR]`.

Builds a ledger of ROWS rows in the sample's layout (once, under DIR/imports) and a SQLite
database holding the demo world, then times, in turns so that the machine's load falls on both
alike (best of --reps each), openpyxl's read-only mode reading every cell of the sheet, and the
app's import: read (db.io.imports.workbook), preview and apply, into a fresh copy of the database
each time. Prints both, the import's three steps, which reader read the sheet, their ratio
(issue 17's target: 1.5 or less) as the headline, and the memory of one more preview and import
as the page does them, in a process of its own (tests/db/upload_probe.py, as bench.uploads).
"""

import argparse
import resource
import shutil
import time
from datetime import datetime
from pathlib import Path

import openpyxl
from sqlmodel import Session, select

from bench.common import PASSWORD, progress
from bench.uploads import measure
from db.core.actor import Actor
from db.core.engine import make_engine, write_session
from db.core.migrate import upgrade
from db.demo.world import build_world
from db.io.imports.apply import apply
from db.io.imports.container import check_workbook
from db.io.imports.fast_sheet import calamine_rows
from db.io.imports.preview import preview
from db.io.imports.workbook import read_ledger
from db.models import User

HEADER = ["序号", "编号", "排查日期", "所属村（社区）", "纠纷类型", "纠纷简要情况", "当事人"]
HEADER += ["身份证号", "联系电话", "涉及人数", "涉及金额（元）", "风险等级", "包案领导", "责任单位"]
HEADER += ["责任人", "化解时限", "化解方式", "化解情况", "办结日期", "回访情况", "备注"]
VILLAGES = ["东河村", "南湾村", "西岭村", "北坡村", "石桥社区", "柳园社区"]


def ledger(path: Path, rows: int) -> Path:
    if path.exists():
        return path
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["青石镇矛盾纠纷排查化解工作台账"])
    sheet.append(HEADER)
    for i in range(rows):
        done = i % 2 == 0
        sheet.append(
            [i + 1, None, datetime(2026, 5, 1 + i % 28), VILLAGES[i % 6], "邻里纠纷",
             f"第 {i} 户与邻居因排水沟走向发生争执，多次协商未果。", "张三、李四", None,
             "13812345678", 2, 1200 + i, "低", "赵主席", "青石镇司法所", "罗志强",
             datetime(2026, 6, 28), "人民调解", "已化解" if done else "调处中",
             datetime(2026, 6, 29) if done else None, "当事人满意" if done else None, None]
        )  # fmt: skip
    book.save(path)
    return path


def bare_read(path: Path) -> float:
    started = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True)
    for _row in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()
    return time.perf_counter() - started


def full_import(path: Path, template: Path, work: Path) -> tuple[float, float, float]:
    """(read, preview, apply) seconds of one import into a fresh copy of the world."""
    shutil.copy(template, work)
    engine = make_engine(f"sqlite:///{work}")
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "coordinator")).one()
        actor = Actor.of(session, user)
    started = time.perf_counter()
    read = read_ledger(path, filename=path.name)
    read_at = time.perf_counter()
    with write_session(engine) as session:
        plan = preview(session, actor=actor, ledger=read, town_code="QSZ")
        assert plan.ok, plan.errors[:3]
        planned_at = time.perf_counter()
        apply(session, actor=actor, plan=plan, filename=path.name)
    done_at = time.perf_counter()
    engine.dispose()
    return read_at - started, planned_at - read_at, done_at - planned_at


def reader_of(path: Path) -> str:
    data = path.read_bytes()
    fast = calamine_rows(data, None, check_workbook(data, path.name))
    return "python-calamine" if fast is not None else "openpyxl (the census declined calamine)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    args = parser.parse_args()
    folder = args.data / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = ledger(folder / f"ledger-{args.rows}.xlsx", args.rows)
    template = folder / "world.db"
    if not template.exists():
        progress("building the demo world")
        url = f"sqlite:///{template}"
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            build_world(session, password=PASSWORD)
        engine.dispose()  # the write-ahead log checkpointed: the file alone is the database
    reads, imports = [], []
    for rep in range(args.reps):  # in turns: a busy moment of the machine slows both alike
        progress(f"rep {rep + 1} of {args.reps}")
        reads.append(bare_read(path))
        imports.append(full_import(path, template, folder / "work.db"))
    read = min(reads)
    steps = min(imports, key=sum)
    full = sum(steps)
    progress("memory: one more preview and import, in a process of its own")
    shutil.copy(template, folder / "work.db")
    memory = measure(f"sqlite:///{folder / 'work.db'}", path, "--import")
    process_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {args.rows}")
    print(f"reader: {reader_of(path)}")
    print(f"openpyxl read-only, bare read: {read:.2f} s")
    print(f"read + preview + import:       {full:.2f} s")
    print(f"  read {steps[0]:.2f} s, preview {steps[1]:.2f} s, apply {steps[2]:.2f} s")
    print(
        f"memory: preview and import in a fresh process ({memory['outcome']}): peak growth "
        f"{memory['growth_mb']} MB (VmHWM; the bound of issue 16: 200 MB); this process's "
        f"peak {process_peak:.0f} MB (getrusage, the builds and reps above included)"
    )
    print(f"ratio: {full / read:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
