"""The BiSL practices in words: the JSON part, the dashboard card, the figures compared over time,
the report's headlines, the "Why:" sentences, strengths and the respondent's own figures, in the
reader's language.

Names come from the content (assessments.texts): a practice is called by its dimension, a
cluster by the dimension of the short form's question for it. Means are quoted with their 95 %
interval and n, gaps with "clear" or "within the noise" (brmportal.lib.formats).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assessments.recommendations import Recommendation, Strength
from assessments.results import DECIMALS, rounded
from assessments.slices import Figure, Headline, View, group_figures
from assessments.texts import InstrumentTexts
from assessments.wording import number, side_in_sentence
from brmportal.lib.formats import difference_text, interval_text, signed
from brmportal.lib.scoring import SIDES
from brmportal.lib.stats import Estimate, below_norm
from practices.results import ClusterResult, Maturity, PracticeMeans, PracticeResult, PracticeScores, means
from practices.scoring import KIND


def _name(texts: InstrumentTexts, code: str, dimension: str | None) -> str:
    return texts.dimension_name(KIND, dimension) if dimension else code


def cluster_name(cluster: ClusterResult, texts: InstrumentTexts) -> str:
    return _name(texts, cluster.code, cluster.dimension)


def _maturity_json(block: Maturity) -> dict[str, Any]:
    """The long-standing numbers (means and gap per group), the counts, and beside them "stats":
    each figure's n, sd and interval, each gap's interval and whether it is clear."""
    return {
        "current": means(block.current).to_json(),
        "target": means(block.target).to_json(),
        "gap": block.gap.to_json(lambda d: d.value),
        "answers": block.answers.to_json(),
        "dont_know": block.dont_know.to_json(),
        "not_applicable": block.not_applicable.to_json(),
        "stats": {
            "current": block.current.to_json(lambda e: e.to_json()),
            "target": block.target.to_json(lambda e: e.to_json()),
            "gap": block.gap.to_json(lambda d: d.to_json()),
        },
    }


def _practice_json(entry: PracticeResult, texts: InstrumentTexts) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": _name(texts, entry.code, entry.dimension),
        "cluster": entry.cluster,
        "level": entry.level,
        **_maturity_json(entry),
        "distribution": {
            aspect: by_group.to_json(lambda d: d.to_json()) for aspect, by_group in entry.distribution.items()
        },
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


def _mean(estimate: Estimate | None) -> float | None:
    return shown(estimate.mean) if estimate is not None else None


# --- Dashboard ---------------------------------------------------------------------------------


def figures(result: PracticeScores, texts: InstrumentTexts) -> list[Figure]:
    """Compared with the previous campaign: each cluster's current maturity (everyone; the
    dashboard's rows) and current and target maturity per group (the report's rows)."""
    found = [
        Figure(
            key=f"practices.{c.code}",
            heading=_("BiSL current maturity (1-5)"),
            label=cluster_name(c, texts),
            group="overall",
            value=_mean(c.current.overall),
            estimate=c.current.overall,
        )
        for c in result.clusters
    ]
    found += group_figures(
        "practices.current",
        _("BiSL current maturity (1-5)"),
        lambda g: _mean(result.current.get(g)),
        estimate=result.current.get,
    )
    found += group_figures(
        "practices.target",
        _("BiSL target maturity (1-5)"),
        lambda g: _mean(result.target.get(g)),
        estimate=result.target.get,
    )
    return found


# --- Report ------------------------------------------------------------------------------------


def headlines(view: View) -> list[Headline]:
    """The practice with the largest clear gap between target and current maturity, and the
    weakest cluster when its current maturity lies clearly below the middle of the scale."""
    result: PracticeScores = view.result
    found = []
    if result.largest_gaps:
        top = result.largest_gaps[0]
        found.append(
            Headline(
                title=_("Largest BiSL practice gap"),
                text=_("“%(name)s”: current maturity %(current)s, target %(target)s; gap %(gap)s.")
                % {
                    "name": _name(view.texts, top.code, top.dimension),
                    "current": interval_text(top.current.overall),
                    "target": interval_text(top.target.overall),
                    "gap": difference_text(top.gap.overall),
                },
            )
        )
    norm = (result.scale_min + result.scale_max) / 2
    weak = [c for c in result.clusters if below_norm(c.current.overall, norm)]
    if weak:
        weakest = min(weak, key=lambda c: c.current.overall.mean if c.current.overall else 0.0)
        found.append(
            Headline(
                title=_("Weakest BiSL cluster"),
                text=_("“%(name)s”: current maturity %(current)s, clearly below the middle of the scale (%(norm)s).")
                % {
                    "name": cluster_name(weakest, view.texts),
                    "current": interval_text(weakest.current.overall),
                    "norm": number(norm),
                },
            )
        )
    return found


# --- Recommendations and strengths -----------------------------------------------------------------


def _quoted(numbers: Mapping[str, float | None], key: str) -> str:
    """A mean of a recommendation's or strength's numbers with its interval and n."""
    mean, low, high = numbers.get(key), numbers.get(f"{key}_low"), numbers.get(f"{key}_high")
    if mean is None:
        return "–"
    ci = [low, high] if low is not None and high is not None else None
    return interval_text({"mean": mean, "ci": ci, "n": int(numbers.get(f"{key}_n") or 0)})


def _by_side(per_side: Mapping[str, tuple[float, ...]]) -> str:
    """' By side: business 2.0 → 4.0; IT 3.0 → 4.0.' for the sides measured, else ''."""
    parts = [
        f"{side_in_sentence(side)} {' → '.join(number(v) for v in per_side[side])}"
        for side in SIDES
        if side in per_side
    ]
    return " " + _("By side: %(values)s.") % {"values": "; ".join(parts)} if parts else ""


def trigger_text(rec: Recommendation, name: str) -> str:
    """The "Why:" sentence: the measured means with their intervals and the clear finding."""
    n = rec.numbers
    if rec.gap_kind == "weakness":
        text = _("“%(name)s”: current maturity %(current)s, clearly below the middle of the scale (%(norm)s).") % {
            "name": name,
            "current": _quoted(n, "current"),
            "norm": number(n.get("norm")),
        }
        return text + _by_side(rec.per_side)
    values = {
        "name": name,
        "current": _quoted(n, "current"),
        "target": _quoted(n, "target"),
        "gap": signed(rec.gap, 1),
        "low": signed(rec.gap_low, 1) if rec.gap_low is not None else "–",
        "high": signed(rec.gap_high, 1) if rec.gap_high is not None else "–",
    }
    if rec.clear:
        text = _(
            "“%(name)s”: current maturity %(current)s, target %(target)s: a clear gap of %(gap)s (%(low)s to %(high)s)."
        )
    else:
        text = _("“%(name)s”: current maturity %(current)s, target %(target)s: a gap of %(gap)s, within the noise.")
    return text % values + _by_side(rec.per_side)


def strength_text(strength: Strength) -> str:
    text = _("Current maturity %(current)s, clearly above the middle of the scale (%(norm)s).") % {
        "current": _quoted(strength.numbers, "current"),
        "norm": number(strength.norm),
    }
    return text + _by_side(strength.per_side)


# --- Respondent --------------------------------------------------------------------------------


def respondent_context(result: PracticeMeans) -> dict[str, Any]:
    """The block "Managing information and IT": the respondent's own mean current (and target) maturity."""
    context: dict[str, Any] = rounded(result.to_json())
    return context
