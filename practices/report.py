"""The BiSL practices page of the PDF report: the cluster chart, the table of each cluster's current
and target maturity per group with intervals, and the largest clear gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.slices import View
from brmportal.lib.scoring import GROUP_NAMES
from practices.presenters import practices_view
from reports import charts


def practice_chart(clusters: Sequence[Mapping[str, Any]]) -> str:
    """Current and target maturity per cluster, everyone; "" when there is nothing to draw."""
    series = [
        charts.Series(
            label=pgettext("maturity", "Current"), color="#6c757d", values=[c["current"]["overall"] for c in clusters]
        ),
        charts.Series(
            label=pgettext("maturity", "Target"), color="#198754", values=[c["target"]["overall"] for c in clusters]
        ),
    ]
    if not any(value is not None for s in series for value in s.values):
        return ""
    return charts.bar_chart(
        categories=[c["name"] for c in clusters],
        series=series,
        scale=(1, 5),
        title=_("BiSL maturity per cluster, everyone (1-5)"),
    )


def report_context(view: View) -> dict[str, Any]:
    """<section id="practices">: `notes` say why a group has no figures (a dash in the table);
    `groups` the rows of each cluster (business, IT, everyone)."""
    data = practices_view(view.result, view.texts)
    return {
        "overall": data,
        "groups": GROUP_NAMES,
        "clusters": data["clusters"],
        "largest_gaps": data["largest_gaps"],
        "notes": view.notes,
        "chart": mark_safe(practice_chart(data["clusters"])),  # noqa: S308 - reports.charts escapes every text
    }
