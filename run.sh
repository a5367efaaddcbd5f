#!/usr/bin/env bash
# Start Dispute Desk: create the virtual environment, install, migrate, seed the demo (or only
# the first admin) on first run, and serve on http://localhost:${PORT:-8501}. Safe to run again:
# data is never re-seeded.
set -euo pipefail
cd "$(dirname "$0")"
# Everything this script and the app create (data folder, database, secrets, photos) is for
# this user alone: folders 0700, files 0600. The app tightens them itself too (db/core/files.py).
umask 077
# Streamlit's server (uvicorn) would take X-Forwarded-For from 127.0.0.1 on its own; it is
# left to the app, which believes it only from DISPUTE_DESK_TRUSTED_PROXIES.
export FORWARDED_ALLOW_IPS=""

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ requirements.txt -nt .venv/.installed ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.txt
    touch .venv/.installed
fi

mkdir -p data
# A random cookie key for this install, kept out of the repository (.streamlit/secrets.toml
# is gitignored). A shared server sets DISPUTE_DESK_COOKIE_KEY instead.
if [ -z "${DISPUTE_DESK_COOKIE_KEY:-}" ] && ! grep -qs '^cookie_key' .streamlit/secrets.toml; then
    key="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    printf 'cookie_key = "%s"\n' "$key" >> .streamlit/secrets.toml
fi

.venv/bin/python -m db migrate
# On an empty database: the demo county, or with DISPUTE_DESK_DEMO=0 only a county and its
# first admin (one-time password printed once). A database with units is left alone.
.venv/bin/python -m db first-run

# components/server.py serves app.py and the /file route that hands downloads and photos to the
# signed-in session only (README, "Downloads and photos").
exec .venv/bin/python -m streamlit run components/server.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}"
