"""The behaviours in the PDF gap report: its page ("Behaviours: self and mirror"), its chart and
its headline (the largest clear blind spot), in the report's (active) language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.charts import inline
from assessments.presentation import groups_shown
from assessments.slices import Headline, Section, View
from behaviours.charts import distribution_chart, self_mirror_chart
from behaviours.presenters import gap_words, group_rows, item_row, quoted
from behaviours.results import BehaviourItem, BehaviourScores


def report_section(view: View, template: str) -> Section:
    """The report's behaviours page: the chart, the groups, the clear blind spots, the weakest."""
    result: BehaviourScores = view.result
    notes = view.notes
    compared = any(item.stats.blind_spot is not None for item in result.items)
    # Only the groups with figures get a column; one line says why the others are left out.
    shown = groups_shown(view)
    return Section(
        template=template,
        context={
            # The dashboard's charts (behaviours.charts), drawn as SVG; "" when there is nothing to draw.
            "chart": inline(self_mirror_chart(result, view.texts)),
            "distribution": inline(distribution_chart(result, view.texts)),
            # Why the side-by-side comparisons are missing, if one side has no figures.
            "side_note": notes.get("business") or notes.get("it") or "",
            "notes": notes,
            "shown": shown,
            "columns": len(shown.groups) + (1 if compared else 0),
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
