"""Real app servers for bench.concurrency: `streamlit run components/server.py` (app.py and
its /file route) on 127.0.0.1 started as the browser tests start theirs
(tests/browser/appserver.py), `python -m db` commands in the same environment, a private copy
of a cached SQLite database, and the servers' RSS and CPU from /proc.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import COOKIE_KEY
from tests.browser.appserver import Server, _python, launch_server, server_env, wait_ready

ROOT = Path(__file__).resolve().parents[1]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


@contextmanager
def servers_on(directory: Path, database_url: str, count: int) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for i in range(count):
            folder = directory / f"server-{i}"
            folder.mkdir(parents=True, exist_ok=True)
            started.append(
                launch_server(folder, COOKIE_KEY, database_url=database_url, data_dir=directory)
            )
        for one in started:
            wait_ready(one)
        yield started
    finally:
        for one in started:
            one.stop()


def db_command(directory: Path, database_url: str, *command: str) -> None:
    env = server_env(directory, COOKIE_KEY, database_url=database_url)
    done = subprocess.run(
        [_python(), "-m", "db", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise SystemExit(f"python -m db {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def sqlite_copy(source: Path, target: Path) -> None:
    """A private copy through the online backup API: the cached database is only read."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()
