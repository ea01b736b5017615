"""The executive page (issue #18 item 1): the same content on the dashboard's first screen and on
page 2 of the PDF, built once here and laid out by each medium's template.

Each side's relationship model today and desired (the slice's ladder, `InstrumentSlice.ladder`:
marker and label from the same index), the response rate per side, three to five themes joining
findings across instruments (`assessments.themes`), the top strengths and priorities (shaped by
`reports.findings` as the rest of both pages shows them) and the next steps. Pure: given the
view's scores, the worded findings and the invitation counts the two contexts already read, in
the active language, with no code of an item in any text (a client reads it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from assessments.content import localized
from assessments.models import Campaign
from assessments.results import CampaignScores
from assessments.slices import Ladder, Placement, View, slice_for, slices
from assessments.texts import InstrumentTexts
from assessments.themes import MIN_THEMES, ThemeFinding, themes_build, themes_for
from brmportal.lib.formats import decimal
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, SIDE_LABELS, SIDES
from reports.findings import recommendations_view, strengths_view

TOP_STRENGTHS = 3
TOP_PRIORITIES = 5
# Findings cited under a theme, after the relationship models it names: the rest are counted.
THEME_EVIDENCE = 3
# The next measurement proposed when none is planned: a year after the campaign closed.
PROPOSED_AFTER_MONTHS = 12


def _percent(part: int, whole: int) -> int:
    # Half up, as a reader rounds.
    return math.floor(100 * part / whole + 0.5) if whole else 0


def side_in_sentence(side: str) -> str:
    return pgettext("side, lower case in a sentence", "business") if side == "business" else _("IT")


def no_answers_text(side: str, department: str | None) -> str:
    """The one line of a side without answers (never "n/a")."""
    words = {"side": side_in_sentence(side), "department": department}
    if department:
        return _("No %(side)s respondents answered for %(department)s.") % words
    return _("No %(side)s responses yet.") % words


# --- Models ------------------------------------------------------------------------------------


def _left(value: float, steps: int) -> str:
    """A place on the ladder (1 .. steps) as a percentage of its width, for the figure's SVG:
    step k's band is the k-th equal part, its centre at (k - 0.5) / steps."""
    clipped = min(float(steps), max(1.0, value))
    return f"{(clipped - 0.5) / steps * 100:.1f}%"


def _mark(place: Placement, steps: int) -> dict[str, Any]:
    shown = place.index is not None
    return {
        "aspect": place.aspect,
        "aspect_label": str(ASPECT_LABELS[place.aspect]),
        "label": place.label or _("No model"),
        "shown": shown,
        "index_text": decimal(place.index, 1) if place.index is not None else "",
        "x": _left(place.index, steps) if place.index is not None else "",
        "low": _left(place.low, steps) if shown and place.low is not None else "",
        "high": _left(place.high, steps) if shown and place.high is not None else "",
    }


def models_view(
    ladder: Ladder | None, scores: CampaignScores, notes: Mapping[str, str], department: str | None
) -> dict[str, Any]:
    """Per side: today's and desired marks on the ladder, or the one line that says why not."""
    if ladder is None:
        return {"steps": [], "sides": []}
    steps = len(ladder.steps)
    sides = []
    for side in SIDES:
        places = {p.aspect: p for p in ladder.placements if p.side == side}
        line = ""
        if not scores.responses.get(side):
            line = no_answers_text(side, department)
        elif not any(p.label for p in places.values()):
            line = notes.get(side) or _("Not shown.")
        sides.append(
            {
                "side": side,
                "label": str(SIDE_LABELS[side]),
                "line": line,
                "marks": [] if line else [_mark(places[a], steps) for a in ASPECTS if a in places],
            }
        )
    return {
        # Each step's band: an equal part of the width, in ladder order.
        "steps": [
            {"code": code, "name": name, "x": f"{i / steps * 100:.1f}%", "width": f"{100 / steps:.1f}%"}
            for i, (code, name) in enumerate(ladder.steps)
        ],
        "sides": sides,
        "today_label": str(ASPECT_LABELS["today"]),
        "desired_label": str(ASPECT_LABELS["desired"]),
    }


