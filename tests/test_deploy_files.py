"""What several server processes need from the code and from deploy/ (README, "Several servers
behind a proxy"), checked without starting anything (tests/browser/test_deploy_nginx.py runs
them for real).

- A cache of Streamlit's is memory of one process: a write through another process cannot clear
  it. So every `st.cache_data` / `st.cache_resource` in the app expires by itself (`ttl=`), and
  nothing clears one as a way of showing a write: what a reader may see stale is bounded by the
  ttl the same on one process as on many.
- nginx's upload limit is the app's; the unit serves components/server.py (app.py plus the
  /file route) on the local address only, with uvicorn's own X-Forwarded-For handling off.
"""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_CODE = [ROOT / "app.py", *sorted((ROOT / "components").rglob("*.py"))]
APP_CODE += sorted((ROOT / "pages").rglob("*.py"))
SITE = ROOT / "deploy" / "nginx" / "dispute-desk.conf"
UNIT = ROOT / "deploy" / "systemd" / "dispute-desk@.service"
CACHES = ("cache_data", "cache_resource")


def _streamlit_cache(node: ast.AST) -> str | None:
    """'cache_data' for `st.cache_data` (likewise cache_resource), else None."""
    if isinstance(node, ast.Attribute) and node.attr in CACHES:
        if isinstance(node.value, ast.Name) and node.value.id == "st":
            return node.attr
    return None


def test_every_streamlit_cache_expires_by_itself_and_none_is_cleared() -> None:
    found, wrong = 0, []
    for path in APP_CODE:
        tree = ast.parse(path.read_text(), filename=str(path))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if _streamlit_cache(decorator):  # bare @st.cache_data: no ttl
                        wrong.append(f"{where}:{node.lineno} {node.name}: no ttl")
            if isinstance(node, ast.Call) and _streamlit_cache(node.func):
                found += 1
                if "ttl" not in {k.arg for k in node.keywords}:
                    wrong.append(f"{where}:{node.lineno}: no ttl")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "clear"
                and _streamlit_cache(node.func.value)
            ):
                wrong.append(f"{where}:{node.lineno}: clears a cache of one process only")
    assert found >= 3  # the dashboard's figures, its unit chart, the leader's headline
    assert wrong == []


def test_nginx_takes_the_apps_largest_upload_and_no_more_than_a_megabyte_beyond() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    upload_mb = config["server"]["maxUploadSize"]
    (limit,) = re.findall(r"^\s*client_max_body_size (\d+)m;", SITE.read_text(), re.MULTILINE)
    assert int(limit) == upload_mb + 1


def test_the_unit_serves_the_file_route_locally_with_uvicorns_proxy_headers_off() -> None:
    text = UNIT.read_text()
    (start,) = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    assert " -m streamlit run components/server.py " in start
    assert "--server.port %i " in start and "--server.address 127.0.0.1" in start
    assert "\nEnvironment=FORWARDED_ALLOW_IPS=\n" in text
    assert "\nUMask=0077\n" in text
    assert "\nRequires=dispute-desk-migrate.service\n" in text
    assert (UNIT.parent / "dispute-desk-migrate.service").exists()
