"""The report's four charts, drawn from its scores with `reports.charts` (inline SVG)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, BEHAVIOUR_GROUP_LABELS, OVERALL, SIDE_LABELS, SIDES
from reports import charts


def _has_values(series: Sequence[charts.Series]) -> bool:
    return any(value is not None for s in series for value in s.values)


def relationship_chart(scores: Mapping[str, Any], models: Mapping[str, Any]) -> str:
    """Today vs desired per model and side; everyone when neither side can be shown; "" if no data."""
    order = list(models)
    series = []
    palette = {
        ("business", "today"): "#9ec5fe",
        ("business", "desired"): "#0d6efd",
        ("it", "today"): "#ffc98b",
        ("it", "desired"): "#d35400",
        ("overall", "today"): "#c5c5c5",
        ("overall", "desired"): "#555555",
    }
    groups = [g for g in SIDES if scores["relationship"].get(g)] or [OVERALL]
    for group in groups:
        data = scores["relationship"].get(group)
        for aspect in ASPECTS:
            fit = (data or {}).get(aspect) or {}
            values = [(fit.get("scores") or {}).get(code) for code in order]
            series.append(
                charts.Series(
                    label=f"{SIDE_LABELS[group]}, {ASPECT_LABELS[aspect]}",
                    color=palette[(group, aspect)],
                    values=values,
                )
            )
    if not _has_values(series):
        return ""
    return charts.column_chart(
        categories=[models[code]["name"] for code in order],
        series=series,
        scale=(1, 5),
        title=_("Agreement with each model's statements (1-5)"),
    )


def behaviour_chart(scores: Mapping[str, Any]) -> str:
    items = [i for i in scores["behaviours"]["items"] if i["group"] in SIDES]
    series = [
        charts.Series(label=_("Self (the side rates itself)"), color="#0d6efd", values=[i["self"] for i in items]),
        charts.Series(
            label=_("Mirror (the other side rates it)"), color="#d35400", values=[i["mirror"] for i in items]
        ),
    ]
    if not _has_values(series):
        return ""
    return charts.bar_chart(
        categories=[f"{BEHAVIOUR_GROUP_LABELS[i['group']]}: {i['name']}" for i in items],
        series=series,
        scale=(1, 5),
        title=_("How often each behaviour is seen (1 never - 5 always)"),
        # 14 behaviours x 2 bars: slimmer bars keep the section on one page.
        bar_height=6.5,
        row_gap=5,
    )


def practice_chart(scores: Mapping[str, Any]) -> str:
    clusters = scores["practices"]["clusters"]
    series = [
        charts.Series(
            label=pgettext("maturity", "Current"), color="#6c757d", values=[c["current"]["overall"] for c in clusters]
        ),
        charts.Series(
            label=pgettext("maturity", "Target"), color="#198754", values=[c["target"]["overall"] for c in clusters]
        ),
    ]
    if not _has_values(series):
        return ""
    return charts.bar_chart(
        categories=[c["name"] for c in clusters],
        series=series,
        scale=(1, 5),
        title=_("BiSL maturity per cluster, everyone (1-5)"),
    )


def maturity_chart(maturity_rows: Sequence[dict], ladder: Sequence[Mapping[str, Any]]) -> str:
    markers = [
        charts.Marker(label=row["label"], value=row["data"]["score"], color=color)
        for row, color in zip(maturity_rows, ("#0d6efd", "#d35400", "#212529"), strict=True)
        if row["data"]
    ]
    return charts.ladder_chart(steps=[step["name"] for step in ladder], markers=markers)
