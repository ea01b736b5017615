"""Reading and checking the instrument content files (see docs/content-format.md).

Pure functions: no ORM. `instrument_load` in services.py turns the result into rows.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils import translation

from assessments.content_open_questions import OPEN_QUESTIONS_FILE, validate_open_questions
from assessments.slices import kinds, slices
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.scoring import SIDES as SIDE_ORDER

# Each instrument's content file is its slice's (assessments.slices); the overview is the core's.
OVERVIEW_FILE = "assessments/content/overview.yaml"
EFFORTS = {"low", "medium", "high"}
SIDES = set(SIDE_ORDER)
CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{1,38}$")


def localized(text: Any, language: str | None = None) -> str:
    """A content text ({"en": ..., "nb": ...}) in `language`, by default the active one.

    Falls back to English, the one language validate_content requires; plain strings pass
    through. Pure apart from reading the active language, so it can run anywhere a request or
    `translation.override` has set it (views, the PDF task, e-mails).
    """
    if not isinstance(text, dict):
        return str(text or "")
    if language is None:
        language = translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    return text.get(language) or text.get("en", "")


def content_file(kind: str) -> str:
    """Where an instrument's content lives, relative to the project (for messages and reading)."""
    instrument = next(s for s in slices() if s.kind == kind)
    return str(instrument.content_file.relative_to(Path(settings.BASE_DIR)))


def read_content(base_dir: Path | None = None, *, version: str | None = None) -> dict[str, Any]:
    """Read every content file; return {"version", "instruments": {kind: ...}, "overview", "hash"}.

    `version` names a version kept in the archive (`archived_versions()`: the files of earlier
    bundled versions, laid out as in the repository under ARCHIVE_DIR/<version>/), or the bundled
    one; by default the files in the repository. Parsed and validated once per process and set of
    files (keyed by their modification times), since every test and every `instrument_load` asks
    for it; callers get a copy of their own to change.
    """
    if version is not None and version != bundled_version():
        if version not in archived_versions():
            known = ", ".join([bundled_version(), *archived_versions()])
            raise ApplicationError(f"No content files for version {version!r}. Known: {known}")
        base_dir = ARCHIVE_DIR / version
    base = Path(base_dir or settings.BASE_DIR)
    order = kinds()
    paths = [base / content_file(kind) for kind in order] + [base / OVERVIEW_FILE]
    try:
        open_path = base / OPEN_QUESTIONS_FILE
        mtimes = [path.stat().st_mtime_ns for path in paths] + [
            open_path.stat().st_mtime_ns if open_path.exists() else 0
        ]
        key = (str(base), tuple(mtimes))
    except OSError as exc:
        raise ApplicationError(f"Cannot read content files in {base}: {exc}") from exc
    if key not in _CONTENT_CACHE:
        instruments = {kind: _read_yaml(path) for kind, path in zip(order, paths, strict=False)}
        # A few entries: the bundled files and an archived version are read side by side.
        if len(_CONTENT_CACHE) >= 4:
            _CONTENT_CACHE.clear()
        overview = _read_yaml(paths[-1])
        # The file names the version its questions belong to: another version has none.
        questions = _read_yaml(open_path) if open_path.exists() else {}
        same = str(questions.get("version", "")) == str(overview.get("version"))
        _CONTENT_CACHE[key] = content_prepare(
            instruments=instruments, overview=overview, open_questions=questions.get("questions") if same else None
        )
    return copy.deepcopy(_CONTENT_CACHE[key])


_CONTENT_CACHE: dict[tuple[str, tuple[int, ...]], dict[str, Any]] = {}
# Earlier bundled versions, kept readable so a campaign on one can be loaded again on a new
# database (a restored backup keeps its Instrument rows; the files are for a fresh install and tests).
ARCHIVE_DIR = Path(__file__).resolve().parent / "content" / "archive"


