"""Forms of the workspace, one module per resource. They parse and validate input; services write."""

from __future__ import annotations

import re

_LIST_SPLIT_RE = re.compile(r"[\n,;]+")


def split_list(text: str) -> list[str]:
    """Entries of a list typed one per line or separated by commas or semicolons, blanks dropped."""
    return [part.strip() for part in _LIST_SPLIT_RE.split(text or "") if part.strip()]
