"""The BiSL practices in words: the JSON part, the dashboard card, the figures compared over time,
the report's headline and the respondent's own figures, in the reader's language.

Names come from the content (assessments.texts): a practice is called by its dimension, a
cluster by the dimension of the short form's question for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from assessments.results import DECIMALS, rounded
from assessments.slices import Figure, Headline, View, group_figures
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import decimal, signed
from practices.results import ClusterResult, Maturity, PracticeMeans, PracticeResult, PracticeScores
from practices.scoring import KIND


def _name(texts: InstrumentTexts, code: str, dimension: str | None) -> str:
    return texts.dimension_name(KIND, dimension) if dimension else code


def cluster_name(cluster: ClusterResult, texts: InstrumentTexts) -> str:
    return _name(texts, cluster.code, cluster.dimension)


def _maturity_json(block: Maturity) -> dict[str, Any]:
    return {
        "current": block.current.to_json(),
        "target": block.target.to_json(),
        "gap": block.gap.to_json(),
        "answers": block.answers.to_json(),
        "dont_know": block.dont_know.to_json(),
        "not_applicable": block.not_applicable.to_json(),
    }


def _practice_json(entry: PracticeResult, texts: InstrumentTexts) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": _name(texts, entry.code, entry.dimension),
        "cluster": entry.cluster,
        "level": entry.level,
        **_maturity_json(entry),
    }


def practices_json(result: PracticeScores, texts: InstrumentTexts) -> dict[str, Any]:
    """The documented "practices" part of the scores, named in `texts`' language, unrounded."""
    return {
        "form": result.form,
        **_maturity_json(result),
        "clusters": [{"code": c.code, "name": cluster_name(c, texts), **_maturity_json(c)} for c in result.clusters],
        "items": [_practice_json(entry, texts) for entry in result.items],
        "largest_gaps": [_practice_json(entry, texts) for entry in result.largest_gaps],
    }


def practices_view(result: PracticeScores, texts: InstrumentTexts) -> dict[str, Any]:
    """The same, rounded as the JSON is (2 decimals), so pages show the figures the API gives."""
    data: dict[str, Any] = rounded(practices_json(result, texts))
    return data


def shown(value: float | None) -> float | None:
    """A score as pages show it and compare it: the JSON's two decimals."""
    return round(value, DECIMALS) if value is not None else None


# --- Dashboard ---------------------------------------------------------------------------------


def chart_series(clusters: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The series the dashboard's script draws (the same numbers are in the card's table)."""
    return {
        "labels": [c["name"] for c in clusters],
        "current": [c["current"]["overall"] for c in clusters],
        "target": [c["target"]["overall"] for c in clusters],
    }


def figures(result: PracticeScores, texts: InstrumentTexts) -> list[Figure]:
    """Compared with the previous campaign: each cluster's current maturity (everyone; the
    dashboard's rows) and current and target maturity per group (the report's rows)."""
    found = [
        Figure(
            key=f"practices.{c.code}",
            heading=_("BiSL current maturity (1-5)"),
            label=cluster_name(c, texts),
            group="overall",
            value=shown(c.current.overall),
        )
        for c in result.clusters
    ]
    found += group_figures(
        "practices.current", _("BiSL current maturity (1-5)"), lambda g: shown(result.current.get(g))
    )
    found += group_figures("practices.target", _("BiSL target maturity (1-5)"), lambda g: shown(result.target.get(g)))
    return found


# --- Report ------------------------------------------------------------------------------------


def headlines(view: View) -> list[Headline]:
    """The practice with the largest gap between target and current maturity, if any."""
    gaps = practices_view(view.result, view.texts)["largest_gaps"]
    if not gaps or gaps[0]["gap"]["overall"] is None:
        return []
    top = gaps[0]
    return [
        Headline(
            title=_("Largest BiSL practice gap"),
            text=_("“%(name)s”: current maturity %(current)s, target %(target)s (gap %(gap)s).")
            % {
                "name": top["name"],
                "current": decimal(top["current"]["overall"], 2),
                "target": decimal(top["target"]["overall"], 2),
                "gap": signed(top["gap"]["overall"], 2),
            },
        )
    ]


# --- Respondent --------------------------------------------------------------------------------


def respondent_context(result: PracticeMeans) -> dict[str, Any]:
    """The block "Managing information and IT": the respondent's own mean current (and target) maturity."""
    context: dict[str, Any] = rounded(result.to_json())
    return context
