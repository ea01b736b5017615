"""The trust charts (assessments.charts): the business's trust and IT's view of it (0-100) side
by side, never pooled, and how each side's answers spread per statement."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from assessments.charts import COLORS, Bar, Shares, Spec, answer_words, diverging, inline, interval_bars
from assessments.slices import View
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import INDEX_PLACES
from brmportal.lib.labels import SIDE_LABELS, SIDES
from brmportal.lib.stats import Difference, Estimate
from trust.presenters import SIDE_TRUST_LABELS, index_view, statement_name
from trust.results import TrustScores
from trust.scoring import index_estimate


def _bar(category: str, side: str, estimate: Estimate | None, gap: Difference | None) -> Bar | None:
    shown = index_view(estimate)
    if shown is None:
        return None
    ci = shown["ci"]
    return Bar(
        category=category,
        series=str(SIDE_TRUST_LABELS[side]),
        value=shown["mean"],
        low=ci[0] if ci else None,
        high=ci[1] if ci else None,
        n=shown["n"],
        faint=gap is None or not gap.clear,
    )


def trust_chart(result: TrustScores, texts: InstrumentTexts) -> Spec | None:
    """The trust index overall and per statement, the business's and IT's view as two bars with
    95 % intervals and n; pale where the perception gap is within the noise (or cannot be told,
    one side missing). None when neither side has a figure."""
    rows: list[Bar | None] = [
        _bar(
            _("All statements"),
            side,
            group.index_stats if (group := result.groups.get(side)) else None,
            result.gap_stats,
        )
        for side in SIDES
    ]
    for entry in result.items:
        name = statement_name(entry, texts)
        rows.append(_bar(name, "business", entry.index_stats, entry.gap_stats))
        it = index_estimate(entry.estimates.it, result.scale_min, result.scale_max)
        rows.append(_bar(name, "it", it, entry.gap_stats))
    bars = [bar for bar in rows if bar is not None]
    return interval_bars(
        bars=bars,
        step=9,
        series=[(str(SIDE_TRUST_LABELS[s]), COLORS[s]) for s in SIDES],
        domain=(0, 100),
        places=INDEX_PLACES,
        title=_("Trust index (0-100), business and IT"),
        # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
        note=_("Lines: 95 % intervals. Pale pairs: the perception gap is within the noise."),
        description=_(
            # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
            "Bar chart: the trust index (0-100) over all statements and per statement, as the business rates its "
            "trust in IT and as IT thinks the business sees it, with 95 % intervals and n; pale where the "
            "difference is within the noise. The numbers are in the table."
        ),
    )


def distribution_chart(result: TrustScores, texts: InstrumentTexts) -> Spec | None:
    """Each side's answers per statement as diverging bars, a panel per side with answers; None
    when neither has any."""
    panels = [
        (
            str(SIDE_LABELS[side]),
            [
                Shares(statement_name(entry, texts), d.low, d.middle, d.high, d.n)
                for entry in result.items
                if (d := entry.distribution.get(side)) is not None
            ],
        )
        for side in SIDES
    ]
    return diverging(
        panels=panels,
        words=answer_words(result.scale_min, result.scale_max),
        title=_("Answers per trust statement: disagree, neutral, agree"),
        description=_(
            "Diverging bar chart: for each trust statement and each side, the share of answers that disagree to "
            "the left of the centre, that agree to the right and neutral answers across it, with the number of "
            "answers. The numbers are in the table."
        ),
    )


def chart_specs(view: View) -> dict[str, Spec | None]:
    """The trust card's and page's charts, as specs (the dashboard draws them in the browser)."""
    result: TrustScores = view.result
    return {"chart": trust_chart(result, view.texts), "distribution": distribution_chart(result, view.texts)}


def report_charts(view: View) -> dict[str, SafeString]:
    """The same charts drawn as SVG for the PDF; "" for a chart with nothing to draw."""
    return {name: inline(spec) for name, spec in chart_specs(view).items()}
