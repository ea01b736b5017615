"""The action plan and what moved after earlier actions (issue #19 items 2 and 4), in the
reader's language: one presenter for the dashboard's cards, the PDF's section and the workspace's
list (templates/reports/actions.html, templates/reports/movement.html).

The movement's numbers are the two rounds' published means per side (rounded by the one rule,
brmportal.lib.formats); the change is worded as the dashboard's comparison words it
(`assessments.presentation.change`), with "a clear improvement" or "a clear decline" where the
better direction is known (`SideMovement.better`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from assessments.actions import Action
from assessments.models import Campaign
from assessments.results import CampaignScores
from assessments.selectors.action_movement import ActionMovement, SideMovement, action_movements
from assessments.selectors.actions import campaign_action_plans
from assessments.slices import slices
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import MEAN_PLACES, decimal
from brmportal.lib.labels import SIDE_LABELS

# An item's statement names it in a list: its first words.
TITLE_WORDS = 12


def code_title(texts: InstrumentTexts, code: str) -> str:
    """What a targeted code is called in the reader's language: a dimension's name (a behaviour,
    a practice, a model, a trust statement), else an item's statement; the code if neither."""
    for instrument in slices():
        name = texts.dimension_name(instrument.kind, code)
        if name != code:
            return name
    for instrument in slices():
        if statement := texts.item_title(instrument.kind, code):
            return Truncator(statement).words(TITLE_WORDS, truncate="…")
    return code


def status_text(action: Action) -> str:
    """Its status in words; a done one with the month it was done."""
    if action.status == Action.Status.DONE and action.done_on is not None:
        return _("done in %(month)s") % {"month": date_format(action.done_on, "YEAR_MONTH_FORMAT")}
    return str(action.get_status_display()).lower()


def action_rows(
    actions: Sequence[Action], texts: InstrumentTexts, today: date, *, carried: bool = False
) -> list[dict[str, Any]]:
    """The plan as rows: title, owner, due date, status, whether overdue, what it targets;
    `carried`: earlier rounds' actions (their campaign read with them), named by their round."""
    return [
        {
            "action": action,
            "title": action.title,
            "description": action.description,
            "owner": action.owner_name,
            "owner_email": action.owner_email,
            "due": date_format(action.due_on, "DATE_FORMAT"),
            "status": action.status,
            "status_text": status_text(action),
            "overdue": action.is_open and action.due_on < today,
            "targets": [code_title(texts, code) for code in action.targets],
            # An earlier round's action still open: the round it was planned in, and its plan's page.
            "round": action.campaign.name if carried else "",
            "round_id": action.campaign_id,
        }
        for action in actions
    ]


def _number(side: SideMovement, which: str) -> str:
    estimate = side.before if which == "before" else side.now
    return decimal(estimate.mean, MEAN_PLACES) if estimate is not None else "–"


def side_text(side: SideMovement) -> str:
    """ "Business 2.3 → 3.1, a clear improvement"; "IT 2.9 → 3.0, within the noise (+0.1)"."""
    moved = side.moved
    if side.improvement is True:
        verdict = _("a clear improvement")
    elif side.improvement is False:
        verdict = _("a clear decline")
    else:
        verdict = moved.text
    return _("%(side)s %(before)s → %(now)s, %(change)s") % {
        "side": SIDE_LABELS[side.side],
        "before": _number(side, "before"),
        "now": _number(side, "now"),
        "change": verdict,
    }


def _after(action: Action) -> str:
    title = action.title
    if action.status == Action.Status.DONE and action.done_on is not None:
        return _("after the action “%(title)s”, done in %(month)s") % {
            "title": title,
            "month": date_format(action.done_on, "YEAR_MONTH_FORMAT"),
        }
    if action.status == Action.Status.IN_PROGRESS:
        return _("while the action “%(title)s” is in progress") % {"title": title}
    return _("while the action “%(title)s” is still planned") % {"title": title}


def movement_view(movements: Sequence[ActionMovement], texts: InstrumentTexts) -> list[dict[str, Any]]:
    """Per earlier action, one sentence per item it targeted, as the issue words it: "Plain,
    honest reporting: business 2.3 → 3.1, a clear improvement, after the action 'one-page
    service report', done in March 2026". A side with no published figure in either round is
    left out of the sentence; an item with none in both rounds says so."""
    rows = []
    for entry in movements:
        action, after = entry.action, _after(entry.action)
        lines = []
        for item in entry.items:
            sides = [side for side in item.sides if side.before is not None or side.now is not None]
            title = code_title(texts, item.code)
            if sides:
                text = _("%(item)s: %(sides)s, %(after)s.") % {
                    "item": title,
                    "sides": "; ".join(side_text(side) for side in sides),
                    "after": after,
                }
            else:
                text = _("%(item)s: no published figures to compare in the two rounds.") % {"item": title}
            lines.append({"code": item.code, "title": title, "text": text})
        rows.append(
            {
                "action": action,
                "title": action.title,
                "campaign": action.campaign.name,
                "status_text": status_text(action),
                "lines": lines,
                "none": _("None of what it targets is asked in this round's questionnaire.") if not lines else "",
            }
        )
    return rows


def carried_rows(earlier: Sequence[Action], texts: InstrumentTexts, today: date) -> list[dict[str, Any]]:
    """Earlier rounds' actions that are still open (planned or in progress), overdue ones first,
    then by due date: a plan does not stop at the round that made it."""
    still_open = sorted(
        (action for action in earlier if action.is_open), key=lambda a: (not a.due_on < today, a.due_on, a.pk)
    )
    return action_rows(still_open, texts, today, carried=True)


def action_plan_view(
    *,
    own: Sequence[Action],
    movements: Sequence[ActionMovement],
    texts: InstrumentTexts,
    today: date,
    earlier: Sequence[Action] = (),
) -> dict[str, Any] | None:
    """The dashboard's and the PDF's action plan (this campaign's actions), earlier rounds'
    actions still open, and the movement after earlier rounds' actions; None when there is none."""
    carried = carried_rows(earlier, texts, today)
    if not own and not movements and not carried:
        return None
    return {
        "rows": action_rows(own, texts, today),
        "carried": {"rows": carried},
        "movement": movement_view(movements, texts),
        "overdue": sum(1 for action in own if action.is_open and action.due_on < today),
    }


def actions_section(
    *, campaign: Campaign, scores: CampaignScores, texts: InstrumentTexts, today: date
) -> dict[str, Any] | None:
    """The action plan's section for the dashboard and the PDF (whole campaign): reads the plans
    (1 query) and, when earlier rounds' actions target items, the versions' items and those
    rounds' scores (`action_movements`); `scores` are this campaign's, already read."""
    own, earlier = campaign_action_plans(campaign=campaign)
    movements = action_movements(campaign=campaign, earlier=earlier, scores=scores)
    return action_plan_view(own=own, movements=movements, texts=texts, today=today, earlier=earlier)
