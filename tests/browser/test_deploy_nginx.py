"""The shipped deployment, run for real: deploy/nginx/dispute-desk.conf in a real nginx (as the
current user, in the foreground, under a temporary prefix) in front of two servers started with
deploy/systemd/dispute-desk@.service's ExecStart, on one SQLite file. The site file is used as
shipped except for two clear substitutions (site_conf): the upstream's `server` lines name the
test's two ports and `listen 80` becomes a free local port.

Through nginx, in Chromium opening the app by a name (SITE_NAME), as users do: a coordinator
signs in and registers a case (the page is interactive: the websocket is upgraded through the
proxy and accepted as same-origin, which needs the Host header with its port), and every request
of that browser — the page, its assets, the websocket, every rerun — reached one process
(nginx's access log names the upstream of each request), sent to the other
process, finds the case.
Without nginx this test skips, or fails with REQUIRE_BROWSER=1 (CI installs nginx: .ci/run)."""

import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser.appserver import ROOT, Server, _free_port, _python, running_servers
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _skip_or_fail
from tests.browser.test_download_journey import LINK, export_revealed_ledger
from tests.browser.test_two_servers import fill_intake, find_in_ledger, saved_number
from tests.browser.ui import login_ok, new_context

pytestmark = pytest.mark.browser

SITE = ROOT / "deploy" / "nginx" / "dispute-desk.conf"
UNIT = ROOT / "deploy" / "systemd" / "dispute-desk@.service"
SHIPPED_HOME = "/srv/dispute-desk"  # the unit's WorkingDirectory: the project folder here
NGINX_START_TIMEOUT = 20.0  # seconds, for nginx to answer through to a server
LOG_TIMEOUT = 20.0  # seconds, for a closed websocket's line to reach the access log
STICKY_COOKIE = "dd_backend"
# The browser opens the app by a name, as users do, not by 127.0.0.1 (which Streamlit accepts as
# a websocket origin whatever the Host header says): Chromium resolves it to this machine.
SITE_NAME = "dd-desk.test"
# The test's own http { } around the shipped site file: logs and temporary files under the
# prefix, and an access log naming, per request, the sticky key and the process it went to.
MAIN_CONF = """
{user}
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    log_format upstreams '$dd_backend $upstream_addr $status "$request"';
    access_log {prefix}/access.log upstreams;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/dispute-desk.conf;
}}
"""


def site_conf(backends: list[int], listen: int) -> str:
    """The shipped site file with the test's ports: the upstream's `server` lines and `listen`."""
    text = SITE.read_text()
    servers = re.findall(r"^    server 127\.0\.0\.1:\d+;\n", text, flags=re.MULTILINE)
    assert len(servers) == 2, servers
    text = text.replace("".join(servers), "".join(f"    server 127.0.0.1:{p};\n" for p in backends))
    assert text.count("    listen 80;\n") == 1
    return text.replace("    listen 80;\n", f"    listen 127.0.0.1:{listen};\n")


def unit_command(port: int) -> list[str]:
    """The unit's ExecStart for this port (%i), run from the project folder."""
    (line,) = [x for x in UNIT.read_text().splitlines() if x.startswith("ExecStart=")]
    words = shlex.split(line.removeprefix("ExecStart=").replace("%i", str(port)))
    assert words[0] == f"{SHIPPED_HOME}/.venv/bin/python", words[0]
    return [_python(), *words[1:]]


def unit_environment() -> dict[str, str]:
    """The unit's own Environment= lines (the env file's settings come from the test)."""
    lines = UNIT.read_text().splitlines()
    pairs = [x.removeprefix("Environment=") for x in lines if x.startswith("Environment=")]
    return dict(pair.split("=", 1) for pair in pairs)


