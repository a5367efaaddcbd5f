"""Real app servers for bench.concurrency: `streamlit run components/server.py` (app.py and
its /file route) on 127.0.0.1 started as the browser tests start theirs
(tests/browser/appserver.py), `python -m db` commands in the same environment, a private copy
of a cached SQLite database, the servers' RSS and CPU from /proc, and the garbage-collection
variants a server can be started with (gc_env).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import COOKIE_KEY
from db.core.engine import engine_for
from tests.browser.appserver import Server, _python, launch_server, server_env, wait_ready

ROOT = Path(__file__).resolve().parents[1]
CLK_TCK = os.sysconf("SC_CLK_TCK")
# --gc NAME: (runner.postScriptGC, DD_BENCH_GC for bench/gcprobe/sitecustomize.py). "config" is
# the repository's .streamlit/config.toml as it is; every other variant overrides it.
GC_VARIANTS: dict[str, tuple[str | None, str]] = {
    "config": (None, ""),
    "on": ("true", ""),
    "off": ("false", ""),
    "freeze": ("false", "freeze"),  # off + gc.freeze() after the warm-up run
    "on+freeze": ("true", "freeze"),
    "periodic": ("false", "periodic"),  # off + gc.collect() every --gc-period s in a thread
}


def gc_env(variant: str, period: float) -> dict[str, str]:
    post_script_gc, probe = GC_VARIANTS[variant]
    env = {}
    if post_script_gc is not None:
        env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = post_script_gc
    if probe:
        paths = [str(ROOT / "bench" / "gcprobe"), os.environ.get("PYTHONPATH", "")]
        env.update(
            PYTHONPATH=os.pathsep.join(p for p in paths if p),
            DD_BENCH_GC=probe,
            DD_BENCH_GC_PERIOD=f"{period:g}",
        )
    return env


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


@contextmanager
def servers_on(
    directory: Path, database_url: str, count: int, extra_env: dict[str, str] | None = None
) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for i in range(count):
            folder = directory / f"server-{i}"
            folder.mkdir(parents=True, exist_ok=True)
            started.append(
                launch_server(
                    folder,
                    COOKIE_KEY,
                    database_url=database_url,
                    data_dir=directory,
                    extra_env=extra_env,
                )
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
    """A private copy through the online backup API: the cached database is only read. This
    process's engine on an earlier copy (the sessions' sign-ins, bench.wsclient) is closed."""
    engine_for(f"sqlite:///{target}").dispose()
    engine_for.cache_clear()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()
