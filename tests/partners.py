"""Builders for the business-partner portfolio (issue #20): units and responses that rate them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessments.models import BusinessUnit, Campaign, PartnerAnswer, Response, ResponsePartner
from assessments.slices import per_partner_kinds
from tests.helpers import submit_columns


def units(campaign: Campaign, *names: str) -> dict[str, BusinessUnit]:
    """Business units of the campaign's organisation, covered by the campaign."""
    found = {}
    for name in names:
        unit, _ = BusinessUnit.objects.get_or_create(organisation_id=campaign.organisation_id, name=name)
        unit.campaigns.add(campaign)
        found[name] = unit
    return found


def rate(
    campaign: Campaign,
    side: str,
    rated: Sequence[BusinessUnit],
    *,
    value: str = "3",
    columns: Mapping[str, str] | None = None,
    further: Mapping[str, str] | None = None,
    department: str = "",
    source: str = Response.Source.LINK,
) -> Response:
    """A submitted response (not yet published) rating `rated` (the first is primary): answers by
    column as `submit_columns` takes them, every other one `value`; about each further unit, its
    unit-dependent items answered `further[unit name]`, else as about the first unit."""
    response = submit_columns(
        campaign, side, columns=dict(columns or {}), default=value, department=department, source=source, publish=False
    )
    for order, unit in enumerate(rated):
        ResponsePartner.objects.create(
            organisation_id=campaign.organisation_id, response=response, partner=unit, primary=order == 0, order=order
        )
    answers = response.answers.filter(item__kind__in=per_partner_kinds()).values_list("item_id", "aspect", "value")
    PartnerAnswer.objects.bulk_create(
        PartnerAnswer(
            organisation_id=campaign.organisation_id,
            campaign=campaign,
            response=response,
            partner=unit,
            item_id=item_id,
            aspect=aspect,
            value=int(further[unit.name]) if further and unit.name in further else given,
        )
        for unit in rated[1:]
        for item_id, aspect, given in answers
    )
    return response
