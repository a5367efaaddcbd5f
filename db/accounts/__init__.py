"""Accounts: users, sign-in and the administration of accounts."""
