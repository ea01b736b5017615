"""Executive themes (issue #18 item 1): findings of several instruments joined under one heading.

The themes are content (`assessments/content/themes.yaml`, and the same file in an archived
version's folder where its codes differ); `themes_build` is pure and typed: the campaign's ranked
recommendations, strengths and today's relationship models in, the themes to show out, with the
findings that evidence each. Presenters word them (`reports.executive`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from assessments.content import ARCHIVE_DIR, bundled_version
from assessments.recommendations import Recommendation, Strength

THEMES_FILE = "assessments/content/themes.yaml"
# The relationship models a side is placed at today: cited as context, never a finding alone.
MODELS_KEY = "models"
# The executive page shows between MIN_THEMES and MAX_THEMES themes (fewer only when fewer have a finding).
MIN_THEMES = 3
MAX_THEMES = 5


@dataclass(frozen=True)
class Theme:
    """One theme as the content defines it: `title` and `meaning` per language; `evidence` the
    codes per instrument kind (and `models` for today's relationship models); `positive` themes
    are evidenced by strengths, the others by ranked recommendations."""

    code: str
    title: Mapping[str, str]
    meaning: Mapping[str, str]
    evidence: Mapping[str, frozenset[str]]
    positive: bool = False


@dataclass(frozen=True)
class Evidence:
    """A finding that evidences a theme: a ranked recommendation ("recommendation"), a strength
    ("strength"), or a side's relationship model today ("model", context with priority 0)."""

    kind: str
    instrument: str
    code: str
    priority: float
    side: str = ""


@dataclass(frozen=True)
class ThemeFinding:
    theme: Theme
    priority: float  # the sum of its findings' priority
    evidence: tuple[Evidence, ...]  # models first, then findings by priority


@dataclass(frozen=True)
class ThemesChosen:
    themes: tuple[ThemeFinding, ...]
    # Themes with at least one finding, before the cut at MAX_THEMES.
    candidates: int

    @property
    def fewer(self) -> bool:
        """Fewer than MIN_THEMES themes have a finding: the page says so."""
        return len(self.themes) < MIN_THEMES


# --- Content ---------------------------------------------------------------------------------


def themes_path(version: str) -> Path:
    """The themes file of an instrument version: the repository's for the bundled version, the
    archive's (laid out as the repository) for an archived one."""
    base = Path(settings.BASE_DIR) if version == bundled_version() else ARCHIVE_DIR / version
    return base / THEMES_FILE


def _codes(value: Any) -> frozenset[str]:
    return frozenset(str(code) for code in value or ())


@lru_cache(maxsize=8)
def themes_for(version: str) -> tuple[Theme, ...]:
    """The themes of an instrument version, read once per process (the files do not change while
    the portal runs); none when the version has no themes file."""
    path = themes_path(version)
    if not path.is_file():
        return ()
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if str(doc.get("version")) != version:
        raise ValueError(f"{path}: version {doc.get('version')!r} is not {version!r}")
    return tuple(
        Theme(
            code=str(entry["code"]),
            title=dict(entry["title"]),
            meaning=dict(entry["meaning"]),
            evidence={str(kind): _codes(codes) for kind, codes in (entry.get("evidence") or {}).items()},
            positive=bool(entry.get("positive", False)),
        )
        for entry in doc.get("themes") or ()
    )


# --- The builder (pure) ----------------------------------------------------------------------


def _matches(codes: frozenset[str], code: str, dimension: str | None, children: Sequence[str] = ()) -> bool:
    return code in codes or (dimension is not None and dimension in codes) or any(c in codes for c in children)


def _findings(theme: Theme, recommendations: Sequence[Recommendation], strengths: Sequence[Strength]) -> list[Evidence]:
    found = []
    if theme.positive:
        for s in strengths:
            if _matches(theme.evidence.get(s.instrument, frozenset()), s.code, s.dimension):
                found.append(Evidence("strength", s.instrument, s.code, max(0.0, s.certainty), s.group))
    else:
        for rec in recommendations:
            # Every ranked recommendation is a clear finding (its gap's interval excludes zero).
            if _matches(theme.evidence.get(rec.instrument, frozenset()), rec.code, rec.dimension, rec.children):
                found.append(Evidence("recommendation", rec.instrument, rec.code, rec.priority, rec.group))
    return sorted(found, key=lambda e: -e.priority)


def themes_build(
    *,
    themes: Sequence[Theme],
    recommendations: Sequence[Recommendation],
    strengths: Sequence[Strength],
    models_today: Mapping[str, Sequence[str]],
    limit: int = MAX_THEMES,
) -> ThemesChosen:
    """The themes to show, ranked by the sum of their findings' priority (ties: content order).

    `recommendations` are every ranked one (main list and appendix); `strengths` the campaign's;
    `models_today` per side the relationship models its index's interval reaches today. A theme
    is shown when one of its codes is a clear finding; the models a side sits at today are cited
    with it (a placement, not a gap, so they never show a theme on their own).
    """
    chosen = []
    for order, theme in enumerate(themes):
        findings = _findings(theme, recommendations, strengths)
        if not findings:
            continue
        wanted = theme.evidence.get(MODELS_KEY, frozenset())
        context = [
            Evidence("model", "relationship", model, 0.0, side)
            for side, models in models_today.items()
            for model in models
            if model in wanted
        ]
        total = sum(e.priority for e in findings)
        chosen.append((-total, order, ThemeFinding(theme=theme, priority=total, evidence=(*context, *findings))))
    chosen.sort(key=lambda entry: (entry[0], entry[1]))
    return ThemesChosen(themes=tuple(entry[2] for entry in chosen[:limit]), candidates=len(chosen))
