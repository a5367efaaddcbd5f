"""What one upload costs the server's memory, measured in a process of its own so that nothing
else the caller did hides the growth: `python -m tests.db.upload_probe FILE [--user NAME]
[--town CODE]` with DATABASE_URL naming a database that holds the demo world. It warms up on the
shared sample (imports, caches), notes its peak resident memory, previews FILE as the import
page does (db.io.imports.upload.preview_upload) and prints one JSON line: the outcome, the
message of a refusal, the growth of the peak, and the resident memory once the preview is
dropped. Used by tests/db/test_uploads.py and bench/uploads.py."""

import argparse
import gc
import json
import os
import resource
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--user", default="coordinator")
    parser.add_argument("--town", default="QSZ")
    args = parser.parse_args()

    from sqlmodel import select

    from db.core.actor import Actor
    from db.core.engine import read_session
    from db.core.errors import Refused
    from db.io.imports.upload import UploadChoice, preview_upload
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
    base_peak, base_resident = peak_mb(), resident_mb()
    started = time.perf_counter()
    outcome: dict[str, object] = {"file_mb": round(len(data) / (1024 * 1024), 2)}
    try:
        shown = preview_upload(data, actor=actor, choice=UploadChoice("upload.xlsx", args.town))
        outcome.update(outcome="previewed", cases=shown.cases, lines=len(shown.lines))
        del shown
    except Refused as refused:
        outcome.update(outcome="refused", message=refused.message)
    seconds = time.perf_counter() - started
    gc.collect()
    outcome.update(
        growth_mb=round(peak_mb() - base_peak, 1),
        kept_mb=round(resident_mb() - base_resident, 1),
        seconds=round(seconds, 2),
    )
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main()
