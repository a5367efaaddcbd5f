"""`python -m db import-ledger`: filled in by the import work (see db/imports.py)."""

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the import-ledger command to `python -m db`."""
