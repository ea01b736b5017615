"""The business units a respondent answers for (assessments.partners), as the respondent pages
need them: the pages once per unit, the saved answers of a page, and the welcome page's choice.

A campaign that covers no units costs nothing here: `invitation_get_by_token` tells so in its
one query, and the pages are the instrument's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import Invitation, Response, Side
from assessments.partners import MAX_SERVED
from assessments.selectors.instruments import Page, campaign_minutes
from assessments.selectors.response_partners import (
    AnswerMap,
    Unit,
    campaign_units,
    further_unit_minutes,
    invitation_covers_units,
    invitation_fixed_units,
    page_answers,
    respondent_units,
    response_pages,
    response_partner_answer_map,
    response_started,
    response_units,
)
from assessments.selectors.responses import response_answer_map
from respondent.forms import UnitChoiceForm


@dataclass(frozen=True)
class Questionnaire:
    """The pages of one respondent. `choose`: the campaign covers units and none is chosen yet,
    so the pages wait for the welcome page's choice. `stored`: the units are the response's own
    rows (not yet, for units an invitation sets before its response exists)."""

    pages: list[Page]
    units: list[Unit]
    choose: bool
    stored: bool


def questionnaire(invitation: Invitation, response: Response | None) -> Questionnaire:
    stored = response_units(response=response) if response and invitation_covers_units(invitation=invitation) else []
    units = stored or respondent_units(invitation=invitation, response=None)
    pages = response_pages(campaign=invitation.campaign, side=invitation.side, units=units)
    choose = not units and invitation_covers_units(invitation=invitation)
    return Questionnaire(pages, units, choose=choose, stored=bool(stored))


def saved_answers(response: Response | None, page: Page) -> AnswerMap:
    """What the respondent saved on `page` (a further unit's page: that unit's answers)."""
    if response is None:
        return {}
    if page.further:
        return page_answers(page=page, answers={}, partner_answers=response_partner_answer_map(response=response))
    return response_answer_map(response=response)


def all_answers(response: Response | None, units: list[Unit]) -> tuple[AnswerMap, dict[int, AnswerMap]]:
    """The response's answers and its further units' (review page)."""
    if response is None:
        return {}, {}
    partner_answers = response_partner_answer_map(response=response) if len(units) > 1 else {}
    return response_answer_map(response=response), partner_answers


def unit_choice(invitation: Invitation, response: Response | None, form: UnitChoiceForm | None = None) -> dict:
    """The welcome page's part about units: those the link sets, or the choice (`form` when a
    choice was posted with a problem), or nothing when the campaign covers none."""
    if not invitation_covers_units(invitation=invitation):
        return {}
    fixed = invitation_fixed_units(invitation=invitation)
    chosen = respondent_units(invitation=invitation, response=response) if not fixed else fixed
    # The choice stays open until the first answer is saved (partners_respondent's rule).
    can_choose = not fixed and not (chosen and response_started(response=response))
    shown = fixed or (chosen if not can_choose else [])
    context: dict = {
        "units_fixed": shown,
        "units_fixed_names": ", ".join(unit.name for unit in shown),
        "units_by_it": invitation.side == Side.IT,
        "further_minutes": further_unit_minutes(campaign=invitation.campaign, side=invitation.side),
        # A refused choice: beside the choice, or above the units when they are fixed meanwhile.
        "unit_errors": form.errors.get("partners", []) if form is not None else [],
    }
    if can_choose:
        selected = form.selected() if form is not None else [unit.id for unit in chosen]
        context["unit_choice"] = {
            "form": form,
            "multiple": invitation.side == Side.IT,
            "max": MAX_SERVED,
            "units": [
                {"id": unit.id, "name": unit.name, "checked": unit.id in selected}
                for unit in campaign_units(campaign=invitation.campaign)
            ],
        }
    return context


def welcome_minutes(invitation: Invitation, units: list[Unit]) -> int:
    """The welcome page's estimate: the instrument's, plus the unit-dependent pages once more per
    further unit an IT respondent serves."""
    minutes = campaign_minutes(campaign=invitation.campaign, side=invitation.side)
    if len(units) > 1:
        minutes += (len(units) - 1) * further_unit_minutes(campaign=invitation.campaign, side=invitation.side)
    return minutes
