"""The web server's entry: Streamlit (app.py and its pages) plus the one route of our own,
/file/{token}, which hands a file or photo to the signed-in session it was made for
(components.delivery, db.io.delivery).

Start it from the project folder (run.sh does): `streamlit run components/server.py`. Streamlit
finds the `app = st.App(...)` below and serves it with uvicorn; .streamlit/config.toml and
secrets.toml are read from the working folder. app.py stays the script every session runs, so
the pages and the AppTest tests are as before.

Nothing of the app is imported here: the pages' modules declare Streamlit components (the
sign-in cookie's) when imported, which must happen once the runtime runs. The route imports
components.delivery on its first request.
"""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

ROOT = Path(__file__).resolve().parent.parent
# `streamlit run` puts this file's folder first on sys.path; the modules there are
# components.*, never top-level modules. The project folder is where they are found.
HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if p != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SWEEP_SECONDS = 60  # how often the files of sessions that have ended are dropped


def fetch(request: Request) -> Response:
    from components import delivery

    return delivery.fetch(request)


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """While the server runs: once a minute, drop the files of sessions that have ended."""
    from db.io.delivery import STORE

    def active(session_id: str) -> bool:
        from components.delivery import session_active

        return session_active(session_id)

    async def sweep() -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            STORE.sweep(active)

    task = asyncio.create_task(sweep())
    try:
        yield
    finally:
        task.cancel()


def _path() -> str:
    from db.io.delivery import PATH

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{PATH}/{{token}}" if base else f"/{PATH}/{{token}}"


app = st.App(ROOT / "app.py", routes=[Route(_path(), fetch, methods=["GET"])], lifespan=lifespan)
