"""A real Dispute Desk server for the browser tests: `python -m db migrate` and `python -m db
demo` on a database of its own, then `streamlit run components/server.py` (app.py and the
/file route, as run.sh starts it) on a free port, in its own process
group (killed as a whole when the test is done). Several servers may also share one database
(PostgreSQL, or one SQLite file) and one data folder, as behind a load balancer
(running_servers(database_url=...) or running_servers(shared_sqlite=True))."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "components/server.py"  # app.py served with the /file route, as run.sh starts it
DEMO_PASSWORD = "browser-demo-Pw-" + secrets.token_hex(4)
DEMO_CASES = 300
SERVER_TIMEZONE = "UTC"
SERVER_START_TIMEOUT = 60.0  # seconds, for /_stcore/health to answer "ok"
Command = Callable[[int], list[str]]  # a server's command line for its port


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url: str) -> str | None:
    # A test server over HTTPS has a self-signed certificate (tls_files): not verified here.
    unverified = ssl._create_unverified_context() if url.startswith("https") else None
    try:
        with urllib.request.urlopen(
            f"{url}/_stcore/health", timeout=2, context=unverified
        ) as response:
            return response.read().decode().strip()
    except OSError:
        return None


@dataclass
class Server:
    """A running server (`streamlit run components/server.py`) on its own database and data
    directory."""

    url: str
    directory: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log_path: Path
    cookie_key: str
    password: str = DEMO_PASSWORD
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def database(self) -> Path:
        return self.directory / "dd.db"

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def log_tail(self, lines: int = 60) -> str:
        """The end of the server's output, without the access log's lines."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        kept = [line for line in text.splitlines() if '"GET /' not in line]
        return "\n".join(kept[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()


def server_env(
    directory: Path,
    cookie_key: str,
    *,
    database_url: str | None = None,
    data_dir: Path | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """A server's environment: by default its own SQLite file and data folder in `directory`;
    `extra` adds or overrides variables (e.g. DISPUTE_DESK_TRUSTED_PROXIES)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update(
        DATABASE_URL=database_url or f"sqlite:///{directory / 'dd.db'}",
        DISPUTE_DESK_DATA=str(data_dir or directory),
        DISPUTE_DESK_COOKIE_KEY=cookie_key,
        DEMO_PASSWORD=DEMO_PASSWORD,
        BCRYPT_ROUNDS="4",
        PYTHONUNBUFFERED="1",
        # As ./run.sh: uvicorn leaves X-Forwarded-For alone; DISPUTE_DESK_TRUSTED_PROXIES decides.
        FORWARDED_ALLOW_IPS="",
        # The server's clock zone, stated: a container's default. Browsers in the tests say
        # which zone they are in (BROWSER_TIMEZONE, or Asia/Shanghai where that matters).
        TZ=SERVER_TIMEZONE,
    )
    env.update(extra or {})
    return env


def prepare_database(
    directory: Path,
    cookie_key: str,
    demo_cases: int = DEMO_CASES,
    *,
    database_url: str | None = None,
) -> None:
    """`python -m db migrate` and `python -m db demo` in the server's environment."""
    directory.mkdir(parents=True, exist_ok=True)
    env = server_env(directory, cookie_key, database_url=database_url)
    for command in (["migrate"], ["demo", "--cases", str(demo_cases)]):
        done = subprocess.run(
            [_python(), "-m", "db", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            pytest.fail(
                f"python -m db {' '.join(command)} failed ({done.returncode}):\n"
                f"{done.stdout}\n{done.stderr}"
            )


def copy_database(source: Path, target: Path) -> None:
    """A prepared database for another server (the CLI has exited, so the file is at rest)."""
    target.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if (source / f"dd.db{suffix}").exists():
            shutil.copy(source / f"dd.db{suffix}", target / f"dd.db{suffix}")


def launch_server(
    directory: Path,
    cookie_key: str,
    *,
    database_url: str | None = None,
    data_dir: Path | None = None,
    tls: tuple[Path, Path] | None = None,
    extra_env: dict[str, str] | None = None,
    command: Command | None = None,
) -> Server:
    """Start the server on a free port; does not wait for it (see wait_ready). With `tls`
    (certificate and key files, see tls_files) it serves HTTPS. `command` (the port -> the
    command line) replaces the test's own `streamlit run` line (e.g. a systemd unit's)."""
    port = _free_port()
    tls_args = (
        ["--server.sslCertFile", str(tls[0]), "--server.sslKeyFile", str(tls[1])] if tls else []
    )
    log_path = directory / "server.log"
    log = log_path.open("wb")
    env = server_env(
        directory, cookie_key, database_url=database_url, data_dir=data_dir, extra=extra_env
    )
    process = subprocess.Popen(
        command(port)
        if command
        else [
            _python(),
            "-m",
            "streamlit",
            "run",
            ENTRY,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            # The test server runs the code as it was at start: no reload mid-test when a
            # source file changes on disk.
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            *tls_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, killed as a whole at teardown
    )
    return Server(
        url=f"{'https' if tls else 'http'}://127.0.0.1:{port}",
        directory=directory,
        env=env,
        process=process,
        log_path=log_path,
        cookie_key=cookie_key,
        _log=log,
    )


def wait_ready(server: Server, timeout: float = SERVER_START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"streamlit exited with {server.process.returncode} before it was ready:\n"
                f"{server.log_tail()}"
            )
        if _health(server.url) == "ok":
            return
        time.sleep(0.1)  # polling interval, bounded by the deadline
    pytest.fail(
        f"streamlit did not answer ok on /_stcore/health in {timeout:.0f} s:\n{server.log_tail()}"
    )


def tls_files(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (openssl), for a server over HTTPS."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def create_user(server: Server, username: str, password: str, role: str = "coordinator") -> None:
    """What an operator does on the server: `python -m db create-user` (the account must change
    its password at first sign-in)."""
    done = subprocess.run(
        [_python(), "-m", "db", "create-user", username, "--role", role]
        + ["--unit", "QSZ", "--name", "新用户", "--password", password],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def new_cookie_key() -> str:
    return secrets.token_urlsafe(36)[:48]


@contextmanager
def running_servers(
    tmp_path_factory: pytest.TempPathFactory,
    count: int,
    *,
    demo_cases: int = DEMO_CASES,
    database_url: str | None = None,
    shared_sqlite: bool = False,
    extra_env: dict[str, str] | None = None,
    command: Command | None = None,
) -> Iterator[list[Server]]:
    """`count` servers, each on its own copy of one freshly prepared demo database (same
    accounts, same cases, same cookie key), started together; stopped on leaving.

    With `database_url` (an empty PostgreSQL database), or with `shared_sqlite` (one SQLite
    file, WAL), the servers share that one database, prepared once, and one data folder: a
    deployment of several processes behind a proxy."""
    template = tmp_path_factory.mktemp("demo-db")
    key = new_cookie_key()
    if shared_sqlite:
        database_url = f"sqlite:///{template / 'dd.db'}"
    prepare_database(template, key, demo_cases, database_url=database_url)
    started: list[Server] = []
    try:
        for _ in range(count):
            directory = tmp_path_factory.mktemp("server")
            if database_url is None:
                copy_database(template, directory)
                started.append(launch_server(directory, key, extra_env=extra_env, command=command))
            else:
                started.append(
                    launch_server(
                        directory,
                        key,
                        database_url=database_url,
                        data_dir=template,
                        extra_env=extra_env,
                        command=command,
                    )
                )
        for one in started:
            wait_ready(one)
        yield started
    finally:
        for one in started:
            one.stop()
