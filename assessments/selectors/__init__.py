"""Reads, one module per sub-domain, each scoped by organisation or by an unguessable token."""
