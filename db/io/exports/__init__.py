"""Workbooks out: the ledger, case forms, the weekly pack and the bulletin; formula-looking text kept as text."""
