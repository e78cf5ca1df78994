"""Accounts: users, roles, passwords, sessions and login throttling."""
