"""Records of the core's method (issue #16) built by hand, for the dashboard, PDF, API and command
tests: ranked recommendations (main list and appendix), strengths, flags, reliability and a
missing maturity. They go through the core's own functions (`candidate`, `recommendations_rank`,
`strength`) and JSON shapes (`to_json`), with words of our own instead of the slices', so the
presentation is tested whatever the instruments' slices propose.

The ranking, worked by hand (priority = weight x the near end of the interval / the scale's
range 5 - 1 = 4, assessments.recommendations):
- BEH-IT-1: low effort, stage 1 (know what you do), gap 1.2 (0.8 to 1.6): 1 x 0.8 / 4 = 0.20.
- BEH-IT-2: low effort, stage 2 (stop the bleeding), gap 1.6 (1.2 to 2.0): 1 x 1.2 / 4 = 0.30,
  the highest, but it names BEH-IT-1 as its prerequisite and comes from a later stage: rank 2.
- BEH-IT-3 .. BEH-IT-12: medium effort, no stage, gaps with near ends 0.70, 0.66, ... 0.34
  (0.70 - 0.04 k): priorities 0.175 .. 0.085, ranks 3 .. 12.
- BEH-IT-13: gap 0.5 (-0.1 to 1.1), its interval holds zero: not clear, dropped.
So the main list is ranks 1-10, the appendix ranks 11 and 12 (BEH-IT-11, BEH-IT-12); the one quick
win is BEH-IT-1 (low effort, waits for nothing); BEH-IT-2 is low effort but waits for BEH-IT-1.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.recommendations import Recommendation, Strength, candidate, recommendations_rank, strength
from assessments.results import CampaignScores, Flags, Reliability
from brmportal.lib.scoring import ByGroup, Dimension, ItemMeta
from brmportal.lib.stats import Difference


def _candidate(number: int, gap: Difference, *, effort: str = "medium", stage: int = 0, prerequisites=()):
    code = f"BEH-IT-{number}"
    item = ItemMeta(code=code, kind="behaviour", dimension=code, group="it", effort=effort)
    return candidate(
        item,
        Dimension(code=code, effort=effort),
        instrument="behaviour",
        gap=gap,
        gap_kind="weakness",
        measured={"business": 2.0},
        numbers={"mean": 2.0},
        per_side={"business": (2.0,)},
        group="it",
        stage=stage,
        prerequisites=prerequisites,
    )


def ranked() -> tuple[tuple[Recommendation, ...], tuple[Recommendation, ...]]:
    candidates = [
        _candidate(1, Difference(1.2, 0.8, 1.6), effort="low", stage=1),
        _candidate(2, Difference(1.6, 1.2, 2.0), effort="low", stage=2, prerequisites=("BEH-IT-1",)),
        *(_candidate(3 + k, Difference(1.0, 0.70 - 0.04 * k, 1.3)) for k in range(10)),
        _candidate(13, Difference(0.5, -0.1, 1.1)),
    ]
    result = recommendations_rank(candidates)
    return result.main, result.appendix


def worded(records: tuple[Recommendation, ...]) -> list[dict[str, Any]]:
    """The records in the documented shape, with words of our own (title "Title BEH-IT-n")."""
    return [
        rec.to_json(
            {
                "title": f"Title {rec.code}",
                "text": f"Advice for {rec.code}.",
                "dimension_recommendation": None,
                "trigger": f"the business rates {rec.code} low",
            }
        )
        for rec in records
    ]


def strengths() -> tuple[Strength, ...]:
    """A strength (TRU-1, mean 4.2, 3.8 to 4.6, above the norm 3) and a hidden strength
    (BEH-BUS-2, the mirror 0.9 above the self rating, 0.3 to 1.5)."""
    found = (
        strength(
            code="TRU-1",
            instrument="trust",
            dimension="TRU-1",
            kind="strength",
            estimate=Difference(4.2, 3.8, 4.6),
            norm=3.0,
        ),
        strength(
            code="BEH-BUS-2",
            instrument="behaviour",
            dimension="BEH-BUS-2",
            kind="hidden_strength",
            estimate=Difference(0.9, 0.3, 1.5),
            group="business",
        ),
    )
    assert all(found)
    return tuple(s for s in found if s is not None)


def strengths_worded(records: tuple[Strength, ...]) -> list[dict[str, Any]]:
    return [s.to_json({"title": f"Strength {s.code}", "text": f"Sentence about {s.code}"}) for s in records]


def flags(*, requested: bool = True, excluded: bool = False, refused: str | None = "small") -> Flags:
    """Business: 3 flagged (2 straight-lining, 1 acquiescence); IT: none."""
    return Flags(
        counts={
            "business": {"flag:straight_line": 2, "flag:acquiescence": 1, "flagged": 3},
            "it": {"flagged": 0},
            "overall": {"flag:straight_line": 2, "flag:acquiescence": 1, "flagged": 3},
        },
        requested=requested,
        excluded=excluded,
        refused=refused,
    )


def reliability() -> tuple[Reliability, ...]:
    """Trust (all 7 statements): business alpha 0.45, under 0.6; relationship Passive today: fine."""
    return (
        Reliability(
            scale="trust.all",
            aspect="value",
            items=7,
            alpha=ByGroup(business=0.45, it=0.81, overall=0.66),
            respondents=ByGroup(business=4, it=3, overall=7),
        ),
        Reliability(
            scale="relationship.passive",
            aspect="today",
            items=4,
            alpha=ByGroup(business=0.72, it=0.8, overall=0.77),
            respondents=ByGroup(business=4, it=3, overall=7),
        ),
    )


def with_records(scores: CampaignScores, **changes: Any) -> CampaignScores:
    """`scores` carrying the records above, the overall maturity missing (both sides are needed)."""
    main, appendix = ranked()
    fields: dict[str, Any] = {
        "recommendations": main,
        "recommendations_appendix": appendix,
        "strengths": strengths(),
        "flags": flags(),
        "reliability": reliability(),
        "maturity": ByGroup(),
    }
    return replace(scores, **{**fields, **changes})