def archived_versions() -> list[str]:
    """The versions kept in the archive (ARCHIVE_DIR/<version>/), oldest first."""
    if not ARCHIVE_DIR.is_dir():
        return []
    found = [path.name for path in ARCHIVE_DIR.iterdir() if (path / OVERVIEW_FILE).is_file()]
    return sorted(found, key=lambda v: [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.-]", v)])


def code_history() -> dict[str, str]:
    """Each item code of the bundled versions -> the first of them that has it (the archive starts
    at 2026.2, which kept 2026.1's codes): where `instrument_items` takes an item's `since`."""
    first: dict[str, str] = {}
    for version in [*archived_versions(), bundled_version()]:
        for doc in read_content(version=version)["instruments"].values():
            for section in doc.get("sections", []):
                for item in section.get("items", []):
                    first.setdefault(item["code"], version)
    return first


@lru_cache(maxsize=1)
def bundled_version() -> str:
    """The version of the content in this repository (what `read_content()["version"]` gives):
    the bundled CURRENT version, which new campaigns default to. Read once per process, from
    the overview file alone, as the files do not change while the portal runs."""
    return str(_read_yaml(Path(settings.BASE_DIR) / OVERVIEW_FILE)["version"])


def content_prepare(
    *, instruments: dict[str, Any], overview: dict[str, Any], open_questions: Any = None
) -> dict[str, Any]:
    """Validate parsed content and add its `version`, `open_questions` and `hash`, as
    `instrument_load` expects.

    Shared by `read_content` (the files in the repository) and the instrument upload, so the
    same content always gets the same hash.
    """
    # A JSON round trip gives the shape the JSONField will hand back (string keys for the
    # numbered scale labels and levels), so fresh and stored content read the same way.
    content = json.loads(json.dumps({"instruments": instruments, "overview": overview}, default=str))
    questions = json.loads(json.dumps(open_questions or [], default=str))
    errors = validate_content(content) + validate_open_questions(questions, content)
    if errors:
        raise ApplicationError("Instrument content is invalid:\n" + "\n".join(errors), {"errors": errors})
    content["version"] = str(overview["version"])
    # In the hash only when there are some: versions without open questions (2026.x) keep the
    # hash they were loaded with, so `instrument_load` still finds them unchanged.
    if questions:
        content["open_questions"] = questions
    content["hash"] = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
    content["open_questions"] = questions
    return content


# Limits of a YAML content file (issue #15): the bundled files nest about 10 levels deep and hold
# about 8,000 nodes together.
YAML_MAX_DEPTH = 32
YAML_MAX_NODES = 50_000


class ContentLimitError(yaml.YAMLError):
    """A YAML text over the limits of a content file; the message says which, for a person."""


def yaml_load_limited(text: str, *, max_depth: int = YAML_MAX_DEPTH, max_nodes: int = YAML_MAX_NODES) -> Any:
    """`yaml.safe_load(text)`, once its events pass the limits of a content file.

    No aliases (`*name`: a few nested ones expand to gigabytes, the "billion laughs"), at most
    `max_depth` levels of lists and mappings, at most `max_nodes` values. The parser hands out
    one event at a time, so a hostile text is refused at its first offending event, before
    anything is built from it (and before PyYAML's scanner, which slows down with every level
    of open brackets, gets deep). libyaml's parser where PyYAML was built with it.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            raise ContentLimitError(
                translation.gettext(
                    "The file uses a YAML alias (*name, line %(line)s): content files have none, and a few "
                    "nested aliases expand to gigabytes."
                )
                % {"line": line}
            )
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > max_nodes:
                raise ContentLimitError(
                    translation.gettext("The file holds more than %(max)s values: it is not a content file.")
                    % {"max": max_nodes}
                )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise ContentLimitError(
                    translation.gettext(
                        "The file nests lists or mappings more than %(max)s levels deep (line %(line)s): "
                        "it is not a content file."
                    )
                    % {"max": max_depth, "line": line}
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml_load_limited(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ApplicationError(f"Cannot read content file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ApplicationError(f"Content file {path} must hold a mapping")
    return data


def _has_text(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("en"), str) and bool(value["en"].strip())


def _item_text_ok(text: Any) -> bool:
    if _has_text(text):
        return True
    return isinstance(text, dict) and set(text) == SIDES and all(_has_text(text[s]) for s in SIDES)


def validate_content(content: dict[str, Any]) -> list[str]:
    """Every problem in the content, each naming the file part and the item."""
    errors: list[str] = []
    overview = content.get("overview") or {}
    version = str(overview.get("version", ""))
    if not version:
        errors.append("overview: version is missing")
    for key in ("ladder", "weights", "method"):
        if key not in overview:
            errors.append(f"overview: {key} is missing")
    if len(overview.get("ladder", [])) != 5:
        errors.append("overview: ladder must have five levels")
    references = overview.get("references", [])
    if not isinstance(references, list) or not all(isinstance(r, str) and r.strip() for r in references):
        errors.append("overview: references must be a list of citations (plain text)")
    weights = overview.get("weights", {})
    # An instrument without a weight is left out of overall maturity (a new one may start so).
    if not weights or not set(weights) <= set(kinds()):
        errors.append(f"overview: weights must name some of {kinds()}, and nothing else")
    elif abs(sum(float(w) for w in weights.values()) - 1.0) > 1e-6:
        errors.append("overview: weights must add up to 1")

    seen_codes: set[str] = set()
    for instrument in slices():
        kind = instrument.kind
        doc = content["instruments"].get(kind) or {}
        where = content_file(kind)
        if doc.get("instrument") != kind:
            errors.append(f"{where}: instrument must be {kind!r}")
        if str(doc.get("version", "")) != version:
            errors.append(f"{where}: version {doc.get('version')!r} differs from overview {version!r}")
        scale = doc.get("scale") or {}
        if not (
            isinstance(scale.get("min"), int) and isinstance(scale.get("max"), int) and scale["min"] < scale["max"]
        ):
            errors.append(f"{where}: scale needs integer min < max")
        aspects = doc.get("aspects") or []
        if not aspects or not all(isinstance(a, str) for a in aspects):
            errors.append(f"{where}: aspects must be a list of names")
        dimensions = {d.get("code") for d in doc.get("dimensions", [])}
        for dim in doc.get("dimensions", []):
            for key in ("name", "recommendation"):
                if not _has_text(dim.get(key)):
                    errors.append(f"{where}: dimension {dim.get('code')}: {key} is missing")
            if dim.get("effort") not in EFFORTS:
                errors.append(f"{where}: dimension {dim.get('code')}: effort must be low, medium or high")
        # What only this instrument asks of its content (the relationship's four models...).
        errors.extend(instrument.validate(doc, where))
        if not doc.get("sections"):
            errors.append(f"{where}: no sections")
        for section in doc.get("sections", []):
            if not _has_text(section.get("title")):
                errors.append(f"{where}: section {section.get('code')}: title is missing")
            if not section.get("items"):
                errors.append(f"{where}: section {section.get('code')}: no items")
            for item in section.get("items", []):
                code = item.get("code", "?")
                at = f"{where}: item {code}"
                if not isinstance(code, str) or not CODE_RE.match(code):
                    errors.append(f"{at}: code must be upper case letters, digits and dashes")
                if code in seen_codes:
                    errors.append(f"{at}: code is used twice")
                seen_codes.add(code)
                if item.get("dimension") not in dimensions:
                    errors.append(f"{at}: dimension {item.get('dimension')!r} is not listed in dimensions")
                if not _item_text_ok(item.get("text")):
                    errors.append(f"{at}: text needs 'en', or 'business' and 'it' each with 'en'")
                if not _has_text(item.get("recommendation")):
                    errors.append(f"{at}: recommendation is missing")
                if item.get("effort") not in EFFORTS:
                    errors.append(f"{at}: effort must be low, medium or high")
                weight = item.get("weight")
                if not isinstance(weight, (int, float)) or not 0 < weight <= 5:
                    errors.append(f"{at}: weight must be a positive number")
                if not item.get("source"):
                    errors.append(f"{at}: source is missing")
                if not set(item.get("sides", SIDES)) <= SIDES:
                    errors.append(f"{at}: sides must be business and/or it")
                if "keyed" in item and (item["keyed"] != "reversed" or not getattr(instrument, "reverse_keyed", False)):
                    allowed = "only 'keyed: reversed'" if getattr(instrument, "reverse_keyed", False) else "no 'keyed'"
                    errors.append(f"{at}: keyed {item['keyed']!r} is not understood ({kind} items take {allowed})")
                errors.extend(_replaces_errors(item, at))
    return errors


def _replaces_errors(item: dict[str, Any], at: str) -> list[str]:
    """`replaces` names the item codes of an earlier version this one succeeds (a split or a
    rewrite), for trends across versions: a list of codes, never the item's own."""
    if "replaces" not in item:
        return []
    codes = item["replaces"]
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) and CODE_RE.match(c) for c in codes):
        return [f"{at}: replaces must be a list of item codes"]
    if item.get("code") in codes:
        return [f"{at}: replaces names the item itself (a carried-over item keeps its code and has no replaces)"]
    if len(set(codes)) != len(codes):
        return [f"{at}: replaces names a code twice"]
    return []


