"""Writes for the organisation's business units (issue #20): add, rename, archive or restore a
unit; set the units a campaign covers; check the units an invitation names.

Every change of a unit (name, active, the campaigns covering it) is recorded by django-auditlog
(brmportal/conf/auditlog.py). A unit is never deleted here: responses of earlier rounds rate it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from assessments.models import Campaign
from assessments.partner_rules import partner_count_problem, unit_name_clean
from assessments.partners import BusinessUnit
from assessments.selectors.partners_admin import campaign_units_in_use, unit_name_taken


def _checked_name(*, organisation: Organisation, raw: str, exclude_id: int | None = None) -> str:
    name, message = unit_name_clean(raw)
    if message:
        raise ValidationError({"name": message})
    if unit_name_taken(organisation=organisation, name=name, exclude_id=exclude_id):
        raise ValidationError(
            {
                "name": _("%(organisation)s already has a business unit called “%(name)s”.")
                % {"organisation": organisation.name, "name": name}
            }
        )
    return name


def _save(unit: BusinessUnit) -> BusinessUnit:
    # The check above compares names as people do; the constraint catches two saves at once.
    try:
        with transaction.atomic():
            unit.full_clean(exclude=["organisation"], validate_constraints=False)
            unit.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("Another business unit was just given this name.")}) from exc
    return unit


def unit_create(*, organisation: Organisation, name: str) -> BusinessUnit:
    """A new, active unit of `organisation`; its name unique within it (any case)."""
    unit = BusinessUnit(organisation=organisation, name=_checked_name(organisation=organisation, raw=name))
    return _save(unit)


def unit_update(*, unit: BusinessUnit, name: str | None = None, active: bool | None = None) -> BusinessUnit:
    """Rename, archive (`active=False`) or restore a unit (None: left as it is).

    An archived unit stays on the campaigns that cover it, and its results stay readable; it is
    only no longer offered to campaigns that do not cover it yet.
    """
    if name is not None:
        unit.name = _checked_name(organisation=unit.organisation, raw=name, exclude_id=unit.pk)
    if active is not None:
        unit.active = active
    return _save(unit)


def campaign_partners_set(*, campaign: Campaign, partner_ids: Iterable[int]) -> Campaign:
    """Set the units `campaign` covers. Call it in the transaction that holds the campaign's row.

    1. Every id is a unit of the campaign's organisation.
    2. A unit the campaign does not cover yet must be active (archived units are not offered).
    3. A unit taken off must not be rated by any response, nor named by any invitation, of the
       campaign: their answers would be about a unit the campaign no longer has.
    """
    wanted = set(partner_ids)
    units = {u.pk: u for u in BusinessUnit.objects.filter(organisation_id=campaign.organisation_id, pk__in=wanted)}
    if wanted - units.keys():
        raise ValidationError({"partners": _("Choose business units of this organisation.")})
    current = set(campaign.partners.values_list("pk", flat=True)) if campaign.pk else set()
    archived = sorted(units[i].name for i in wanted - current if not units[i].active)
    if archived:
        message = ngettext(
            "%(units)s is archived: restore it on the Business units page to cover it.",
            "%(units)s are archived: restore them on the Business units page to cover them.",
            len(archived),
        )
        raise ValidationError({"partners": message % {"units": get_text_list(archived, _("and"))}})
    removed = current - wanted
    if removed:
        rated, invited = campaign_units_in_use(campaign=campaign)
        names = dict(BusinessUnit.objects.filter(pk__in=removed).values_list("pk", "name"))
        taken = removed & rated
        if taken:
            message = ngettext(
                "%(units)s cannot be taken off: responses of this campaign rate it.",
                "%(units)s cannot be taken off: responses of this campaign rate them.",
                len(taken),
            )
            raise ValidationError({"partners": message % {"units": _listed(names, taken)}})
        taken = removed & invited
        if taken:
            message = ngettext(
                "%(units)s cannot be taken off: invitations of this campaign name it.",
                "%(units)s cannot be taken off: invitations of this campaign name them.",
                len(taken),
            )
            raise ValidationError({"partners": message % {"units": _listed(names, taken)}})
    if wanted != current:
        campaign.partners.set(wanted)
    return campaign


def _listed(names: dict[int, str], ids: set[int]) -> str:
    return get_text_list(sorted(names[i] for i in ids), _("and"))


def invitation_partners_check(*, side: str, partner_ids: Iterable[int], covered: Collection[int]) -> list[int]:
    """The units an invitation names (which one its answers are about is drawn when its response
    starts: assessments.services.partners_respondent); ValidationError
    when one is not a unit `covered` by the campaign, named twice, or too many for `side`."""
    ids = [int(unit_id) for unit_id in partner_ids]
    if len(set(ids)) != len(ids):
        raise ValidationError({"partners": _("An invitation names each business unit once.")})
    if any(unit_id not in covered for unit_id in ids):
        raise ValidationError({"partners": _("Choose business units this campaign covers.")})
    problem = partner_count_problem(side=side, count=len(ids))
    if problem:
        raise ValidationError({"partners": problem[:1].upper() + problem[1:] + "."})
    return ids
