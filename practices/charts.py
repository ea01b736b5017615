"""The BiSL practices' chart (assessments.charts): current vs target maturity per cluster."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.charts import COLORS, Bar, Spec, interval_bars
from brmportal.lib.formats import is_clear


def maturity_chart(clusters: Sequence[Mapping[str, Any]]) -> Spec | None:
    """Everyone's current and target maturity (1-5) per cluster, from `practices_view`'s clusters,
    with 95 % intervals; pale where the gap is within the noise. None with nothing to draw."""
    current, target = pgettext("maturity", "Current"), pgettext("maturity", "Target")
    bars = []
    for cluster in clusters:
        stats = cluster["stats"]
        faint = not is_clear(stats["gap"].get("overall"))
        for label, key in ((current, "current"), (target, "target")):
            found = stats[key].get("overall")
            if found is None:
                continue
            ci = found["ci"]
            bars.append(
                Bar(
                    category=cluster["name"],
                    series=label,
                    value=found["mean"],
                    low=ci[0] if ci else None,
                    high=ci[1] if ci else None,
                    n=found["n"],
                    faint=faint,
                )
            )
    return interval_bars(
        bars=bars,
        series=[(current, COLORS["current"]), (target, COLORS["target"])],
        domain=(1, 5),
        title=_("BiSL maturity per cluster, everyone (1-5)"),
        # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
        note=_("Lines: 95 % intervals. Pale pairs: the gap is within the noise."),
        description=_(
            # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
            "Bar chart: current and target maturity (1-5) of each BiSL cluster, everyone, with 95 % intervals "
            "and n; pale where the gap between them is within the noise. The numbers are in the table."
        ),
    )