# Lists of owners in the content, and how an owner is named in a missing-translation report.
_OWNER_LISTS = {"sections": "section", "items": "item", "dimensions": "dimension", "ladder": "ladder level"}


def missing_translations(content: dict[str, Any], languages: list[str]) -> list[str]:
    """Every text (a dict with an "en" key) lacking a non-empty value for one of `languages`.

    Each entry names the file, the owning section, item, dimension or ladder level, the path of
    the text within it, and the language, e.g.
    "trust/content/trust.yaml: item TRU-1: text.business: nb is missing".
    Pure: takes the dict `read_content` returns (or its "instruments" and "overview" parts).
    """
    missing: list[str] = []

    def walk(node: Any, where: str, owner: str, path: list[str]) -> None:
        if isinstance(node, dict):
            if "en" in node:
                for lang in languages:
                    value = node.get(lang)
                    if not (isinstance(value, str) and value.strip()):
                        at = ": ".join(part for part in (where, owner, ".".join(path)) if part)
                        missing.append(f"{at}: {lang} is missing")
                return
            for key, value in node.items():
                if key in _OWNER_LISTS and isinstance(value, list):
                    for index, child in enumerate(value):
                        code = child.get("code", child.get("level", index)) if isinstance(child, dict) else index
                        walk(child, where, f"{_OWNER_LISTS[key]} {code}", [])
                else:
                    walk(value, where, owner, [*path, str(key)])
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, where, owner, [*path, str(index)])

    walk(content.get("overview") or {}, OVERVIEW_FILE, "", [])
    for question in content.get("open_questions") or []:
        if isinstance(question, dict):
            walk(question.get("text"), OPEN_QUESTIONS_FILE, f"question {question.get('code')}", ["text"])
    for kind in kinds():
        walk((content.get("instruments") or {}).get(kind) or {}, content_file(kind), "", [])
    return missing
