"""The demo consultant's other clients (issue #20 item 6): `seed_demo --organisations N` adds N
client organisations, each taking part in the benchmark with two closed rounds of synthetic
responses, so a newcomer sees the consultant's view (/clients/) and, with five organisations
or more, the benchmark beside the demo campaign's figures.

Each client lies its own distance from the demo's design means (`assessments.demo_answers.earlier`, the
lag the past rounds use), drawn from the seed, so the organisations differ and the benchmark has
a spread; its older round lies further behind by a drawn amount, so some trends move clearly and
others stay within the noise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Membership, Organisation
from accounts.services import organisation_benchmark_set
from assessments.demo_rounds import LAG_PER_YEAR, closed_round
from assessments.models import Campaign
from assessments.services.benchmark import benchmark_publish
from assessments.services.instruments import instrument_load

CLIENT_NAMES = (
    "Aurora Retail",
    "Bergen Health Trust",
    "Cobalt Insurance",
    "Delta Freight",
    "Elvebakken Municipality",
    "Fenris Telecom",
    "Glacier Foods",
    "Harbour Savings Bank",
    "Isfjord Media",
    "Jotun Engineering",
)
# Enough for both sides to reach the default threshold with room to spare, and quick to seed.
CLIENT_RESPONSES = 30
MAX_ORGANISATIONS = 60


@dataclass(frozen=True)
class DemoClient:
    organisation: Organisation
    campaign: Campaign  # its latest closed round


def _name(number: int) -> tuple[str, str]:
    base = CLIENT_NAMES[number % len(CLIENT_NAMES)]
    name = base if number < len(CLIENT_NAMES) else f"{base} {number // len(CLIENT_NAMES) + 1}"
    return name, "client-" + name.lower().replace(" ", "-")


def demo_clients(*, count: int, seed: int, consultant: User, demo_organisation: Organisation) -> list[DemoClient]:
    """`count` client organisations of `consultant`, each opted in with two closed rounds (kept
    when they exist already, so `--reuse` adds nothing twice); the demo organisation opts in too,
    and the benchmark is published when due. Returns the clients in order."""
    clients = []
    for number in range(count):
        name, slug = _name(number)
        organisation, _created = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
        if not organisation.benchmark_opt_in:
            organisation_benchmark_set(organisation=organisation, opt_in=True)
        Membership.objects.update_or_create(
            user=consultant, organisation=organisation, defaults={"role": Membership.Role.CONSULTANT}
        )
        latest: Campaign | None = (
            Campaign.objects.filter(organisation=organisation, status=Campaign.Status.CLOSED)
            .order_by("-created_at")
            .first()
        )
        if latest is None:
            rng = random.Random(f"{seed} client {number}")
            shift = rng.uniform(-0.5, 0.7)
            # How far the year before lay behind: from nothing (its trend within the noise) to
            # a clear step up.
            behind = rng.uniform(0.0, 5 * LAG_PER_YEAR)
            for round_number, lag in ((1, shift + behind), (2, shift)):
                latest = closed_round(
                    organisation=organisation,
                    instrument=instrument_load(),
                    number=round_number,
                    opens=timezone.now() - timedelta(days=60 + (365 if round_number == 1 else 0)),
                    responses=CLIENT_RESPONSES,
                    rng=rng,
                    user=consultant,
                    lag=lag,
                )
        if latest is not None:
            clients.append(DemoClient(organisation=organisation, campaign=latest))
    if count:
        if not demo_organisation.benchmark_opt_in:
            organisation_benchmark_set(organisation=demo_organisation, opt_in=True)
        benchmark_publish()
    return clients
