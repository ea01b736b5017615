"""What the dashboard and the PDF report both show of the method (issue #16), shaped once so the two
cannot drift: the ranked recommendations with their stage and what they wait for, the strengths,
the respondents flagged for their response style, the scales whose items do not hang together,
and the "not enough answers" of a missing overall maturity.

Pure: built from `CampaignScores` records and their worded JSON (`assessments.wording`), in the
active language. Each medium lays them out in its own template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from assessments.maturity import MATURITY_LIMITATIONS, MATURITY_MISSING
from assessments.results import Flags, Reliability
from assessments.slices import slice_for, slices
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import decimal, signed
from brmportal.lib.labels import GROUPS, OVERALL, SIDE_LABELS, SIDES
from brmportal.lib.stats import ALPHA_FLAG

# Seed 004's order for rebuilding a relationship where trust is lacking.
STAGE_LABELS = {
    1: pgettext_lazy("recommendation stage", "Know what you do"),
    2: pgettext_lazy("recommendation stage", "Stop the bleeding"),
    3: pgettext_lazy("recommendation stage", "Integrate"),
}
FLAG_KEYS = ("flag:straight_line", "flag:acquiescence")
FLAG_LABELS = {
    "flag:straight_line": gettext_lazy("straight-lining (the same answer to every question)"),
    "flag:acquiescence": gettext_lazy("acquiescence (agreed with statements that contradict each other)"),
}
# Words of the parts of a scale's name ("practice.short.all") that are not a content dimension.
SCALE_PARTS = {
    "all": gettext_lazy("all items"),
    "short": gettext_lazy("short form"),
    "full": gettext_lazy("full form"),
    "enterprise": gettext_lazy("enterprise"),
}
ASPECT_WORDS = {
    "today": pgettext_lazy("aspect", "today"),
    "desired": pgettext_lazy("aspect", "desired"),
    "current": pgettext_lazy("aspect", "current"),
    "target": pgettext_lazy("aspect", "target"),
    "value": "",
}


def maturity_missing_text() -> str:
    """What a missing overall maturity reads everywhere (never a blank)."""
    return str(MATURITY_MISSING)


def maturity_limits_text() -> str:
    return str(MATURITY_LIMITATIONS)


# --- Recommendations -------------------------------------------------------------------------


def _row(rec: Mapping[str, Any], titles: Mapping[str, tuple[int, str]]) -> dict[str, Any]:
    waits = [
        {"rank": titles[code][0], "title": titles[code][1], "code": code}
        for code in rec.get("prerequisites") or ()
        if code in titles and code != rec["code"]
    ]
    stage = rec.get("stage") or 0
    ci = rec.get("ci")
    known = {s.kind for s in slices()}
    return {
        **rec,
        "instrument_label": str(slice_for(rec["instrument"]).label) if rec["instrument"] in known else "",
        # The gap with its 95 % interval: every listed gap is clear (its interval excludes zero).
        "gap_text": f"{signed(rec['gap'], 1)} ({decimal(ci[0], 1)}–{decimal(ci[1], 1)})"
        if ci and ci[0] is not None and ci[1] is not None
        else signed(rec["gap"], 1),
        "stage_label": str(STAGE_LABELS[stage]) if stage in STAGE_LABELS else "",
        "waits_for": waits,
        "waits_text": "; ".join(f"{w['rank']}. {w['title']}" for w in waits),
    }


def recommendations_view(
    main: Sequence[Mapping[str, Any]], appendix: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """The main list (in rank order: `assessments.recommendations` puts every recommendation after
    what it waits for) and the appendix, each row with its stage's name and the recommendations it
    waits for (rank and title)."""
    titles = {rec["code"]: (rec["rank"], rec["title"]) for rec in (*main, *appendix)}
    rows = [_row(rec, titles) for rec in main]
    rest = [_row(rec, titles) for rec in appendix]
    return {
        "main": rows,
        "appendix": rest,
        "total": len(rows) + len(rest),
        "quick_wins": sum(1 for r in rows if r.get("quick_win")),
    }


def codes_view(main: Sequence[Mapping[str, Any]], strengths: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The codes of the priorities and strengths, for the appendix only: the pages before it name
    them by title (a client reads no internal codes, issue #18), while the exports and the API
    name them by code, so this key joins the two. Each code once, in the order the report names them."""
    known = {s.kind for s in slices()}
    rows: dict[str, dict[str, Any]] = {}
    for rec in (*main, *strengths):
        if rec.get("code") and rec["code"] not in rows:
            instrument = rec.get("instrument", "")
            rows[rec["code"]] = {
                "code": rec["code"],
                "title": rec.get("title", ""),
                "instrument_label": str(slice_for(instrument).label) if instrument in known else "",
            }
    return list(rows.values())


# --- Strengths -------------------------------------------------------------------------------


def _strength_row(strength: Mapping[str, Any]) -> dict[str, Any]:
    low, high = strength["ci"]
    value = strength["value"]
    hidden = strength["kind"] == "hidden_strength"
    shown = signed(value, 1) if hidden else decimal(value, 1)
    return {**strength, "figure": f"{shown} ({decimal(low, 1)}–{decimal(high, 1)})"}


