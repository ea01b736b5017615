"""The typed, language-free scores of a campaign: what `assessments.scoring` returns.

Numbers are unrounded and codes are codes; presenters word and round them in the reader's
language (the dashboard, the PDF, the respondent's summary), and `CampaignScores.to_json`
writes the documented JSON of the API and `manage.py campaign_scores --json` (2 decimals).
Each instrument's part (`results[slice.key]`) is its slice's own record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assessments.maturity import MATURITY_LIMITATIONS, MATURITY_REFERENCE
from assessments.slices import slices
from brmportal.lib.scoring import ByGroup
from brmportal.lib.stats import ALPHA_FLAG

if TYPE_CHECKING:
    from assessments.item_stats import ItemStats
    from assessments.recommendations import Recommendation, Strength
    from assessments.texts import InstrumentTexts

DECIMALS = 2


def rounded(value: Any, decimals: int = DECIMALS) -> Any:
    """The same JSON structure with every float rounded, for machine outputs."""
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, Mapping):
        return {key: rounded(item, decimals) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item, decimals) for item in value]
    return value


@dataclass(frozen=True)
class CampaignRef:
    id: int
    name: str
    organisation_id: int
    instrument_version: str
    practice_form: str


@dataclass(frozen=True)
class HiddenGroup:
    """A group not reported on its own: side None = everyone; department None = the whole side."""

    side: str | None
    department: str | None
    responses: int
    reason: str  # assessments.anonymity.UNDER_THRESHOLD or COMPLEMENTARY


@dataclass(frozen=True)
class Anonymity:
    threshold: int
    hidden: tuple[HiddenGroup, ...]

    def reason(self, side: str | None, department: str | None = None) -> str | None:
        """Why the group is hidden, or None when it is reported."""
        return next((h.reason for h in self.hidden if h.side == side and h.department == department), None)


@dataclass(frozen=True)
class MaturityScore:
    """Overall BRM maturity of a group: the 1-5 score, its ladder level and the instruments' parts
    (`components`: each instrument's position on its own scale, 0 bottom .. 1 top)."""

    score: float
    level: int
    components: Mapping[str, float | None]


@dataclass(frozen=True)
class DepartmentRow:
    """One side x department of the campaign: its size, whether it is reported, its headline numbers.

    `summaries` maps each slice's key to its summary (None when the row is not reported).
    """

    side: str
    department: str
    responses: int
    reported: bool
    reason: str | None
    summaries: Mapping[str, Any] | None


@dataclass(frozen=True)
class Flags:
    """Respondents flagged for their response style (assessments.profiles), and whether they are
    left out of these figures.

    `counts`: per group (business, it, overall; reported groups only) the respondents carrying
    each flag ("flag:straight_line", "flag:acquiescence") and "flagged" (any flag).
    `requested`: the campaign asks to leave them out; `excluded`: they are; `refused`: why a
    request was not applied ("open": results still move in batches; "small": some side x
    department has fewer flagged respondents than the threshold, so leaving them out would show
    their answers by difference).
    """

    counts: Mapping[str, Mapping[str, int]]
    requested: bool = False
    excluded: bool = False
    refused: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": {group: dict(counts) for group, counts in self.counts.items()},
            "requested": self.requested,
            "excluded": self.excluded,
            "refused": self.refused,
        }


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha of one scale and aspect per group, from the respondents who answered all
    its items (`respondents`); `low` when a group's alpha is under ALPHA_FLAG."""

    scale: str
    aspect: str
    items: int
    alpha: ByGroup[float]
    respondents: ByGroup[int]

    @property
    def low(self) -> bool:
        return any(a is not None and a < ALPHA_FLAG for _g, a in self.alpha.items())

    def to_json(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "aspect": self.aspect,
            "items": self.items,
            "alpha": self.alpha.to_json(),
            "respondents": self.respondents.to_json(),
            "low": self.low,
        }


@dataclass(frozen=True)
class CampaignScores:
    """Every score of a campaign, or of one department of it (`department`)."""

    campaign: CampaignRef
    department: str | None
    responses: Mapping[str, int]  # published responses per side
    sources: Mapping[str, int]  # how they came in: link, open, import
    anonymity: Anonymity
    results: Mapping[str, Any]  # slice key -> the slice's result
    maturity: ByGroup[MaturityScore]
    weights: Mapping[str, float]  # the maturity weights per instrument kind
    recommendations: tuple[Recommendation, ...]
    departments: tuple[DepartmentRow, ...] | None  # per side x department; None for a department view
    constants: Mapping[str, float]  # the method's constants by name
    flags: Flags = Flags(counts={})
    reliability: tuple[Reliability, ...] = ()
    recommendations_appendix: tuple[Recommendation, ...] = ()
    strengths: tuple[Strength, ...] = ()
    # Every item's n, mean, sd, distribution and "don't know" per reported group (the report's appendix).
    items: tuple[ItemStats, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.responses.values())

    def result(self, key: str) -> Any:
        return self.results.get(key)

    def to_json(
        self,
        texts: InstrumentTexts,
        recommendations: Sequence[Mapping[str, Any]],
        appendix: Sequence[Mapping[str, Any]] = (),
        strengths: Sequence[Mapping[str, Any]] = (),
    ) -> dict[str, Any]:
        """The documented JSON (`docs/api.md`), with `texts`' words and the worded recommendations
        (the main list, the appendix) and strengths."""
        data: dict[str, Any] = {
            "campaign": vars(self.campaign).copy(),
            "department": self.department,
            "responses": dict(self.responses),
            "sources": dict(self.sources),
            "anonymity": {
                "threshold": self.anonymity.threshold,
                "hidden": [vars(h).copy() for h in self.anonymity.hidden],
            },
        }
        for instrument in slices():
            data[instrument.key] = instrument.to_json(self.results[instrument.key], texts)
        data["maturity"] = {
            **self.maturity.to_json(
                lambda m: {
                    "score": m.score,
                    "level": m.level,
                    "name": texts.level_name(m.level),
                    "components": dict(m.components),
                }
            ),
            "weights": dict(self.weights),
            "ladder": [vars(step).copy() for step in texts.ladder],
            "reference": MATURITY_REFERENCE,
            "available": self.maturity.overall is not None,
            "limitations": str(MATURITY_LIMITATIONS),
        }
        data["recommendations"] = list(recommendations)
        data["recommendations_appendix"] = list(appendix)
        data["strengths"] = list(strengths)
        if self.departments is not None:
            data["departments"] = [
                {
                    "side": row.side,
                    "department": row.department,
                    "responses": row.responses,
                    "reported": row.reported,
                    "reason": row.reason,
                    "scores": {
                        instrument.key: instrument.summary_json(row.summaries.get(instrument.key))
                        for instrument in slices()
                    }
                    if row.summaries is not None
                    else None,
                }
                for row in self.departments
            ]
        data["flags"] = self.flags.to_json()
        data["reliability"] = [r.to_json() for r in self.reliability]
        data["method"] = {**self.constants, "reference": MATURITY_REFERENCE, "text": texts.overview_text("method")}
        return rounded(data)


@dataclass(frozen=True)
class ResponseScores:
    """One respondent's own results (their summary page): the slices' `respondent` results."""

    side: str
    results: Mapping[str, Any]
