"""Unit tests of the rules in db/, on SQLite and PostgreSQL."""
