"""The behaviours' charts (assessments.charts): self vs mirror per behaviour, and how the answers
are spread (low, middle, high) per behaviour."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.charts import COLORS, Bar, Shares, Spec, answer_words, diverging, interval_bars
from assessments.texts import InstrumentTexts
from behaviours.results import BehaviourItem, BehaviourScores
from brmportal.lib.labels import SIDE_LABELS, SIDES


def _name(item: BehaviourItem, texts: InstrumentTexts) -> str:
    name = texts.dimension_name("behaviour", item.dimension)
    # The side whose behaviour it is; the enterprise's is everyone's.
    return f"{SIDE_LABELS[item.group]}: {name}" if item.group in SIDES else name


def self_mirror_chart(result: BehaviourScores, texts: InstrumentTexts) -> Spec | None:
    """Self and mirror (1-5) of each side's behaviours, with 95 % intervals and n; pale where
    the blind spot is within the noise. None unless some behaviour has both (the chart compares
    the two sides: with one side missing it would be half "n/a")."""
    items = [i for i in result.items if i.group in SIDES]
    if not any(i.stats.self and i.stats.mirror for i in items):
        return None
    own, other = _("Self (the side rates itself)"), _("Mirror (the other side rates it)")
    bars = []
    for item in items:
        faint = item.stats.blind_spot is None or not item.stats.blind_spot.clear
        for label, estimate in ((own, item.stats.self), (other, item.stats.mirror)):
            if estimate is None:
                continue
            bars.append(
                Bar(_name(item, texts), label, estimate.mean, estimate.low, estimate.high, estimate.n, faint=faint)
            )
    return interval_bars(
        bars=bars,
        step=7,
        series=[(own, COLORS["self"]), (other, COLORS["mirror"])],
        domain=(result.scale_min, result.scale_max),
        title=_("How often each behaviour is seen (1 never - 5 always)"),
        # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
        note=_("Lines: 95 % intervals. Pale pairs: the blind spot is within the noise."),
        description=_(
            # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
            "Bar chart: for each behaviour of the business and of IT, the side's rating of itself and the other "
            "side's rating (1-5), with 95 % intervals and n; pale where their difference is within the noise. "
            "The numbers are in the table."
        ),
    )


def distribution_chart(result: BehaviourScores, texts: InstrumentTexts) -> Spec | None:
    """Everyone's answers per behaviour as diverging bars (the two sides counting equally),
    with n; None when no behaviour has answers."""
    rows = [
        Shares(_name(item, texts), d.low, d.middle, d.high, d.n)
        for item in result.items
        if (d := item.distribution.overall) is not None
    ]
    return diverging(
        panels=[(_("Everyone"), rows)],
        words=answer_words(result.scale_min, result.scale_max),
        title=_("Answers per behaviour: low, middle, high"),
        description=_(
            "Diverging bar chart: for each behaviour, the share of low ratings to the left of the centre, "
            "high ratings to the right and middle ratings across it, with the number of answers. "
            "The numbers are in the table."
        ),
    )
