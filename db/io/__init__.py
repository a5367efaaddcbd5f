"""Files in and out: ledger imports, exports, backup and restore."""
