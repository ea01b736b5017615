"""Checking the open questions of a content version (issue #17; docs/content-format.md, "Open
questions"). Pure, like assessments.content, which reads the file and calls this."""

from __future__ import annotations

import re
from typing import Any

from brmportal.lib.scoring import SIDES

# One file for the core, beside overview.yaml, used by the version it names only.
OPEN_QUESTIONS_FILE = "assessments/content/open_questions.yaml"
OPEN_QUESTION_MAX_LENGTH = 2000
# The rule of item codes (assessments.content.CODE_RE): an open question's code is an answer
# column of the import beside them.
CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{1,38}$")


def _has_text(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("en"), str) and bool(value["en"].strip())


def validate_open_questions(questions: Any, content: dict[str, Any]) -> list[str]:
    """Every problem in a version's open questions: a list of {code, sides, text, max_length}."""
    where = OPEN_QUESTIONS_FILE
    if not isinstance(questions, list):
        return [f"{where}: questions must be a list"]
    item_codes = {
        item.get("code")
        for doc in (content.get("instruments") or {}).values()
        if isinstance(doc, dict)
        for section in doc.get("sections") or []
        if isinstance(section, dict)
        for item in section.get("items") or []
        if isinstance(item, dict)
    }
    errors: list[str] = []
    seen: set[str] = set()
    for question in questions:
        if not isinstance(question, dict):
            errors.append(f"{where}: each question must be a mapping")
            continue
        code = question.get("code", "?")
        at = f"{where}: question {code}"
        if not isinstance(code, str) or not CODE_RE.match(code):
            errors.append(f"{at}: code must be upper case letters, digits and dashes")
        elif code in seen or code in item_codes:
            errors.append(f"{at}: code is used twice")
        seen.add(str(code))
        sides = question.get("sides")
        if not isinstance(sides, list) or not sides or not set(sides) <= set(SIDES):
            errors.append(f"{at}: sides must be business and/or it")
        if not _has_text(question.get("text")):
            errors.append(f"{at}: text needs 'en'")
        length = question.get("max_length")
        if not isinstance(length, int) or isinstance(length, bool) or not 1 <= length <= OPEN_QUESTION_MAX_LENGTH:
            errors.append(f"{at}: max_length must be a whole number from 1 to {OPEN_QUESTION_MAX_LENGTH}")
    return errors
