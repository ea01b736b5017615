"""The README's "Why these dependencies" table names every runtime package, and only those (issue #15,
item 14): a package added to requirements.txt without a reason, or a reason left for a package
that went, fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    """`psycopg[binary]==3.3.9` -> `psycopg`, normalised as pip does (PEP 503)."""
    name = re.split(r"[\[=<>!~; ]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_packages() -> set[str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return {_name(line) for line in lines if line.strip() and not line.lstrip().startswith(("#", "-"))}


def _table_packages() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Why these dependencies", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in re.findall(r"^\| (?!package |---)([^|]+) \|", section, flags=re.MULTILINE):
        names.update(_name(re.sub(r" \d[\d.]*$", "", cell)) for cell in row.split(","))
    return names


def test_it_explains_every_runtime_package_and_only_those():
    runtime = _runtime_packages()
    assert {"django", "celery", "psycopg", "weasyprint"} <= runtime
    assert _table_packages() == runtime


def test_it_keeps_the_test_tools_out_of_the_runtime_table():
    dev = [line for path in ROOT.glob("requirements-*.txt") for line in path.read_text().splitlines()]
    tools = {_name(line) for line in dev if line.strip() and not line.lstrip().startswith(("#", "-"))}
    assert {"pytest", "playwright"} <= tools
    assert not tools & _table_packages()
