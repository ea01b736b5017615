"""Builders for the benchmark and the consultant's view (issue #20): organisations with closed
rounds of synthetic responses, made through the real services."""

from __future__ import annotations

import random

from accounts.models import Organisation
from assessments.demo import _seed_responses
from assessments.models import Campaign
from assessments.services.campaigns import campaign_close
from tests.helpers import open_campaign


def client_organisation(number: int, *, opt_in: bool = True) -> Organisation:
    return Organisation.objects.create(name=f"Client {number:02d}", slug=f"client-{number}", benchmark_opt_in=opt_in)


def closed_round(
    organisation: Organisation, instrument, *, name: str = "Round 1", lag: float = 0.0, responses: int = 8
) -> Campaign:
    """A round of `responses` synthetic submitted responses (both sides above the threshold of 3),
    closed: published as a whole, its scores stored."""
    campaign = open_campaign(organisation, instrument, name)
    _seed_responses(campaign=campaign, count=responses, rng=random.Random(f"{organisation.slug} {name}"), lag=lag)
    return campaign_close(campaign=campaign)


def clients_with_rounds(instrument, numbers, *, opt_in: bool = True) -> list[tuple[Organisation, Campaign]]:
    """Organisations `numbers`, each a closed round `lag`ged by its number (so their figures differ)."""
    found = []
    for number in numbers:
        organisation = client_organisation(number, opt_in=opt_in)
        found.append((organisation, closed_round(organisation, instrument, lag=0.1 * (number % 7) - 0.3)))
    return found