@dataclass
class Proxy:
    url: str  # what the test's own requests use
    named_url: str  # what the browser opens: SITE_NAME at the same port
    prefix: Path
    backends: dict[str, Server]  # by "127.0.0.1:port", as nginx's $upstream_addr names them

    def log(self) -> list[tuple[str, str, str, str]]:
        """(sticky key, upstream, status, request) per request nginx has logged so far."""
        text = (self.prefix / "access.log").read_text()
        return [tuple(line.split(" ", 3)) for line in text.splitlines()]  # type: ignore[misc]

    def upstream_of(self, key: str) -> str:
        """The process a request with this sticky cookie goes to (one request, then the log)."""
        request = urllib.request.Request(
            f"{self.url}/_stcore/health", headers={"Cookie": f"{STICKY_COOKIE}={key}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.read().decode().strip() == "ok"
        return self.logged(key)[-1][1]

    def logged(self, key: str, wanted: str = "") -> list[tuple[str, str, str, str]]:
        """The logged requests with this sticky key (and `wanted` in the request line), waited
        for: nginx writes a request's line once it has answered, a websocket's once it closed."""
        deadline = time.monotonic() + LOG_TIMEOUT
        while time.monotonic() < deadline:
            found = [e for e in self.log() if e[0] == key and wanted in e[3]]
            if found:
                return found
            time.sleep(0.05)  # polling interval, bounded by the deadline
        pytest.fail(f"no request {wanted!r} of {key} in nginx's access log: {self.log()[-20:]}")


def _nginx() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else ""
    )
    if not found:
        _skip_or_fail("nginx is not installed (apt-get install nginx)")
    return found


@pytest.fixture(scope="module")
def proxy(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    nginx = _nginx()
    environment = {**unit_environment(), "DISPUTE_DESK_TRUSTED_PROXIES": "127.0.0.1"}
    with running_servers(
        tmp_path_factory,
        2,
        demo_cases=30,
        shared_sqlite=True,
        extra_env=environment,
        command=unit_command,
    ) as servers:
        prefix = tmp_path_factory.mktemp("nginx")
        listen = _free_port()
        backends = [int(s.url.rsplit(":", 1)[1]) for s in servers]
        (prefix / "dispute-desk.conf").write_text(site_conf(backends, listen))
        user = "user root;" if os.geteuid() == 0 else ""  # workers reach the prefix's files
        (prefix / "nginx.conf").write_text(MAIN_CONF.format(user=user, prefix=prefix))
        command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
        command += ["-e", str(prefix / "error.log")]
        command += ["-g", f"daemon off; pid {prefix}/nginx.pid; error_log {prefix}/error.log;"]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
        running = subprocess.Popen(command, stderr=subprocess.STDOUT, stdout=subprocess.DEVNULL)
        made = Proxy(
            url=f"http://127.0.0.1:{listen}",
            named_url=f"http://{SITE_NAME}:{listen}",
            prefix=prefix,
            backends={f"127.0.0.1:{p}": s for p, s in zip(backends, servers, strict=True)},
        )
        try:
            _wait_through(made, running)
            yield made
        finally:
            running.terminate()
            running.wait(timeout=20)


def _wait_through(proxy: Proxy, running: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + NGINX_START_TIMEOUT
    while time.monotonic() < deadline:
        if running.poll() is not None:
            pytest.fail(f"nginx exited: {(proxy.prefix / 'error.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=2) as answer:
                if answer.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.1)  # polling interval, bounded by the deadline
    pytest.fail(f"nginx did not pass /_stcore/health through: {proxy.prefix / 'error.log'}")


def through(proxy: Proxy, backend: Server) -> Server:
    """The server as the browser sees it: at nginx's address, by name."""
    return replace(backend, url=proxy.named_url)


@pytest.fixture(scope="module")
def named_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium resolving SITE_NAME to 127.0.0.1."""
    rules = f"--host-resolver-rules=MAP {SITE_NAME} 127.0.0.1"
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, rules]
    )
    yield launched
    launched.close()


@pytest.fixture
def contexts(named_browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    made: list[BrowserContext] = []

    def make() -> BrowserContext:
        made.append(new_context(named_browser))
        return made[-1]

    yield make
    for one in made:
        one.close()


def sticky_key(context: BrowserContext) -> str:
    (value,) = [c["value"] for c in context.cookies() if c["name"] == STICKY_COOKIE]
    return value


def test_through_nginx_a_browser_stays_on_one_process_and_the_other_sees_its_case(
    proxy: Proxy, contexts: Callable[[], BrowserContext]
) -> None:
    one = contexts()
    page = one.new_page()
    front = through(proxy, next(iter(proxy.backends.values())))
    login_ok(page, front, "coordinator")  # the form answered: the websocket works through nginx
    key = sticky_key(one)  # set by nginx on the first answer
    fill_intake(page, front, "经代理登记的纠纷。")
    page.locator(".st-key-intake-submit button").click()
    number = saved_number(page)
    find_in_ledger(page, front, number)  # more pages, more reruns, on the same websocket
    export_revealed_ledger(page)  # a download: /file/<token> is known to one process only
    with page.expect_download() as started:
        page.locator(LINK).click()
    assert started.value.suggested_filename == "ledger.xlsx"
    one.close()

    streams = proxy.logged(key, "/_stcore/stream")
    assert {status for _, _, status, _ in streams} == {"101"}  # upgraded, then closed
    mine = [e for e in proxy.log() if e[0] == key]
    assert len(mine) > 5  # the page, its assets, health checks, the websocket
    assert [e[2] for e in mine if " /file/" in e[3]] == ["200"]
    upstreams = {upstream for _, upstream, _, _ in mine}
    assert len(upstreams) == 1 and upstreams <= set(proxy.backends), upstreams
    (served_by,) = upstreams

    # A second browser whose sticky cookie leads to the other process (one key of a few tried:
    # each goes to either process with even odds) sees the case the first one registered.
    other = next(b for b in proxy.backends if b != served_by)
    keys = (f"probe-{n}" for n in range(40))
    other_key = next(k for k in keys if proxy.upstream_of(k) == other)
    two = contexts()
    two.add_cookies([{"name": STICKY_COOKIE, "value": other_key, "url": proxy.named_url}])
    elsewhere = two.new_page()
    login_ok(elsewhere, front, "mediator")
    find_in_ledger(elsewhere, front, number)
    assert sticky_key(two) == other_key  # nginx kept the browser's cookie
    two.close()
    proxy.logged(other_key, "/_stcore/stream")
    assert {e[1] for e in proxy.log() if e[0] == other_key} == {other}
