"""Reads of the organisation's business units for those who manage them (issue #20): the list,
the units a campaign may cover, the names an invitation or an imported row may give, and which
units a campaign cannot drop. The portfolio's results are read in `selectors.partners`."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import Organisation
from assessments.models import Campaign, Invitation
from assessments.partner_rules import UnitNames, unit_name_key
from assessments.partners import BusinessUnit, PartnerAnswer, ResponsePartner


def unit_list(*, organisation: Organisation) -> list[BusinessUnit]:
    """The organisation's units, active ones first, by name, each with `campaign_count` (1 query)."""
    return list(
        BusinessUnit.objects.filter(organisation=organisation)
        .annotate(campaign_count=Count("campaigns"))
        .order_by("-active", "name", "pk")
    )


def unit_get(*, organisation: Organisation, unit_id: int) -> BusinessUnit | None:
    """One unit of the organisation, or None (also when it belongs to another organisation)."""
    return BusinessUnit.objects.filter(organisation=organisation, pk=unit_id).first()


def unit_name_taken(*, organisation: Organisation, name: str, exclude_id: int | None = None) -> bool:
    """Whether another unit of the organisation has this name, compared as `unit_name_key` does."""
    others = BusinessUnit.objects.filter(organisation=organisation)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    key = unit_name_key(name)
    return any(unit_name_key(other) == key for other in others.values_list("name", flat=True))


def unit_choices(*, organisation: Organisation, campaign: Campaign | None = None) -> list[BusinessUnit]:
    """The units a campaign's settings offer: the active ones, and those `campaign` covers even
    when archived since (1 query)."""
    covered = Q(campaigns=campaign) if campaign is not None and campaign.pk else Q(pk__in=[])
    return list(
        BusinessUnit.objects.filter(Q(active=True) | covered, organisation=organisation).distinct().order_by("name")
    )


def campaign_units(*, campaign: Campaign) -> list[BusinessUnit]:
    """The units `campaign` covers, by name (1 query)."""
    return list(
        BusinessUnit.objects.filter(organisation_id=campaign.organisation_id, campaigns=campaign).order_by("name")
    )


def campaign_unit_names(*, campaign: Campaign) -> UnitNames:
    """What `UnitNames.parse` reads a cell of units against: the campaign's units and the keys of
    every unit of its organisation (1 query)."""
    units = BusinessUnit.objects.filter(organisation_id=campaign.organisation_id).annotate(
        covered=Exists(BusinessUnit.campaigns.through.objects.filter(businessunit_id=OuterRef("pk"), campaign=campaign))
    )
    covered: dict[str, tuple[int, str]] = {}
    known: set[str] = set()
    for unit_id, name, is_covered in units.order_by("name").values_list("pk", "name", "covered"):
        known.add(unit_name_key(name))
        if is_covered:
            covered[unit_name_key(name)] = (unit_id, name)
    return UnitNames(covered=covered, known=frozenset(known))


def campaign_units_in_use(*, campaign: Campaign) -> tuple[set[int], set[int]]:
    """(units the campaign's responses rate, units its invitations name): the units it cannot
    stop covering. 3 queries; the invitations' lists are read only where they are not empty."""
    rated = set(
        ResponsePartner.objects.filter(organisation_id=campaign.organisation_id, response__campaign=campaign)
        .values_list("partner_id", flat=True)
        .distinct()
    )
    rated |= set(
        PartnerAnswer.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .values_list("partner_id", flat=True)
        .distinct()
    )
    invited: set[int] = set()
    lists = (
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .exclude(partners=[])
        .values_list("partners", flat=True)
    )
    for ids in lists:
        invited.update(int(unit_id) for unit_id in ids or [])
    return rated, invited
