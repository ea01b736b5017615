"""Writes for the business units a respondent answers for (assessments.partners): the choice on
the welcome page, the units an invitation sets, and the answers about further units.

The rule a respondent reads on the welcome page: the units are chosen before the first question
and can be changed until the first answer is saved; from then on they are fixed (answers about a
unit must not end up filed under another one).
"""

from __future__ import annotations

import operator
import secrets
from collections.abc import Mapping, Sequence
from functools import reduce

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Campaign, Invitation, Item, Response, Side, Special
from assessments.partners import MAX_SERVED, PartnerAnswer, ResponsePartner
from assessments.selectors.response_partners import (
    Unit,
    campaign_units,
    invitation_fixed_units,
    response_started,
    response_units,
)
from brmportal.lib.exceptions import ApplicationError


def partners_validate(*, campaign: Campaign, side: str, partner_ids: Sequence[int]) -> list[Unit]:
    """The units `partner_ids` name, in that order, or ApplicationError saying what is wrong: a
    business respondent answers for exactly one unit, an IT respondent for 1 to MAX_SERVED, all
    of them units the campaign covers (never another organisation's)."""
    ids = list(dict.fromkeys(partner_ids))
    if not ids:
        if side == Side.BUSINESS:
            raise ApplicationError(_("Choose the business unit you belong to."))
        raise ApplicationError(_("Choose at least one business unit you serve."))
    if side == Side.BUSINESS and len(ids) > 1:
        raise ApplicationError(_("Choose one business unit: the one you belong to."))
    if len(ids) > MAX_SERVED:
        raise ApplicationError(
            ngettext("Choose at most %(max)s business unit.", "Choose at most %(max)s business units.", MAX_SERVED)
            % {"max": MAX_SERVED}
        )
    offered = {unit.id: unit for unit in campaign_units(campaign=campaign)}
    if any(i not in offered for i in ids):
        raise ApplicationError(_("Choose from the business units this assessment covers."))
    return [offered[i] for i in ids]


def _links_create(response: Response, units: Sequence[Unit]) -> list[ResponsePartner]:
    # The first unit is the one the organisation-wide figures take this respondent's answers
    # about. Forms send ticked boxes in list (alphabetical) order, so "first" would always be
    # Finance before Sales: drawn at random instead, no unit weighs more in them for its name.
    if len(units) > 1:
        first = secrets.randbelow(len(units))
        units = [units[first], *units[:first], *units[first + 1 :]]
    links = [
        ResponsePartner(
            organisation_id=response.organisation_id,
            response=response,
            partner_id=unit.id,
            primary=position == 0,
            order=position,
        )
        for position, unit in enumerate(units)
    ]
    return ResponsePartner.objects.bulk_create(links)


def response_partners_from_invitation(*, response: Response, invitation: Invitation) -> list[ResponsePartner]:
    """The units the invitation sets, stored for its response (at its start, and again after a
    restart); nothing when the respondent is to choose. Call it inside the caller's transaction."""
    if not invitation.partners:
        return []
    units = invitation_fixed_units(invitation=invitation)
    ResponsePartner.objects.filter(response=response).delete()
    return _links_create(response, units)


@transaction.atomic
def response_partners_set(*, response: Response, partner_ids: Sequence[int]) -> list[ResponsePartner]:
    """Store the units the respondent chose on the welcome page (the first one primary).

    1. The conditional UPDATE is the guard, as for a page's answers: a response submitted or
       moved to another browser meanwhile changes nothing; it also locks the response row, so
       a page saved from another tab at the same moment waits for the choice or fixes it first.
    2. Refused when the invitation sets the units, or once answering has started and units are
       stored; then replaces the earlier choice.
    """
    now = timezone.now()
    mine = Response.objects.filter(pk=response.pk, submitted_at__isnull=True, claim_hash=response.claim_hash)
    if not mine.update(updated_at=now):
        raise ApplicationError(_("This questionnaire has already been submitted."))
    invitation = response.invitation
    if invitation is not None and invitation_fixed_units(invitation=invitation):
        raise ApplicationError(_("Your link already says which business unit you answer for."))
    if response_units(response=response) and response_started(response=response):
        raise ApplicationError(_("The business units you answer for are fixed once you have saved an answer."))
    units = partners_validate(campaign=response.campaign, side=response.side, partner_ids=partner_ids)
    ResponsePartner.objects.filter(response=response).delete()
    return _links_create(response, units)


def partner_answers_upsert(
    *,
    response: Response,
    partner_id: int,
    items: Mapping[str, Item],
    answers: Mapping[tuple[str, str], str],
) -> None:
    """A further unit's answers of one page, as `response_answers_save` stores the response's own
    (an upsert; a cleared answer is deleted). Only for a unit the response rates after its first:
    the first unit's answers are `Answer` rows. Call it inside that service's transaction."""
    if not ResponsePartner.objects.filter(response=response, partner_id=partner_id, primary=False).exists():
        raise ApplicationError(_("This business unit is not one you answer for."))
    rows = []
    for (code, aspect), raw in answers.items():
        if raw == "":
            continue
        special = raw if raw in (Special.DONT_KNOW, Special.NOT_APPLICABLE) else ""
        rows.append(
            PartnerAnswer(
                organisation_id=response.organisation_id,
                campaign_id=response.campaign_id,
                response=response,
                partner_id=partner_id,
                item=items[code],
                aspect=aspect,
                value=None if special else int(raw),
                special=special,
            )
        )
    if rows:
        PartnerAnswer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["response", "partner", "item", "aspect"],
            update_fields=["value", "special"],
        )
    cleared = [Q(item_id=items[code].pk, aspect=aspect) for (code, aspect), raw in answers.items() if raw == ""]
    if cleared:
        PartnerAnswer.objects.filter(reduce(operator.or_, cleared), response=response, partner_id=partner_id).delete()
