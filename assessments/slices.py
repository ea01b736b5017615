"""The instrument slices: what each instrument app (relationships, behaviours, practices, trust)
contributes, and the registry the core reads them from.

An instrument is a vertical slice (as healthchecks' `hc/integrations/<name>/`): its folder holds
its content (`content/<kind>.yaml`), its scoring (pure functions returning typed,
language-free results), its recommendation builder, the words of its recommendations, and the
sections it adds to the dashboard, the PDF report and the respondent's summary. The core never
imports a slice: it asks the registry, so a fifth instrument is its own folder plus one line in
INSTALLED_APPS (its AppConfig.ready() calls `register`).

Order: slices are kept in registration order (INSTALLED_APPS), which is the order of the
instruments in the questionnaire, in every report, and for ranking equal priorities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.functional import Promise

from brmportal.lib.aggregates import Measures
from brmportal.lib.scoring import SIDES, Dimension, ItemMeta, Tallies, Tally
from brmportal.lib.stats import MIN_VARIANCE, Estimate, sides_mean

if TYPE_CHECKING:
    from assessments.recommendations import Recommendation, Strength
    from assessments.results import CampaignScores
    from assessments.texts import InstrumentTexts


# --- What a slice is given ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a slice scores: its own items and dimensions, and the groups' counted answers.

    `groups` maps "business", "it" and "overall" to their tallies, or to None when the group is
    not reported (anonymity); a slice's result keeps None for such a group. `measures` maps the
    same groups to the figures that need each respondent's own answers (`Measures`: respondents'
    scale scores, the slice's own per-respondent figures, marks and flags). `form` is the
    campaign's BiSL practice form (short or full).
    """

    items: tuple[ItemMeta, ...]
    dimensions: Mapping[str, Dimension]
    groups: Mapping[str, Tallies | None]
    form: str = ""
    measures: Mapping[str, Measures | None] = field(default_factory=dict)

    def scale(self, group: str, scale: str, aspect: str, pooled: Tally) -> Estimate | None:
        """A scale's mean for `group` with an honest interval: centred on the pooled answers'
        mean, its spread from the respondents' own scale scores (respondents, not answers, are
        independent), falling back to the answers' spread when respondents' figures are missing."""
        mean = pooled.mean
        if mean is None:
            return None
        measures = self.measures.get(group)
        found = measures.estimate(scale_key(scale, aspect)) if measures is not None else None
        if found is None:
            return self.estimate(pooled)
        # found.shifted(mean) within the bounds, built once (a read makes hundreds of these).
        bounds = self._bounds
        return Estimate(mean, found.n, found.sd, found.se, found.df, bounds if bounds is not None else found.bounds)

    def estimate(self, tally: Tally) -> Estimate | None:
        """`bounded(tally.estimate)` built at once: the answers' own mean and interval (one answer
        per respondent) on this scope's scale."""
        return Estimate.of(tally.n, tally.total, tally.sq, MIN_VARIANCE, self._bounds)

    def bounded(self, estimate: Estimate | None) -> Estimate | None:
        """`estimate` on the scale of this scope's items: its interval never past the scale's ends."""
        if estimate is None or self._bounds is None:
            return estimate
        return estimate.within(*self._bounds)

    @cached_property
    def _bounds(self) -> tuple[int, int] | None:
        if not self.items:
            return None
        return min(i.scale_min for i in self.items), max(i.scale_max for i in self.items)

    def overall(self, estimate_of: Callable[[str], Estimate | None]) -> Estimate | None:
        """The "overall" figure of anything measured per group: the two sides count equally
        (`brmportal.lib.stats.sides_mean` of the business and IT figures, one side alone when the
        other has no answers) whenever the sides are reported; when neither side is reported
        apart (anonymity), everyone's pooled figure `estimate_of("overall")`. None when the
        overall group is not reported."""
        if self.groups.get("overall") is None:
            return None
        if all(self.groups.get(side) is None for side in SIDES):
            return estimate_of("overall")
        return sides_mean(
            estimate_of("business") if self.groups.get("business") is not None else None,
            estimate_of("it") if self.groups.get("it") is not None else None,
        )


def scale_key(scale: str, aspect: str) -> str:
    """The Measures key of respondents' scores on a scale: "scale:relationship.passive:today"."""
    return f"scale:{scale}:{aspect}"


