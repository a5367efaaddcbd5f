#!/usr/bin/env bash
# The whole test suite: lint, then pytest (db rules on SQLite and, when a server answers, on
# PostgreSQL; page tests; browser journeys when Chromium is present). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed-dev ] || [ requirements.txt -nt .venv/.installed-dev ] || [ requirements-dev.txt -nt .venv/.installed-dev ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements-dev.txt
    touch .venv/.installed-dev .venv/.installed
fi

# Use the local PostgreSQL when one answers and none was named.
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
    if .venv/bin/python -c 'import psycopg; psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", connect_timeout=3).close()' 2>/dev/null; then
        export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
    fi
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
