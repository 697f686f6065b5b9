"""Facilitator accounts: created from the command line, logged in from the browser."""