# --- Response rate ---------------------------------------------------------------------------


def rates_view(
    counts: Mapping[tuple[str, str], Mapping[str, int]], responses: Mapping[str, int], department: str | None
) -> list[dict[str, Any]]:
    """Per side: responses counted, and invited vs responded where invitations were sent.

    Imported answers and open links have no invitation, so responses can exceed the invitations."""
    rows = []
    for side in SIDES:
        found = [c for (s, d), c in counts.items() if s == side and (department is None or d == department)]
        invited = sum(c.get("invited", 0) for c in found)
        submitted = sum(c.get("submitted", 0) for c in found)
        given = responses.get(side, 0)
        if not given and not invited:
            text = no_answers_text(side, department)
        elif invited:
            text = _("%(submitted)s of %(invited)s invited responded (%(percent)s %%)") % {
                "submitted": submitted,
                "invited": invited,
                "percent": _percent(submitted, invited),
            }
            if given != submitted:
                text += "; " + ngettext("%(count)s response counted", "%(count)s responses counted", given) % {
                    "count": given
                }
        else:
            text = ngettext(
                "%(count)s response, none by invitation", "%(count)s responses, none by invitation", given
            ) % {"count": given}
        rows.append(
            {
                "side": side,
                "label": str(SIDE_LABELS[side]),
                "invited": invited,
                "submitted": submitted,
                "responses": given,
                "percent": _percent(submitted, invited) if invited else None,
                "text": text,
            }
        )
    return rows


# --- Themes ----------------------------------------------------------------------------------


def _theme_row(
    found: ThemeFinding, titles: Mapping[str, str], model_words: Mapping[str, str], language: str
) -> dict[str, Any]:
    by_model: dict[str, list[str]] = {}
    for e in found.evidence:
        if e.kind == "model":
            by_model.setdefault(e.code, []).append(side_in_sentence(e.side))
    cited = [
        _("%(model)s model today (%(sides)s)") % {"model": model_words.get(code, code), "sides": ", ".join(sides)}
        for code, sides in by_model.items()
    ]
    findings = [e for e in found.evidence if e.kind != "model"]
    known = {s.kind for s in slices()}
    # Grouped by instrument, in the order of their first finding: "Behaviours: Listening, Plain reporting".
    grouped: dict[str, list[str]] = {}
    for e in findings[:THEME_EVIDENCE]:
        # Worded by the findings' own titles; a finding without one is left uncited rather than coded.
        if titles.get(e.code):
            instrument = str(slice_for(e.instrument).label) if e.instrument in known else ""
            grouped.setdefault(instrument, []).append(titles[e.code])
    cited += [f"{label}: {', '.join(names)}" if label else ", ".join(names) for label, names in grouped.items()]
    rest = len(findings) - THEME_EVIDENCE
    return {
        "code": found.theme.code,
        "title": localized(found.theme.title, language),
        "meaning": localized(found.theme.meaning, language),
        "positive": found.theme.positive,
        "evidence": cited,
        "more": ngettext("and %(count)s more finding", "and %(count)s more findings", rest) % {"count": rest}
        if rest > 0
        else "",
    }


