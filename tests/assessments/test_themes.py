"""Executive themes (issue #18 item 1): the pure builder (themes chosen and ranked from given
findings, each citing its evidence, 3-5 of them) and the content files that define them."""

from __future__ import annotations

import pytest

from assessments.content import archived_versions, bundled_version, read_content
from assessments.recommendations import Recommendation, Strength
from assessments.themes import MAX_THEMES, MODELS_KEY, Theme, themes_build, themes_for


def _theme(code: str, positive: bool = False, **evidence: list[str]) -> Theme:
    return Theme(
        code=code,
        title={"en": code.title()},
        meaning={"en": f"What {code} means."},
        evidence={kind: frozenset(codes) for kind, codes in evidence.items()},
        positive=positive,
    )


def _rec(code: str, instrument: str, priority: float, *, dimension: str | None = None, children=()) -> Recommendation:
    return Recommendation(
        code=code,
        level="dimension" if children else "item",
        instrument=instrument,
        dimension=dimension or code,
        gap=1.0,
        gap_kind="weakness",
        effort="medium",
        weight=1.0,
        gap_low=0.4,
        gap_high=1.6,
        priority=priority,
        children=tuple(children),
    )


def _strength(code: str, instrument: str, low: float) -> Strength:
    return Strength(
        code=code,
        instrument=instrument,
        dimension=code,
        kind="strength",
        value=low + 0.3,
        low=low,
        high=low + 0.6,
        norm=3.0,
    )


THEMES = (
    _theme("cost", models=["passive"], practice=["BISL-FIN", "BISL-MAN"], trust=["TRU-2"], behaviour=["BEH-IT-3"]),
    _theme("demand", practice=["BISL-DEM"], behaviour=["BEH-BUS-3A"]),
    _theme("direction", relationship=["peer"], practice=["BISL-STR"]),
    _theme("reach", behaviour=["BEH-IT-1A"]),
    _theme("value", trust=["TRU-11"]),
    _theme("service", positive=True, behaviour=["BEH-IT-1A", "BEH-IT-10"]),
    _theme("quiet", behaviour=["BEH-ENT-5"]),
)


def test_it_ranks_themes_by_the_sum_of_their_findings_priority():
    recommendations = [
        _rec("BISL-FIN", "practice", 0.20),
        _rec("TRU-2", "trust", 0.15),
        _rec("BEH-IT-3", "behaviour", 0.10),  # cost: 0.45 in all
        _rec("BISL-DEM", "practice", 0.30),  # demand: 0.30
        _rec("peer", "relationship", 0.35, children=("REL-PEE-1", "REL-PEE-2A")),  # direction: 0.35
        _rec("BEH-IT-1A", "behaviour", 0.05),  # reach: 0.05
        _rec("TRU-11", "trust", 0.25),  # value: 0.25
    ]
    chosen = themes_build(
        themes=THEMES,
        recommendations=recommendations,
        strengths=[_strength("BEH-IT-10", "behaviour", 3.5)],
        models_today={"business": ("passive", "provider"), "it": ("provider",)},
    )
    assert [t.theme.code for t in chosen.themes] == ["cost", "direction", "demand", "value", "service"]
    assert len(chosen.themes) == MAX_THEMES and chosen.candidates == 6 and not chosen.fewer
    cost = chosen.themes[0]
    assert cost.priority == pytest.approx(0.45)
    # Its evidence: the side placed at Passive today (context, first), then its findings by priority.
    assert [(e.kind, e.code, e.side) for e in cost.evidence] == [
        ("model", "passive", "business"),
        ("recommendation", "BISL-FIN", ""),
        ("recommendation", "TRU-2", ""),
        ("recommendation", "BEH-IT-3", ""),
    ]
    # A dimension's recommendation evidences the theme that names the model.
    assert [e.code for e in chosen.themes[1].evidence] == ["peer"]
    # A positive theme is evidenced by strengths, not by the recommendations on the same codes.
    service = chosen.themes[4]
    assert [(e.kind, e.code) for e in service.evidence] == [("strength", "BEH-IT-10")]
    assert service.priority == pytest.approx((3.5 - 3.0) / 4)


def test_it_shows_fewer_themes_when_fewer_have_a_finding_and_never_a_model_alone():
    chosen = themes_build(
        themes=THEMES,
        recommendations=[_rec("BEH-BUS-3A", "behaviour", 0.2)],
        strengths=[],
        # Placed at Passive today: the cost theme's model, but a placement is not a finding.
        models_today={"business": ("passive",)},
    )
    assert [t.theme.code for t in chosen.themes] == ["demand"]
    assert chosen.fewer and chosen.candidates == 1
    assert themes_build(themes=THEMES, recommendations=[], strengths=[], models_today={}).themes == ()


def test_it_breaks_ties_in_the_order_of_the_content():
    chosen = themes_build(
        themes=THEMES,
        recommendations=[_rec("TRU-11", "trust", 0.1), _rec("BEH-IT-1A", "behaviour", 0.1)],
        strengths=[],
        models_today={},
    )
    assert [t.theme.code for t in chosen.themes] == ["reach", "value"]


def _content_codes(version: str) -> dict[str, set[str]]:
    content = read_content(version=version)
    codes: dict[str, set[str]] = {}
    for kind, doc in content["instruments"].items():
        found = codes.setdefault(kind, set())
        found.update(str(d["code"]) for d in doc.get("dimensions") or ())
        for section in doc.get("sections") or ():
            found.update(str(item["code"]) for item in section.get("items") or ())
    return codes


@pytest.mark.parametrize("version", [bundled_version(), *archived_versions()])
def test_every_version_has_themes_whose_evidence_its_content_knows(version):
    themes = themes_for(version)
    assert 3 <= len(themes), version
    codes = _content_codes(version)
    models = codes["relationship"]
    for theme in themes:
        for language in ("en", "nb", "nl"):
            assert theme.title.get(language) and theme.meaning.get(language), (theme.code, language)
        assert any(kind != MODELS_KEY for kind in theme.evidence), theme.code
        for kind, listed in theme.evidence.items():
            known = models if kind == MODELS_KEY else codes[kind]
            assert listed <= known, (version, theme.code, kind, sorted(listed - known))
    # A theme that asks for strengths, and the cost theme the issue names (Passive + BiSL management + trust).
    assert any(t.positive for t in themes)
    cost = next(t for t in themes if t.code == "cost_transparency")
    assert "passive" in cost.evidence[MODELS_KEY] and "BISL-MAN" in cost.evidence["practice"]
    assert "TRU-2" in cost.evidence["trust"]
