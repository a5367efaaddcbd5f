"""What one upload costs the server's memory, measured in a process of its own so that nothing
else the caller did hides the growth: `python -m tests.db.upload_probe FILE [--user NAME]
[--town CODE]` with DATABASE_URL naming a database that holds the demo world. It warms up on the
shared sample (imports, caches), notes its peak resident memory, previews FILE as the import
page does (db.io.imports.upload.preview_upload; with --import, then imports it as well) and prints one JSON line: the outcome, the
message of a refusal, the growth of the peak, and the resident memory once the preview is
dropped, and the longest another thread waited for its turn meanwhile. Used by tests/db/test_uploads.py and bench/uploads.py."""

import argparse
import gc
import json
import os
import resource
import threading
import time
from pathlib import Path


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(field)


def peak_mb() -> float:
    """The process's peak resident memory since start or since reset_peak. Not
    getrusage's ru_maxrss: Linux carries the parent's peak across fork and exec into it, so a
    probe started by a large process (pytest, a benchmark) would see no growth at all."""
    try:
        return _status_mb("VmHWM")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Bring the peak down to the present (Linux 4.0+); where it cannot, the peak since the
    start of this small process stands, which only makes the growth look larger."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


class Ticker(threading.Thread):
    """Another user's page, as far as the interpreter is concerned: a thread that wants to run
    every millisecond and notes the longest wait for its turn (a long hold of the GIL)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.longest = 0.0
        self.running = True

    def run(self) -> None:
        last = time.perf_counter()
        while self.running:
            time.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--user", default="coordinator")
    parser.add_argument("--town", default="QSZ")
    parser.add_argument("--import", dest="then_import", action="store_true", help="then import")
    args = parser.parse_args()

    from sqlmodel import select

    from db.core.actor import Actor
    from db.core.engine import read_session
    from db.core.errors import Refused
    from db.io.imports.upload import UploadChoice, import_upload, preview_upload
    from db.models import User
    from tests.data import SAMPLE_LEDGER

    with read_session() as session:
        user = session.exec(select(User).where(User.username == args.user)).one()
        actor = Actor.of(session, user)
    warm = SAMPLE_LEDGER.read_bytes()
    preview_upload(warm, actor=actor, choice=UploadChoice(SAMPLE_LEDGER.name, args.town))
    del warm
    gc.collect()
    data = Path(args.file).read_bytes()
    reset_peak()
    base_resident = resident_mb()
    ticker = Ticker()
    ticker.start()
    started = time.perf_counter()
    outcome: dict[str, object] = {"file_mb": round(len(data) / (1024 * 1024), 2)}
    try:
        choice = UploadChoice("upload.xlsx", args.town)
        shown = preview_upload(data, actor=actor, choice=choice)
        outcome.update(outcome="previewed", cases=shown.cases, lines=len(shown.lines))
        if args.then_import and shown.ready:
            result = import_upload(data, actor=actor, choice=choice, shown=shown)
            outcome.update(outcome="imported", cases=result.created)
        del shown
    except Refused as refused:
        outcome.update(outcome="refused", message=refused.message)
    seconds = time.perf_counter() - started
    ticker.running = False
    ticker.join()
    gc.collect()
    outcome.update(
        growth_mb=round(peak_mb() - base_resident, 1),
        kept_mb=round(resident_mb() - base_resident, 1),
        seconds=round(seconds, 2),
        longest_wait_ms=round(ticker.longest * 1000, 1),
    )
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main()
