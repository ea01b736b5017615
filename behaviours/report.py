"""The behaviours in the PDF gap report: its page ("Behaviours: self and mirror"), its chart and
its headline (the largest blind spot), in the report's (active) language."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.results import DECIMALS
from assessments.slices import Headline, Section, View
from assessments.texts import InstrumentTexts
from behaviours.presenters import group_rows, item_row
from behaviours.results import BehaviourScores
from brmportal.lib.formats import decimal, signed
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
    """The report's behaviours page: the chart, the groups, the blind spots, the weakest."""
    result: BehaviourScores = view.result
    notes = view.notes
    return Section(
        template=template,
        context={
            "chart": mark_safe(behaviour_chart(result, view.texts)),  # noqa: S308 - reports.charts escapes every text
            # Why the side-by-side comparisons are missing, if one side has no figures.
            "side_note": notes.get("business") or notes.get("it") or "",
            "notes": notes,
            "groups": group_rows(result),
            "blind_spots": [item_row(item, view.texts) for item in result.blind_spots],
            "weakest": [item_row(item, view.texts) for item in result.weakest],
        },
    )


def headlines(view: View) -> list[Headline]:
    """The largest blind spot, if there is one, among the sentences that open the report."""
    result: BehaviourScores = view.result
    if not result.blind_spots:
        return []
    top = result.blind_spots[0]
    if top.self is None or top.mirror is None or top.blind_spot is None:  # never: a blind spot has both
        return []
    values = {
        "name": view.texts.dimension_name("behaviour", top.dimension),
        "self": decimal(top.self, 2),
        "mirror": decimal(top.mirror, 2),
        "blind_spot": signed(top.blind_spot, 2),
    }
    # One sentence per side: "the business" and "IT" take different grammar in other languages.
    if top.group == "it":
        text = _("IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s (blind spot %(blind_spot)s).")
    else:
        text = _("The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s (blind spot %(blind_spot)s).")
    return [Headline(title=_("Largest blind spot"), text=text % values)]