def themes_view(
    *,
    scores: CampaignScores,
    ladder: Ladder | None,
    texts: InstrumentTexts,
    titles: Mapping[str, str],
) -> dict[str, Any]:
    places = ladder.placements if ladder else ()
    chosen = themes_build(
        themes=themes_for(scores.campaign.instrument_version),
        recommendations=(*scores.recommendations, *scores.recommendations_appendix),
        strengths=scores.strengths,
        models_today={p.side: p.models for p in places if p.aspect == "today" and p.index is not None},
    )
    model_words = dict(ladder.steps) if ladder else {}
    rows = [_theme_row(found, titles, model_words, texts.language) for found in chosen.themes]
    note = ""
    if not rows:
        note = _("No theme stands out yet: no finding is clear enough to join findings across instruments.")
    elif chosen.fewer:
        note = ngettext(
            "Only %(count)s theme has a clear finding behind it, fewer than the usual %(least)s.",
            "Only %(count)s themes have a clear finding behind them, fewer than the usual %(least)s.",
            len(rows),
        ) % {"count": len(rows), "least": MIN_THEMES}
    return {"rows": rows, "note": note}


# --- Next steps ------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    # The 31st (or 29 February) falls back to the month's last day.
    for last in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=last)
        except ValueError:
            continue
    return day.replace(year=year, month=month, day=28)


def next_steps_view(campaign: Campaign, today: date) -> dict[str, Any]:
    """The consensus workshop, and the next measurement: the planned date, or a proposal a year
    after the campaign closed (or from `today` while it has no close date), said to be one."""
    planned = campaign.next_measurement_on
    closed: datetime | None = campaign.closed_at or campaign.closes_at
    base = timezone.localdate(closed) if closed is not None else today
    when = planned or _add_months(base, PROPOSED_AFTER_MONTHS)
    words = {"date": date_format(when, "DATE_FORMAT")}
    if planned is not None:
        text = _("Next measurement: %(date)s.") % words
    elif closed is not None:
        text = (
            _(
                "Measure again around %(date)s: a proposal, twelve months after the campaign closes, until a date "
                "is set in the campaign's settings."
            )
            % words
        )
    else:
        text = (
            _(
                "Measure again around %(date)s: a proposal, twelve months from now, until a date is set in the "
                "campaign's settings."
            )
            % words
        )
    return {
        "workshop": _(
            "Hold a consensus workshop: business and IT go through these scores together and agree on what they "
            "mean, and leadership decides the target model, which is a choice, not an average."
        ),
        "date": when,
        "proposed": planned is None,
        "text": text,
    }


# --- The page --------------------------------------------------------------------------------


def executive_build(
    *,
    campaign: Campaign,
    scores: CampaignScores,
    texts: InstrumentTexts,
    recommendations: Sequence[Mapping[str, Any]],
    appendix: Sequence[Mapping[str, Any]] = (),
    strengths: Sequence[Mapping[str, Any]] = (),
    counts: Mapping[tuple[str, str], Mapping[str, int]],
    notes: Mapping[str, str],
    department: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The executive page of a view (the campaign, or one department): `scores` the view's,
    `recommendations`, `appendix` and `strengths` worded (`assessments.wording`), `counts` the
    invitations per side x department, `notes` why a group has no figures, in the medium's words."""
    ladder = None
    for instrument in slices():
        ladder = instrument.ladder(View(scores=scores, result=scores.results[instrument.key], texts=texts, notes=notes))
        if ladder is not None:
            break
    titles = {row["code"]: row.get("title") or "" for row in (*recommendations, *appendix, *strengths)}
    shaped = strengths_view(strengths, scores.responses)
    known = {s.kind for s in slices()}
    return {
        "models": models_view(ladder, scores, notes, department),
        "rates": rates_view(counts, scores.responses, department),
        "themes": themes_view(scores=scores, ladder=ladder, texts=texts, titles=titles),
        "strengths": [
            {**row, "instrument_label": str(slice_for(row["instrument"]).label) if row["instrument"] in known else ""}
            for row in [*shaped["top"], *shaped["hidden"]][:TOP_STRENGTHS]
        ],
        "strengths_none": shaped["none"],
        "priorities": recommendations_view(recommendations, appendix)["main"][:TOP_PRIORITIES],
        "next_steps": next_steps_view(campaign, today or timezone.localdate()),
    }