@dataclass(frozen=True)
class View:
    """What a section presenter is given: the scores of the view and the words to show them.

    `scores` is the whole view (the campaign, or one department of it); `result` this slice's
    result in it; `texts` the content's texts in the reader's language; `notes` per group
    ("business", "it", "overall") why it has no figures, worded for the medium ("" when shown).
    """

    scores: CampaignScores
    result: Any
    texts: InstrumentTexts
    notes: Mapping[str, str]

    @property
    def responses(self) -> Mapping[str, int]:
        """Published responses per group, "overall" included."""
        return {**self.scores.responses, "overall": sum(self.scores.responses.values())}


# --- What a slice gives ------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A part of a page: a template and its context (the template sees it as `section`)."""

    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class Placement:
    """Where one side places itself on a slice's ladder of models for one aspect (the executive
    page): `index` (1 .. the number of steps) with its 95 % interval `low`-`high` clipped to the
    ladder, `models` the codes of the steps the interval reaches, and `label` the place in words
    from the same index ("between Passive and Provider"), so a marker and its label agree. No
    `index`: nothing to place (`label` says so, or is "" when the side has no answers)."""

    side: str
    aspect: str
    index: float | None
    low: float | None
    high: float | None
    models: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Ladder:
    """A slice's ladder of models: its steps as (code, name) in order, and each side's places."""

    steps: tuple[tuple[str, str], ...]
    placements: tuple[Placement, ...]


@dataclass(frozen=True)
class Figure:
    """One headline number of a group, compared with the previous campaign.

    `key` is stable across campaigns ("trust.business"); `heading` groups figures in a table
    ("Trust index (0-100)"); `label` names the row. `words` replaces the number where a figure
    is a name (today's relationship model).
    """

    key: str
    heading: str
    label: str
    group: str
    value: float | None
    decimals: int = 2
    words: str = ""
    # Its n and interval, so a change from the previous campaign is called clear or within the noise.
    estimate: Estimate | None = None


def group_figures(
    key: str,
    heading: str,
    value: Callable[[str], float | None],
    decimals: int = 2,
    estimate: Callable[[str], Estimate | None] | None = None,
) -> list[Figure]:
    """One figure per group (business, IT, everyone), keyed "<key>.<group>" and labelled by side."""
    from brmportal.lib.labels import GROUPS, SIDE_LABELS

    return [
        Figure(
            key=f"{key}.{g}",
            heading=heading,
            label=str(SIDE_LABELS[g]),
            group=g,
            value=value(g),
            decimals=decimals,
            estimate=estimate(g) if estimate else None,
        )
        for g in GROUPS
    ]


@dataclass(frozen=True)
class HeatColumn:
    """A column of the department heat map: the value of a department row's summary."""

    key: str
    label: Promise | str
    scale: str  # "1-5"
    low: float
    high: float
    value: Callable[[Any], float | None]


@dataclass(frozen=True)
class AnswerCounts:
    """How many numeric answers, "don't know" and "not applicable" (None: not offered) fed a result."""

    answers: int
    dont_know: int
    not_applicable: int | None = None


@dataclass(frozen=True)
class Headline:
    """A sentence that opens the report: a title and the measured finding with its numbers."""

    title: str
    text: str


# --- The slice ---------------------------------------------------------------------------------


