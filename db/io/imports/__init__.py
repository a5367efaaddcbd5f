"""Bringing an office's Excel ledger in: read the workbook, map its words, plan, preview, apply."""
