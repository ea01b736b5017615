"""Ranked recommendations from measured gaps (pure functions, no ORM; see docs/scoring.md).

Every item and dimension in the content carries a recommendation, an effort (low, medium, high)
and a weight. A recommendation is made only where a real gap was measured, and each one says which
measurement triggered it, with the numbers, so a reader can check it against the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brmportal.lib.formats import decimal
from brmportal.lib.scoring import SIDES, Dimension, ItemMeta

# A gap smaller than half a point on the 1-5 scales is within the noise of a survey: no advice.
MIN_GAP = 0.5
# "Quick wins" open the report: low effort, and at least a point and a half to gain.
QUICK_WIN_GAP = 1.5
# The instruments in report order, for stable ranking of equal priorities.
KINDS = ("relationship", "behaviour", "practice", "trust")

# The wording is translated with gettext in the active language (campaign_scores sets it); every
# sentence is one message with named placeholders, so translators see it whole.


def _f(value: float) -> str:
    # The reader's decimal mark: campaign_scores words the recommendations inside its language.
    return decimal(value, 1)


def _side_label(side: str) -> str:
    return pgettext("side, lower case in a sentence", "business") if side == "business" else _("IT")


def _per_side(values: Mapping[str, Any], fmt: Callable[[Any], str]) -> str:
    """' (business 2.1; IT 3.4)' for the sides that are reported and measured, else ''."""
    parts = [f"{_side_label(side)} {fmt(values[side])}" for side in SIDES if values.get(side) is not None]
    return f" ({'; '.join(parts)})" if parts else ""


def _from_to(pair: tuple[float, float]) -> str:
    return f"{_f(pair[0])} → {_f(pair[1])}"


def _candidate(item: ItemMeta | None, dimension: Dimension | None, **fields: Any) -> dict[str, Any]:
    source: ItemMeta | Dimension | None = item or dimension
    if source is None:
        raise ValueError("A recommendation needs an item or a dimension.")
    # An item whose dimension shares its code (behaviours, practices, trust) is one recommendation:
    # the item's concrete action, with the dimension's broader advice beside it.
    extra = dimension.recommendation if item and dimension and dimension.recommendation != item.recommendation else None
    return {
        "code": source.code,
        "level": "item" if item else "dimension",
        "dimension": dimension.code if dimension else None,
        "title": (item.title if item and item.kind == "relationship" else None)
        or (dimension.name if dimension else source.code),
        "text": source.recommendation,
        "dimension_recommendation": extra,
        "effort": source.effort,
        "weight": source.weight,
        **fields,
    }


def _measured(
    result: Mapping[str, Any], items: Sequence[ItemMeta], measured: Callable[[Mapping[str, Any]], bool]
) -> Iterator[tuple[Mapping[str, Any], ItemMeta]]:
    """(item result, item) for every item of `result` with a measurement to advise on."""
    by_code = {item.code: item for item in items}
    for entry in result.get("items", []):
        if measured(entry):
            yield entry, by_code[entry["code"]]


def _wanted_more(
    item: ItemMeta | None,
    dimension: Dimension | None,
    trigger: str,
    names: Mapping[str, str],
    *,
    today: float,
    desired: float,
    detail: Mapping[str, tuple[float, float]],
    measured: Mapping[str, Any],
) -> dict[str, Any]:
    """A relationship candidate: gap = desired - today, worded by `trigger` (a sentence with
    today, desired and per_side, and the `names` of what is measured)."""
    return _candidate(
        item,
        dimension,
        instrument="relationship",
        gap=desired - today,
        gap_kind="desired_vs_today",
        trigger=trigger
        % {**names, "today": _f(today), "desired": _f(desired), "per_side": _per_side(detail, _from_to)},
        measured=measured,
    )


def _relationship(result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]):
    """Gap = desired - today (overall): a model or statement wanted more than it is lived."""
    overall = result.get("overall")
    if not overall or not overall.get("today") or not overall.get("desired"):
        return
    for code, dimension in dimensions.items():
        today, desired = overall["today"]["scores"].get(code), overall["desired"]["scores"].get(code)
        if today is None or desired is None:
            continue
        # Sides that are reported (not None) and answered both aspects.
        sides = {s: result[s] for s in SIDES if result.get(s) and result[s]["today"] and result[s]["desired"]}
        groups = {**sides, "overall": overall}
        detail = {
            s: (g["today"]["scores"][code], g["desired"]["scores"][code])
            for s, g in sides.items()
            if None not in (g["today"]["scores"][code], g["desired"]["scores"][code])
        }
        yield _wanted_more(
            None,
            dimension,
            _("Respondents see the %(model)s model today at %(today)s and want it at %(desired)s%(per_side)s."),
            {"model": dimension.name},
            today=today,
            desired=desired,
            detail=detail,
            measured={
                "today": {s: g["today"]["scores"][code] for s, g in groups.items()},
                "desired": {s: g["desired"]["scores"][code] for s, g in groups.items()},
            },
        )
    for entry, item in _measured(
        result, items, lambda entry: None not in (entry["today"].get("overall"), entry["desired"].get("overall"))
    ):
        detail = {
            s: (entry["today"][s], entry["desired"][s])
            for s in SIDES
            if None not in (entry["today"].get(s), entry["desired"].get(s))
        }
        yield _wanted_more(
            item,
            dimensions.get(item.dimension),
            _("“%(statement)s”: today %(today)s, desired %(desired)s%(per_side)s."),
            {"statement": item.title},
            today=entry["today"]["overall"],
            desired=entry["desired"]["overall"],
            detail=detail,
            measured={"today": entry["today"], "desired": entry["desired"]},
        )


def _behaviour(result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]):
    """Gap = the larger of distance to the top (max - mean) and blind spot (self - mirror)."""
    for entry, item in _measured(result, items, lambda entry: entry["mean"] is not None):
        to_top, blind = entry["to_top"], entry["blind_spot"]
        gap, kind = (blind, "blind_spot") if blind is not None and blind > to_top else (to_top, "to_top")
        name = entry["name"]
        values = {
            "name": name,
            "self": _f(entry["self"]) if entry["self"] is not None else "",
            "mirror": _f(entry["mirror"]) if entry["mirror"] is not None else "",
            "blind_spot": _f(blind) if blind is not None else "",
            "mean": _f(entry["mean"]),
            "max": item.scale_max,
            "to_top": _f(to_top),
        }
        if entry["self"] is not None and entry["mirror"] is not None:
            # One sentence per owner and finding, since "the business" and "IT" take different
            # grammar in other languages.
            if entry["group"] == "business" and kind == "blind_spot":
                trigger = _(
                    "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s: "
                    "a blind spot of %(blind_spot)s points."
                )
            elif kind == "blind_spot":
                trigger = _(
                    "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s: "
                    "a blind spot of %(blind_spot)s points."
                )
            elif entry["group"] == "business":
                trigger = _(
                    "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s. "
                    "Mean %(mean)s of %(max)s, %(to_top)s below the top of the scale."
                )
            else:
                trigger = _(
                    "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s. "
                    "Mean %(mean)s of %(max)s, %(to_top)s below the top of the scale."
                )
            trigger %= values
        else:
            trigger = _(
                "“%(name)s” is rated %(mean)s of %(max)s on average%(per_side)s, %(to_top)s below the top of the scale."
            ) % {**values, "per_side": _per_side(entry, _f)}
        yield _candidate(
            item,
            dimensions.get(item.dimension),
            instrument="behaviour",
            gap=gap,
            gap_kind=kind,
            trigger=trigger,
            measured={k: entry[k] for k in ("mean", "business", "it", "self", "mirror", "blind_spot", "to_top")},
        )


def _practice(result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]):
    """Gap = target - current maturity (overall)."""
    for entry, item in _measured(result, items, lambda entry: entry["gap"].get("overall") is not None):
        gap = entry["gap"]["overall"]
        detail = {s: (entry["current"][s], entry["target"][s]) for s in SIDES if entry["gap"].get(s) is not None}
        yield _candidate(
            item,
            dimensions.get(item.dimension),
            instrument="practice",
            gap=gap,
            gap_kind="target_vs_current",
            trigger=_("“%(name)s”: current maturity %(current)s, target %(target)s%(per_side)s.")
            % {
                "name": entry["name"],
                "current": _f(entry["current"]["overall"]),
                "target": _f(entry["target"]["overall"]),
                "per_side": _per_side(detail, _from_to),
            },
            measured={"current": entry["current"], "target": entry["target"]},
        )


def _trust(result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]):
    """Gap = max - mean (overall): how far the statement is from full agreement."""
    for entry, item in _measured(result, items, lambda entry: entry["deficit"] is not None):
        yield _candidate(
            item,
            dimensions.get(item.dimension),
            instrument="trust",
            gap=entry["deficit"],
            gap_kind="to_top",
            trigger=_("“%(name)s” is rated %(mean)s of %(max)s%(per_side)s, %(deficit)s short of full agreement.")
            % {
                "name": entry["name"],
                "mean": _f(entry["overall"]),
                "max": item.scale_max,
                "per_side": _per_side(entry, _f),
                "deficit": _f(entry["deficit"]),
            },
            measured={k: entry[k] for k in ("overall", "business", "it", "index")},
        )


BUILDERS = {"relationship": _relationship, "behaviour": _behaviour, "practice": _practice, "trust": _trust}


def recommendations_rank(
    *,
    items: Sequence[ItemMeta],
    dimensions: Mapping[str, Mapping[str, Dimension]],
    results: Mapping[str, Mapping[str, Any] | None],
) -> list[dict[str, Any]]:
    """The ranked recommendations for the instrument results (keyed by kind, as scored).

    1. Candidates: every dimension and item with a measured gap (overall, i.e. all respondents):
       relationship desired - today; behaviour max(max - mean, self - mirror); practice
       target - current; trust max - mean. An item and a dimension with the same code are one.
    2. Keep those with gap >= MIN_GAP.
    3. priority = gap x weight; quick_win = effort is low and gap >= QUICK_WIN_GAP.
    4. Quick wins first, then the rest, each by priority (highest first); equal priorities keep
       instrument and questionnaire order. `rank` numbers the result from 1.
    """
    candidates = []
    for kind in KINDS:
        result = results.get(kind)
        if not result:
            continue
        kind_items = [item for item in items if item.kind == kind]
        for candidate in BUILDERS[kind](result, kind_items, dimensions.get(kind, {})):
            if candidate["gap"] < MIN_GAP:
                continue
            candidate["priority"] = candidate["gap"] * candidate["weight"]
            candidate["quick_win"] = candidate["effort"] == "low" and candidate["gap"] >= QUICK_WIN_GAP
            candidates.append(candidate)
    ranked = sorted(candidates, key=lambda c: (not c["quick_win"], -c["priority"]))
    for rank, candidate in enumerate(ranked, start=1):
        candidate["rank"] = rank
    return ranked