def strengths_view(strengths: Sequence[Mapping[str, Any]], responses: Mapping[str, int]) -> dict[str, Any]:
    """The top strengths and the hidden strengths (worded), or why there is none yet."""
    top = [_strength_row(s) for s in strengths if s["kind"] == "strength"]
    hidden = [_strength_row(s) for s in strengths if s["kind"] == "hidden_strength"]
    none = ""
    if not top and not hidden:
        none = _(
            "No strength is clear yet: with %(business)s business and %(it)s IT respondents, intervals are wide."
        ) % {"business": responses.get("business", 0), "it": responses.get("it", 0)}
    return {"top": top, "hidden": hidden, "none": none}


# --- Flagged respondents ---------------------------------------------------------------------


def flags_status(flags: Flags, threshold: int) -> str:
    """Whether flagged respondents count in these figures, and why a request to leave them out was refused."""
    if flags.excluded:
        return _("Flagged respondents are left out of these figures, as the campaign's settings ask.")
    if flags.requested and flags.refused == "open":
        return _(
            "Flagged respondents are kept: the campaign asks to leave them out, which is done only once "
            "the campaign is closed."
        )
    if flags.requested and flags.refused == "small":
        return ngettext(
            "Flagged respondents are kept: the campaign asks to leave them out, but that would show the "
            "answers of fewer than %(threshold)s person.",
            "Flagged respondents are kept: the campaign asks to leave them out, but that would show the "
            "answers of fewer than %(threshold)s people.",
            threshold,
        ) % {"threshold": threshold}
    return _("Flagged respondents are kept and counted in these figures.")


def flags_view(flags: Flags, threshold: int, responses: Mapping[str, int]) -> dict[str, Any]:
    """Per side: how many respondents are flagged, and for what; whether they are kept."""
    rows = []
    for group in SIDES:
        counts = flags.counts.get(group)
        # A side nobody answered for has no row of zeros (issue #18 item 5): the respondents table says so.
        if counts is None or not responses.get(group):
            continue
        parts = [{"label": str(FLAG_LABELS[key]), "count": counts.get(key, 0)} for key in FLAG_KEYS if counts.get(key)]
        flagged = counts.get("flagged", 0)
        detail = "; ".join(f"{part['count']} {part['label']}" for part in parts)
        rows.append(
            {
                "group": group,
                "label": str(SIDE_LABELS[group]),
                "flagged": flagged,
                "respondents": responses.get(group, 0),
                "parts": parts,
                "text": ngettext(
                    "%(flagged)s of %(respondents)s respondent flagged",
                    "%(flagged)s of %(respondents)s respondents flagged",
                    responses.get(group, 0),
                )
                % {"flagged": flagged, "respondents": responses.get(group, 0)}
                + (f" ({detail})" if detail else ""),
            }
        )
    return {
        "rows": rows,
        "any": any(r["flagged"] for r in rows),
        "status": flags_status(flags, threshold),
        "excluded": flags.excluded,
        "refused": flags.refused,
    }


# --- Reliability -----------------------------------------------------------------------------


def scale_label(name: str, texts: InstrumentTexts) -> str:
    """A scale's name in words: "relationship.passive" -> "Relationship model: Passive"."""
    kind, _dot, rest = name.partition(".")
    known = {s.kind for s in slices()}
    instrument = str(slice_for(kind).label) if kind in known else kind
    words = []
    for part in filter(None, rest.split(".")):
        if part in SIDE_LABELS:
            words.append(str(SIDE_LABELS[part]))
        elif part in SCALE_PARTS:
            words.append(str(SCALE_PARTS[part]))
        else:
            words.append(texts.dimension_name(kind, part))
    return f"{instrument}: {', '.join(words)}" if words else instrument


def reliability_view(reliability: Sequence[Reliability], texts: InstrumentTexts) -> dict[str, Any]:
    """One row per scale and aspect (Cronbach's alpha per side, respondents who answered every
    item) and the scales under ALPHA_FLAG, named for a one-line warning."""
    # Only the groups with an alpha somewhere (issue #18 item 5): no column of dashes for a side
    # nobody answered for, and no "everyone" beside the one side that did (it is that side).
    groups = [g for g in GROUPS if any(r.respondents.get(g) is not None for r in reliability)]
    if len([g for g in groups if g in SIDES]) == 1 and OVERALL in groups:
        groups.remove(OVERALL)
    rows = []
    for r in reliability:
        label = scale_label(r.scale, texts)
        aspect = str(ASPECT_WORDS.get(r.aspect, r.aspect))
        rows.append(
            {
                "scale": r.scale,
                "label": label,
                "aspect": aspect,
                "name": f"{label} ({aspect})" if aspect else label,
                "items": r.items,
                "alpha": [
                    {"group": g, "value": r.alpha.get(g), "low": (a := r.alpha.get(g)) is not None and a < ALPHA_FLAG}
                    for g in groups
                ],
                "respondents": [r.respondents.get(g) for g in groups],
                "low": r.low,
            }
        )
    low = [str(row["name"]) for row in rows if row["low"]]
    return {
        "rows": rows,
        "groups": [{"group": g, "label": str(SIDE_LABELS[g])} for g in groups],
        "threshold": ALPHA_FLAG,
        "low": low,
        "warning": _(
            "Read with care: the items of %(scales)s do not hang together (Cronbach's alpha under %(threshold)s)."
        )
        % {"scales": "; ".join(low), "threshold": decimal(ALPHA_FLAG, 1)}
        if low
        else "",
    }
