"""Operators' commands: python -m db <command> --help."""
