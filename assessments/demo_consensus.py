"""The demo's consensus workshop (issue #19): `seed_demo` records what a workshop on the demo
campaign agreed for the first items of its agenda and the relationship, so a newcomer sees the
facilitator view's results beside the survey figures with `make run`. Through the real services
(audited, as the BRM recorded it)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser

from assessments.models import Campaign
from assessments.selectors.consensus import consensus_agenda
from assessments.services.consensus import consensus_model_record, consensus_record

AGREED_ITEMS = 3


def _half(value: float) -> Decimal:
    return (Decimal(str(value)) * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2


def demo_consensus(*, campaign: Campaign, user: AbstractBaseUser) -> int:
    """Record an agreement on the agenda's first items (current: the sides' midpoint, to the half
    point; target: one point up, within the scale) and on the relationship; returns how many items."""
    recorded = 0
    for entry in consensus_agenda(campaign=campaign)[:AGREED_ITEMS]:
        aspect = next((a for a in entry.aspects if a.business is not None and a.it is not None), None)
        if aspect is None or aspect.business is None or aspect.it is None:
            continue
        current = _half((aspect.business.mean + aspect.it.mean) / 2)
        top = Decimal(entry.item.scale_max)
        consensus_record(
            campaign=campaign,
            code=entry.item.code,
            current=current,
            target=min(current + 1, top),
            rationale="Business and IT met halfway; one step up by the next round.",
            user=user,
        )
        recorded += 1
    consensus_model_record(
        campaign=campaign,
        today="provider",
        target="partner",
        rationale="Leadership chose Partner: shared goals before shared strategy.",
        user=user,
    )
    return recorded
