"""Writes, one module per sub-domain (style guide: services write, selectors read)."""
