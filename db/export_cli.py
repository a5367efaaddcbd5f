"""`python -m db export-ledger`: filled in by the export work (see db/exports.py)."""

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the export-ledger command to `python -m db`."""
