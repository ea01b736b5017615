"""The consultant's view across clients (issue #20 item 4), shaped for display: one row per
organisation from `assessments.selectors.clients.client_overview`, with no scoring of its own.

Every number is a published figure of the campaign's scores, under that campaign's own threshold:
a hidden side reads "not shown". What each column means is in docs/scoring.md section 13.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.presentation import change, maturity_shown
from assessments.selectors.clients import ClientOverview, ClientRound, RoundFigures
from assessments.texts import instrument_texts
from brmportal.lib.formats import MEAN_PLACES, decimal
from brmportal.lib.labels import ASPECTS, OVERALL, SIDE_LABELS, SIDES

# The trend's figure: today's relationship index of everyone, which has an interval on both rounds
# (overall maturity has none, so a change of it could never be called clear).
TREND_KEY = f"relationship.{OVERALL}.today"


def _index_text(shown: RoundFigures, side: str) -> str:
    """A side's relationship index today and desired ("2.4 → 3.1"); "not shown" when the
    anonymity rules hide the side, "no responses" when it has none."""
    if side in shown.hidden:
        return _("not shown")
    if not shown.responses.get(side):
        return _("no responses")
    values = [shown.figures.get(f"relationship.{side}.{aspect}", (None, None))[0] for aspect in ASPECTS]
    return " → ".join(decimal(value, MEAN_PLACES) if value is not None else "–" for value in values)


def _round(found: ClientRound) -> dict[str, Any]:
    campaign = found.campaign
    closed = campaign.status == campaign.Status.CLOSED
    return {
        "campaign": campaign,
        "name": campaign.name,
        "closed": closed,
        "status": campaign.get_status_display(),
        # A closed round by its closing date; an open one by its latest published batch.
        "date": campaign.closed_at if closed and campaign.closed_at else found.published_at,
        "responses": found.responses,
    }


def client_row(overview: ClientOverview) -> dict[str, Any]:
    """One organisation's row: its last round, overall level, relationship index per side, the
    trend against the round before, and its open actions."""
    organisation = overview.organisation
    row: dict[str, Any] = {
        "organisation": organisation,
        "role": overview.membership.get_role_display(),
        "open_actions": overview.open_actions,
        "last": None,
    }
    last = overview.last
    if last is None:
        return row
    texts = instrument_texts(last.campaign.instrument)
    shown = last.figures
    level = maturity_shown(shown.maturity, texts)
    row["last"] = _round(last)
    row["level"] = (
        _("level %(level)s, %(name)s (%(score)s)")
        % {"level": level["level"], "name": level["name"], "score": level["score_text"]}
        if level
        else _("not shown")
    )
    row["sides"] = [{"label": str(SIDE_LABELS[side]), "text": _index_text(shown, side)} for side in SIDES]
    if overview.previous is None:
        row["trend"] = {"direction": "none", "symbol": "", "text": _("first round")}
        return row
    now = shown.figures.get(TREND_KEY, (None, None))
    then = overview.previous.figures.figures.get(TREND_KEY, (None, None))
    moved = change(now[0], then[0], now[1], then[1], places=MEAN_PLACES)
    row["trend"] = {"direction": moved.direction, "symbol": moved.symbol, "text": moved.text}
    row["previous"] = _round(overview.previous)
    return row


def client_rows(overviews: list[ClientOverview]) -> list[dict[str, Any]]:
    return [client_row(overview) for overview in overviews]