class InstrumentSlice:
    """One instrument. Subclass it in the instrument's app and register an instance.

    Scoring hooks are pure (no ORM, no language); presentation hooks word in the active
    language. Defaults make every presentation hook optional.
    """

    kind: ClassVar[str]  # Item.kind, the content's `instrument`, the maturity weight's key: "behaviour"
    key: ClassVar[str]  # the result's key in CampaignScores and in the JSON: "behaviours"
    label: ClassVar[Promise]  # "Behaviours": its name in a sentence or a heading
    short_label: ClassVar[Promise]  # "Behaviours", "Practices": a table column's heading
    content_file: ClassVar[Path]  # its content, e.g. Path(__file__).parent / "content/behaviour.yaml"
    # The constants of its method, by name, for the JSON's "method" and the report's method page.
    constants: ClassVar[Mapping[str, float]] = {}
    # Whether its answers depend on the business unit (assessments.partners): an IT respondent
    # serving several units answers its sections once per unit.
    per_partner: ClassVar[bool] = False

    def template(self, part: str) -> str:
        """Its template for a part ("dashboard", "report", "report_summary", "respondent"): by
        convention `<app>/<part>.html` in the app's own templates folder."""
        return f"{type(self).__module__.split('.')[0]}/{part}.html"

    # Content
    def validate(self, doc: Mapping[str, Any], where: str) -> list[str]:
        """The checks of its content beyond the common ones (each error names `where` and the item)."""
        return []

    # Scoring (pure, language-free, unrounded)
    def score(self, scope: Scope) -> Any:
        """The campaign result (a frozen dataclass of numbers and codes)."""
        raise NotImplementedError

    def maturity(self, result: Any, group: str) -> float | None:
        """Its component (on 1-5) of a group's overall BRM maturity, or None."""
        return None

    def summary(self, scope: Scope, tallies: Tallies) -> Any:
        """The headline numbers of one side x department (the heat map's row)."""
        return None

    def respondent(self, scope: Scope, tallies: Tallies, side: str) -> Any:
        """One respondent's own result, for their summary page."""
        return None

    def scales(self, items: Sequence[ItemMeta]) -> Mapping[str, tuple[str, ...]]:
        """Its scales: name ("relationship.passive") -> the codes of the items averaged into it.
        Each respondent's mean on each scale (per aspect) is summed per group, giving the
        scale's interval and, from respondents who answered every item, Cronbach's alpha."""
        return {}

    def respondent_figures(
        self, items: Sequence[ItemMeta], tallies: Tallies, side: str
    ) -> tuple[Mapping[str, float], Iterable[str]]:
        """One respondent's own figures to sum over a group ("relationship:level:today": 3) and
        the marks to count ("fit:today:peer"; a mark starting "flag:" flags the respondent)."""
        return {}, ()

    def recommend(self, result: Any, scope: Scope) -> Iterable[Recommendation]:
        """Candidate recommendations (the core keeps the clear ones, ranks and numbers them)."""
        return ()

    def strengths(self, result: Any, scope: Scope) -> Iterable[Strength]:
        """Candidate strengths and hidden strengths (`assessments.recommendations.strength`)."""
        return ()

    def answer_counts(self, result: Any) -> AnswerCounts:
        return AnswerCounts(0, 0)

    # JSON (the documented shape of the API and `campaign_scores --json`)
    def to_json(self, result: Any, texts: InstrumentTexts) -> Any:
        raise NotImplementedError

    def summary_json(self, summary: Any) -> Any:
        return None

    json_help: ClassVar[str] = ""  # the OpenAPI description of its part of the scores

    # Words
    def recommendation_names(self, rec: Recommendation, texts: InstrumentTexts) -> tuple[str, str]:
        """(title, the name the "Why:" sentence quotes) of a recommendation: its dimension's name."""
        name = texts.dimension_name(self.kind, rec.dimension or rec.code)
        return name, name

    def trigger(self, rec: Recommendation, name: str) -> str:
        """The measurement that triggered `rec`, in words (the "Why:" sentence)."""
        return ""

    def strength_words(self, strength: Strength, texts: InstrumentTexts) -> tuple[str, str]:
        """(title, sentence with its numbers) of a strength, in the active language."""
        name = texts.dimension_name(self.kind, strength.dimension or strength.code)
        return name, ""

    # Presentation
    def dashboard(self, view: View) -> Section | None:
        return None

    def report(self, view: View) -> Section | None:
        """Its page(s) of the PDF report."""
        return None

    def report_summary(self, view: View) -> Section | None:
        """Its block on the report's executive summary page (after overall maturity)."""
        return None

    def ladder(self, view: View) -> Ladder | None:
        """Each side's place today and desired on its ladder of models (the executive page)."""
        return None

    def headlines(self, view: View) -> list[Headline]:
        return []

    def figures(self, result: Any, texts: InstrumentTexts) -> list[Figure]:
        """The headline numbers compared with the previous campaign."""
        return []

    def respondent_section(self, result: Any, texts: InstrumentTexts) -> Section | None:
        return None

    heat_columns: ClassVar[Sequence[HeatColumn]] = ()


# --- Registry ----------------------------------------------------------------------------------

_REGISTRY: dict[str, InstrumentSlice] = {}


def register(instrument: InstrumentSlice) -> None:
    """Called by the instrument app's AppConfig.ready(); registering twice keeps the first place."""
    _REGISTRY.setdefault(instrument.kind, instrument)


def per_partner_kinds() -> frozenset[str]:
    """The item kinds answered once per business unit (assessments.partners)."""
    return frozenset(s.kind for s in _REGISTRY.values() if s.per_partner)


def slices() -> tuple[InstrumentSlice, ...]:
    """Every registered instrument, in questionnaire and report order."""
    return tuple(_REGISTRY.values())


def kinds() -> list[str]:
    return list(_REGISTRY)


def slice_for(kind: str) -> InstrumentSlice:
    return _REGISTRY[kind]


def kind_choices() -> list[tuple[str, str]]:
    """Item.kind's choices (a callable, so a new instrument needs no migration of the core)."""
    return [(s.kind, str(s.label)) for s in _REGISTRY.values()]
