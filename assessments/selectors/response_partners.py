"""Reads of the business units a respondent answers for (assessments.partners): which units a
campaign offers, which ones a response rates, and the questionnaire's pages once per unit.

A campaign that covers no units reads exactly as before: no unit, the instrument's own pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from assessments.models import Campaign, Invitation, Response, Side
from assessments.partners import MAX_SERVED, BusinessUnit, PartnerAnswer, ResponsePartner
from assessments.selectors.instruments import SECONDS_PER_RATING, Page, campaign_pages
from assessments.slices import per_partner_kinds

AnswerMap = dict[tuple[str, str], str]


@dataclass(frozen=True)
class Unit:
    """A business unit as a respondent page shows it."""

    id: int
    name: str


def campaign_units(*, campaign: Campaign) -> list[Unit]:
    """The units `campaign` covers, by name: what a respondent may choose from."""
    rows = BusinessUnit.objects.filter(organisation_id=campaign.organisation_id, campaigns=campaign).values_list(
        "pk", "name"
    )
    return [Unit(pk, name) for pk, name in rows.order_by("name", "pk")]


def campaign_covers_units(*, campaign: Campaign) -> bool:
    return BusinessUnit.campaigns.through.objects.filter(campaign_id=campaign.pk).exists()


def invitation_covers_units(*, invitation: Invitation) -> bool:
    """Whether the invitation's campaign covers units; no query for an invitation read by
    `invitation_get_by_token`, which annotates it (`covers_partners`)."""
    covers = getattr(invitation, "covers_partners", None)
    if covers is None:
        return campaign_covers_units(campaign=invitation.campaign)
    return bool(covers)


def invitation_fixed_units(*, invitation: Invitation) -> list[Unit]:
    """The units the invitation sets (`Invitation.partners`, in its order) that its campaign
    covers, as many as its side rates (one for business, MAX_SERVED for IT); empty: the
    respondent chooses on the welcome page."""
    ids = [i for i in invitation.partners or [] if isinstance(i, int)]
    if not ids:
        return []
    found = {unit.id: unit for unit in campaign_units(campaign=invitation.campaign) if unit.id in ids}
    units = [found[i] for i in dict.fromkeys(ids) if i in found]
    return units[: 1 if invitation.side == Side.BUSINESS else MAX_SERVED]


def response_units(*, response: Response) -> list[Unit]:
    """The units a response rates, its first (primary) one first."""
    rows = (
        ResponsePartner.objects.filter(organisation_id=response.organisation_id, response=response)
        .order_by("-primary", "order", "pk")
        .values_list("partner_id", "partner__name")
    )
    return [Unit(pk, name) for pk, name in rows]


def respondent_units(*, invitation: Invitation, response: Response | None) -> list[Unit]:
    """The units the respondent behind `invitation` answers for: the response's own, or before it
    exists those the invitation sets. No query when the campaign covers no units."""
    if not invitation_covers_units(invitation=invitation):
        return []
    units = response_units(response=response) if response is not None else []
    return units or invitation_fixed_units(invitation=invitation)


def response_started(*, response: Response | None) -> bool:
    """Whether the respondent has begun answering (the units they answer for are fixed from then on)."""
    if response is None:
        return False
    if response.current_page > 1 or response.answers.exists():
        return True
    return PartnerAnswer.objects.filter(organisation_id=response.organisation_id, response=response).exists()


def response_pages(*, campaign: Campaign, side: str, units: Sequence[Unit]) -> list[Page]:
    """The pages of a respondent answering for `units` (the first one primary), numbered from 1.

    Each run of sections of a unit-dependent instrument (`per_partner_kinds`: the relationship,
    trust) is titled with the first unit, then asked again for each further unit right after it:
    "How business and IT work together (1 of 2) — Finance", "(2 of 2) — Finance", then the same
    two for Sales. Everything else is asked once. Without units: `campaign_pages` as it is.
    """
    pages = campaign_pages(campaign=campaign, side=side)
    if not units:
        return pages
    kinds = per_partner_kinds()
    result: list[Page] = []
    for kind, run in groupby(pages, key=lambda page: page.kind):
        block = list(run)
        if kind not in kinds:
            result += [replace(page, number=len(result) + 1) for page in block]
            continue
        for position, unit in enumerate(units):
            result += [
                replace(page, number=len(result) + n, partner_id=unit.id, partner_name=unit.name, further=position > 0)
                for n, page in enumerate(block, start=1)
            ]
    return result


def further_unit_minutes(*, campaign: Campaign, side: str) -> int:
    """About how many minutes each further unit adds to `campaign_minutes` (7 s a rating)."""
    kinds = per_partner_kinds()
    ratings = sum(len(page.fields) for page in campaign_pages(campaign=campaign, side=side) if page.kind in kinds)
    return max(1, round(ratings * SECONDS_PER_RATING / 60)) if ratings else 0


def response_partner_answer_map(*, response: Response) -> dict[int, AnswerMap]:
    """{unit id: {(item code, aspect): "1".."5" | "dk" | "na"}}: the answers about further units."""
    rows = PartnerAnswer.objects.filter(organisation_id=response.organisation_id, response=response).values_list(
        "partner_id", "item__code", "aspect", "value", "special"
    )
    result: dict[int, AnswerMap] = {}
    for partner_id, code, aspect, value, special in rows:
        result.setdefault(partner_id, {})[(code, aspect)] = special or str(value)
    return result


def page_answers(*, page: Page, answers: AnswerMap, partner_answers: Mapping[int, AnswerMap]) -> AnswerMap:
    """The saved answers a page shows: a further unit's own, else the response's."""
    if page.further and page.partner_id is not None:
        return dict(partner_answers.get(page.partner_id, {}))
    return answers
