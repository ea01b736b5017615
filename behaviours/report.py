"""The behaviours in the PDF gap report: its page ("Behaviours: self and mirror"), its chart and
its headline (the largest clear blind spot), in the report's (active) language."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.results import DECIMALS
from assessments.slices import Headline, Section, View
from assessments.texts import InstrumentTexts
from behaviours.presenters import gap_words, group_rows, item_row, quoted
from behaviours.results import BehaviourItem, BehaviourScores
from brmportal.lib.labels import BEHAVIOUR_GROUP_LABELS, SIDES
from reports import charts


def _chart_value(value: float | None) -> float | None:
    # The chart has always been drawn from the scores' two-decimal figures; bar lengths follow.
    return round(value, DECIMALS) if value is not None else None


def behaviour_chart(result: BehaviourScores, texts: InstrumentTexts) -> str:
    """Self and mirror per behaviour of one side (inline SVG), or "" when there are none."""
    items = [item for item in result.items if item.group in SIDES]
    series = [
        charts.Series(
            label=_("Self (the side rates itself)"), color="#0d6efd", values=[_chart_value(i.self) for i in items]
        ),
        charts.Series(
            label=_("Mirror (the other side rates it)"),
            color="#d35400",
            values=[_chart_value(i.mirror) for i in items],
        ),
    ]
    if not any(value is not None for s in series for value in s.values):
        return ""
    return charts.bar_chart(
        categories=[
            f"{BEHAVIOUR_GROUP_LABELS[i.group]}: {texts.dimension_name('behaviour', i.dimension)}" for i in items
        ],
        series=series,
        scale=(1, 5),
        title=_("How often each behaviour is seen (1 never - 5 always)"),
        # 14 behaviours x 2 bars: slimmer bars keep the section on one page.
        bar_height=6.5,
        row_gap=5,
    )


def report_section(view: View, template: str) -> Section:
    """The report's behaviours page: the chart, the groups, the clear blind spots, the weakest."""
    result: BehaviourScores = view.result
    notes = view.notes
    compared = any(item.stats.blind_spot is not None for item in result.items)
    return Section(
        template=template,
        context={
            "chart": mark_safe(behaviour_chart(result, view.texts)),  # noqa: S308 - reports.charts escapes every text
            # Why the side-by-side comparisons are missing, if one side has no figures.
            "side_note": notes.get("business") or notes.get("it") or "",
            "notes": notes,
            # Both sides measured, so "no clear blind spot" means every one is within the noise.
            "compared": compared,
            "norm": result.norm,
            "groups": group_rows(result),
            "blind_spots": [item_row(item, view.texts) for item in result.blind_spots],
            "weakest": [item_row(item, view.texts) for item in result.weakest],
        },
    )


def _headline_text(top: BehaviourItem, name: str) -> str:
    numbers: dict[str, float | None] = {}
    for key in ("self", "mirror"):
        estimate = getattr(top.stats, key)
        ci = estimate.ci if estimate is not None else None
        numbers[key] = estimate.mean if estimate is not None else None
        numbers[f"{key}_low"], numbers[f"{key}_high"] = (ci[0], ci[1]) if ci else (None, None)
    gap = top.stats.blind_spot
    values = {"name": name, "self": quoted(numbers, "self"), "mirror": quoted(numbers, "mirror")}
    if gap is not None:
        values.update(gap_words(gap.value, gap.low, gap.high))
    # One sentence per side: "the business" and "IT" take different grammar in other languages.
    if top.group == "it":
        text = _(
            "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s: "
            "blind spot %(gap)s (%(low)s to %(high)s), clear."
        )
    else:
        text = _(
            "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s: "
            "blind spot %(gap)s (%(low)s to %(high)s), clear."
        )
    return text % values


def headlines(view: View) -> list[Headline]:
    """The largest clear blind spot, if there is one, among the sentences that open the report."""
    result: BehaviourScores = view.result
    if not result.blind_spots:
        return []
    top = result.blind_spots[0]
    if top.stats.blind_spot is None:  # never: a blind spot has both sides
        return []
    name = view.texts.dimension_name("behaviour", top.dimension)
    return [Headline(title=_("Largest blind spot"), text=_headline_text(top, name))]
