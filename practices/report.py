"""The BiSL practices page of the PDF report: the cluster chart, the table of each cluster's current
and target maturity per group with intervals, and the largest clear gaps."""

from __future__ import annotations

from typing import Any

from assessments.charts import inline
from assessments.presentation import groups_shown
from assessments.slices import View
from brmportal.lib.scoring import GROUP_NAMES
from practices.charts import maturity_chart
from practices.presenters import practices_view


def report_context(view: View) -> dict[str, Any]:
    """<section id="practices">: `notes` say why a group has no figures (a dash in the table);
    `groups` the rows of each cluster (business, IT, everyone)."""
    data = practices_view(view.result, view.texts)
    # Only the groups with figures get rows; one line says why the others are left out.
    shown = groups_shown(view)
    return {
        "overall": data,
        "groups": [g for g in GROUP_NAMES if g in shown.groups],
        "shown": shown,
        "clusters": data["clusters"],
        "largest_gaps": data["largest_gaps"],
        "notes": view.notes,
        # The dashboard's chart (practices.charts), drawn as SVG; "" when there is nothing to draw.
        "chart": inline(maturity_chart(data["clusters"])),
    }
