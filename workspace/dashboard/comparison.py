"""The dashboard's comparisons: with the previous campaign (over time) and between departments (heat map)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brmportal.lib.formats import decimal
from brmportal.lib.labels import (
    ASPECT_LABELS,
    ASPECTS,
    BEHAVIOUR_GROUP_LABELS,
    CHANGE_PLACES,
    GROUPS,
    NO_CHANGE,
    SIDE_LABELS,
    dig,
    heat_shade,
)
from workspace.dashboard.labels import hidden_reason_text


def comparison_dimensions(scores: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every dimension the dashboard compares over time: key, group heading, label, value."""
    dims: list[dict[str, Any]] = []

    def add(key: str, group: str, label: str | Promise, value: Any, decimals: int = 2) -> None:
        dims.append({"key": key, "group": str(group), "label": str(label), "value": value, "decimals": decimals})

    for aspect in ASPECTS:
        for side in GROUPS:
            add(
                f"relationship.{side}.{aspect}",
                _("Relationship index (1 Passive – 4 Peer)"),
                f"{ASPECT_LABELS[aspect]}, {SIDE_LABELS[side]}",
                dig(scores, "relationship", side, aspect, "index"),
            )
    for code, label in BEHAVIOUR_GROUP_LABELS.items():
        add(f"behaviours.{code}", _("Behaviours (1-5)"), label, dig(scores, "behaviours", "groups", code, "mean"))
    for cluster in dig(scores, "practices", "clusters") or []:
        add(
            f"practices.{cluster['code']}",
            _("BiSL current maturity (1-5)"),
            cluster["name"],
            dig(cluster, "current", "overall"),
        )
    for side in GROUPS:
        add(f"trust.{side}", _("Trust index (0-100)"), SIDE_LABELS[side], dig(scores, "trust", side, "index"), 1)
    for side in GROUPS:
        add(f"maturity.{side}", _("BRM maturity (1-5)"), SIDE_LABELS[side], dig(scores, "maturity", side, "score"))
    return dims


def delta_view(current: float | None, previous: float | None) -> dict[str, Any]:
    """Direction and wording of a change; the arrow always comes with words, never alone."""
    if current is None or previous is None:
        return {"delta": None, "direction": "none", "symbol": "", "text": _("not comparable")}
    delta = round(current - previous, 2)
    if abs(delta) < NO_CHANGE:
        return {"delta": delta, "direction": "same", "symbol": "=", "text": _("no change")}
    if delta > 0:
        return {
            "delta": delta,
            "direction": "up",
            "symbol": "▲",
            "text": _("up %(delta)s") % {"delta": decimal(delta, CHANGE_PLACES)},
        }
    return {
        "delta": delta,
        "direction": "down",
        "symbol": "▼",
        "text": _("down %(delta)s") % {"delta": decimal(-delta, CHANGE_PLACES)},
    }


def comparison_view(*, current: Mapping[str, Any], previous: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if previous is None:
        return []
    before = {dim["key"]: dim["value"] for dim in comparison_dimensions(previous)}
    rows = []
    for dim in comparison_dimensions(current):
        old = before.get(dim["key"])
        if dim["value"] is None and old is None:
            continue
        rows.append(
            {
                **{k: dim[k] for k in ("key", "group", "label", "decimals")},
                "current": dim["value"],
                "previous": old,
                **delta_view(dim["value"], old),
            }
        )
    return rows


# (key, label, scale, path in a department row's scores, scale low, scale high)
HEAT_COLUMNS: tuple[tuple[str, Any, str, tuple[str, ...], float, float], ...] = (
    ("rel_today", gettext_lazy("Relationship today"), "1-4", ("relationship", "today", "index"), 1, 4),
    ("rel_desired", gettext_lazy("Relationship desired"), "1-4", ("relationship", "desired", "index"), 1, 4),
    ("behaviours", gettext_lazy("Behaviours"), "1-5", ("behaviours",), 1, 5),
    ("practice_current", gettext_lazy("BiSL current"), "1-5", ("practices", "current"), 1, 5),
    ("practice_target", gettext_lazy("BiSL target"), "1-5", ("practices", "target"), 1, 5),
    ("trust", gettext_lazy("Trust index"), "0-100", ("trust",), 0, 100),
)


def heatmap_view(*, departments: Iterable[Mapping[str, Any]], threshold: int) -> dict[str, Any]:
    rows = []
    for row in departments:
        cells = []
        if row["reported"]:
            for key, _label, _scale, path, low, high in HEAT_COLUMNS:
                value = dig(row["scores"], *path)
                cells.append({"key": key, "value": value, "shade": heat_shade(value, low, high)})
        rows.append(
            {
                "side": row["side"],
                "side_label": str(SIDE_LABELS[row["side"]]),
                "department": row["department"],
                "responses": row["responses"],
                "reported": row["reported"],
                "reason": None if row["reported"] else hidden_reason_text(row["reason"], threshold),
                "cells": cells,
            }
        )
    return {
        "columns": [{"key": key, "label": str(label), "scale": scale} for key, label, scale, *_rest in HEAT_COLUMNS],
        "rows": rows,
    }
