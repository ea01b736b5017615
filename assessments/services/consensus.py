"""Recording what a consensus workshop agreed (issue #19 item 1).

One row per code and campaign: recording a code again replaces its values (the group changed its
mind); django-auditlog keeps the earlier ones with who recorded them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.consensus import ConsensusModel, ConsensusValue
from assessments.models import Campaign, Item
from assessments.partners import BusinessUnit
from brmportal.lib.exceptions import ApplicationError

RATIONALE_MAX = 1000


@dataclass(frozen=True)
class ConsensusTarget:
    """What a code stands for in the campaign's instrument: its aspects and its scale."""

    code: str
    aspect: str
    scale_min: int
    scale_max: int


def consensus_target(*, campaign: Campaign, code: str) -> ConsensusTarget:
    """The item, dimension or cluster `code` of the campaign's instrument, or ApplicationError."""
    items = list(Item.objects.filter(instrument_id=campaign.instrument_id).order_by("order"))
    matching = [item for item in items if item.code == code] or [
        item for item in items if code in (item.dimension, item.group)
    ]
    if not code or not matching:
        raise ApplicationError(
            _("%(code)s is not an item, dimension or cluster of questionnaire version %(version)s.")
            % {"code": code or "''", "version": campaign.instrument.version}
        )
    return ConsensusTarget(
        code=code,
        aspect="/".join(matching[0].aspects),
        scale_min=min(item.scale_min for item in matching),
        scale_max=max(item.scale_max for item in matching),
    )


def _in_scale(value: Decimal | None, target: ConsensusTarget, name: str) -> None:
    if value is not None and not target.scale_min <= value <= target.scale_max:
        raise ApplicationError(
            _("The agreed %(name)s value of %(code)s must lie between %(low)s and %(high)s.")
            % {"name": name, "code": target.code, "low": target.scale_min, "high": target.scale_max}
        )


def _rationale(text: str) -> str:
    text = text.strip()
    if len(text) > RATIONALE_MAX:
        raise ApplicationError(_("A rationale has at most %(max)s characters.") % {"max": RATIONALE_MAX})
    return text


def _actor(user: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def consensus_record(
    *,
    campaign: Campaign,
    code: str,
    current: Decimal | None,
    target: Decimal | None,
    rationale: str = "",
    user: AbstractBaseUser | AnonymousUser | None,
) -> ConsensusValue:
    """Record (or replace) the agreed current and target value of `code` in `campaign`."""
    found = consensus_target(campaign=campaign, code=code)
    _in_scale(current, found, _("current"))
    _in_scale(target, found, _("target"))
    rationale = _rationale(rationale)
    if current is None and target is None and not rationale:
        raise ApplicationError(_("Record an agreed current value, a target value or a rationale."))
    value = ConsensusValue.objects.select_for_update().filter(campaign=campaign, code=code).first()
    if value is None:
        value = ConsensusValue(organisation_id=campaign.organisation_id, campaign=campaign, code=code)
    value.aspect = found.aspect
    value.current, value.target, value.rationale = current, target, rationale
    value.recorded_by = _actor(user)  # type: ignore[assignment]
    value.recorded_at = timezone.now()
    value.full_clean(validate_constraints=False)
    value.save()
    return value


@transaction.atomic
def consensus_model_record(
    *,
    campaign: Campaign,
    today: str,
    target: str,
    rationale: str = "",
    user: AbstractBaseUser | AnonymousUser | None,
    partner: BusinessUnit | None = None,
) -> ConsensusModel:
    """Record (or replace) the agreed relationship model today and the target leadership chose,
    for the campaign or for one business unit's pair with IT (`partner`, one the campaign covers)."""
    models = set(ConsensusModel.Model.values)
    for code in (today, target):
        if code and code not in models:
            raise ApplicationError(
                _("%(code)s is not a relationship model (passive, provider, partner or peer).") % {"code": code}
            )
    if not today and not target:
        raise ApplicationError(_("Choose the agreed model today, the target model, or both."))
    rationale = _rationale(rationale)
    if partner is not None and not campaign.partners.filter(pk=partner.pk).exists():
        raise ApplicationError(_("This campaign does not cover %(unit)s.") % {"unit": partner.name})
    found = ConsensusModel.objects.select_for_update().filter(campaign=campaign, partner=partner).first()
    if found is None:
        found = ConsensusModel(organisation_id=campaign.organisation_id, campaign=campaign, partner=partner)
    found.today, found.target, found.rationale = today, target, rationale
    found.recorded_by = _actor(user)  # type: ignore[assignment]
    found.recorded_at = timezone.now()
    found.full_clean(validate_constraints=False, validate_unique=False)
    found.save()
    return found
