"""The demo organisation's past rounds (issue #19 item 6): `seed_demo --rounds N` builds N closed
campaigns before the open one, a year apart, so a newcomer sees the whole improvement cycle with
`make run`: each round measured, a consensus workshop, an action plan, and the next round showing
what moved.

The story the figures tell is designed, not drawn: every earlier round lies LAG_PER_YEAR points
behind per year (`assessments.demo.earlier`), and the items an action targeted lie ACTED_ON
points further behind in the rounds up to the one that planned it, so the round after shows the
movement the action was meant to bring. The oldest of two or more rounds used the archived
2026.2 questionnaire, so trends line up across content versions as a real client's would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from assessments.content import read_content
from assessments.demo import DEPARTMENTS, _seed_responses
from assessments.demo_consensus import demo_consensus
from assessments.models import Campaign
from assessments.services.campaigns import campaign_close, campaign_create
from assessments.services.instruments import instrument_load

LAG_PER_YEAR = 0.3
ACTED_ON = 0.6
OLDEST_VERSION = "2026.2"


@dataclass(frozen=True)
class DemoAction:
    title: str
    owner_name: str
    owner_email: str
    targets: tuple[str, ...]
    status: str
    # Due (and, when done, done) this many days after the round closed.
    due_after: int
    done_after: int | None = None


# What the workshop of the round `years ago` planned. Its targets exist in that round's version.
PLANS: dict[int, tuple[DemoAction, ...]] = {
    2: (
        DemoAction(
            "One-page service and cost report every month",
            "Kari Lunde",
            "kari.lunde@northwind.example",
            ("TRU-2",),
            "done",
            due_after=120,
            done_after=110,
        ),
        DemoAction(
            "Promise less, deliver what we promise: a public delivery log",
            "Jonas Berg",
            "jonas.berg@northwind.example",
            ("TRU-5",),
            "done",
            due_after=180,
            done_after=200,
        ),
    ),
    1: (
        DemoAction(
            "Monthly business-IT rounds, an IT buddy for each unit",
            "Mira Haugen",
            "mira.haugen@northwind.example",
            ("BEH-IT-9",),
            "in_progress",
            due_after=330,
        ),
        DemoAction(
            "Charge each unit for the services it uses, with the key explained",
            "Per Olsen",
            "per.olsen@northwind.example",
            ("TRU-8",),
            "planned",
            due_after=400,
        ),
    ),
}

YOU_SAID_WE_DID = (
    "You told us you could not see what IT costs or whether promises were kept. Since the last round "
    "IT sends a one-page service and cost report every month and keeps a public delivery log; an IT "
    "buddy now visits each unit monthly."
)


def demo_past_rounds(
    *, campaign: Campaign, rounds: int, responses: int, seed: int, user: AbstractBaseUser
) -> list[Campaign]:
    """`rounds` closed campaigns before `campaign` (the open one), oldest first, each with
    `responses` synthetic responses, a consensus workshop and its action plan; the open one is
    renamed as the last round and says what was done since. Returns them oldest first."""
    organisation = campaign.organisation
    now = timezone.now()
    past: list[Campaign] = []
    for number, years_ago in enumerate(range(rounds, 0, -1), start=1):
        version = OLDEST_VERSION if years_ago == rounds and rounds >= 2 else None
        instrument = instrument_load(content=read_content(version=version)) if version else campaign.instrument
        opens = now - timedelta(days=365 * years_ago + 7)
        round_campaign = campaign_create(
            organisation=organisation,
            instrument=instrument,
            name=f"Business-IT assessment, round {number}",
            status=Campaign.Status.OPEN,
            opens_at=opens,
            closes_at=opens + timedelta(days=28),
            departments=DEPARTMENTS["business"] + DEPARTMENTS["it"],
            created_by=user,
            language="en",
            languages=["nb", "nl"],
            next_measurement_on=(opens + timedelta(days=365)).date(),
        )
        # Created (and so ordered among the rounds) when it opened, not now.
        Campaign.objects.filter(pk=round_campaign.pk).update(created_at=opens - timedelta(days=1))
        lags = {code: ACTED_ON for age, plan in PLANS.items() if years_ago >= age for a in plan for code in a.targets}
        _seed_responses(
            campaign=round_campaign,
            count=responses,
            rng=random.Random(f"{seed} round {number}"),
            lag=LAG_PER_YEAR * years_ago,
            lags=lags,
        )
        campaign_close(campaign=round_campaign)
        demo_consensus(campaign=round_campaign, user=user)
        past.append(round_campaign)
    Campaign.objects.filter(pk=campaign.pk).update(
        name=f"Business-IT assessment, round {rounds + 1}", you_said_we_did=YOU_SAID_WE_DID if rounds else ""
    )
    campaign.refresh_from_db()
    return past
