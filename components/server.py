"""The web server's entry: Streamlit (app.py and its pages) plus the one route of our own,
/file/{token}, which hands a file or photo to the signed-in session it was made for
(components.delivery, db.io.delivery).

Start it from the project folder (run.sh does): `streamlit run components/server.py`. Streamlit
finds the `app = st.App(...)` below, serves it with uvicorn, and reads .streamlit/config.toml
and secrets.toml from the working folder; app.py stays the script every session runs, so the
pages and the AppTest tests are as before.
"""

import sys
from pathlib import Path

import streamlit as st
from streamlit import config

ROOT = Path(__file__).resolve().parent.parent
# `streamlit run` puts this file's folder first on sys.path; the modules there are
# components.*, never top-level modules. The project folder is where they are found.
HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if p != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.delivery import lifespan, routes  # noqa: E402

app = st.App(
    ROOT / "app.py",
    routes=routes(config.get_option("server.baseUrlPath") or ""),
    lifespan=lifespan,
)
