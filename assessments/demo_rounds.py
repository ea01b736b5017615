"""The demo organisation's past rounds (issue #19 item 6): `seed_demo --rounds N` builds N closed
campaigns before the open one, a year apart, so a newcomer sees the whole improvement cycle with
`make run`: each round measured, a consensus workshop, an action plan (two done, one in progress,
one planned), and the next round showing what moved.

The story the figures tell is designed, not drawn: every earlier round lies LAG_PER_YEAR points
behind per year (`assessments.demo_answers.earlier`), and the items an action (done or in progress)
targeted lie ACTED_ON points further behind in the rounds up to the one that planned it, so the
round after shows the movement the action was meant to bring, and a still planned one's do not. The oldest of two or more rounds used the archived
2026.2 questionnaire, so trends line up across content versions as a real client's would.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Organisation
from assessments.actions import Action
from assessments.content import read_content
from assessments.demo import _seed_responses, demo_departments
from assessments.demo_consensus import demo_consensus
from assessments.demo_partners import campaign_units
from assessments.models import Campaign, Instrument
from assessments.partners import BusinessUnit
from assessments.services.actions import action_create
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
    # The titles of the actions (of this round's plan or an earlier one) that must come first.
    after: tuple[str, ...] = ()


# What the workshop of the round `years ago` planned (0: the open round's, just after its
# workshop). Its targets exist in that round's version.
PLANS: dict[int, tuple[DemoAction, ...]] = {
    0: (
        DemoAction(
            "One yearly planning cycle for IT budget and requests, with a business owner",
            "Ingrid Dahl",
            "ingrid.dahl@northwind.example",
            ("BISL-MAN",),
            "planned",
            due_after=150,
        ),
        DemoAction(
            "Plain-words top three needs from each unit before planning",
            "Kari Lunde",
            "kari.lunde@northwind.example",
            ("BEH-BUS-2B",),
            "planned",
            due_after=60,
        ),
    ),
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
            after=("One-page service and cost report every month",),
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
            after=("One-page service and cost report every month",),
        ),
    ),
}

YOU_SAID_WE_DID = (
    "You told us you could not see what IT costs or whether promises were kept. Since the last round "
    "IT sends a one-page service and cost report every month and keeps a public delivery log; an IT "
    "buddy now visits each unit monthly."
)


def closed_round(
    *,
    organisation: Organisation,
    instrument: Instrument,
    number: int,
    opens: datetime,
    responses: int,
    rng: random.Random,
    user: User,
    lag: float = 0.0,
    lags: dict[str, float] | None = None,
    units: Sequence[BusinessUnit] = (),
    **settings: Any,
) -> Campaign:
    """A demo round that ran four weeks from `opens` and is closed: dated then (created a day
    before it opened, so it sorts among the rounds by when it ran), with `responses` synthetic
    responses `lag` points behind today's design (`lags` per item code, added), covering `units`."""
    campaign = campaign_create(
        organisation=organisation,
        instrument=instrument,
        name=f"Business-IT assessment, round {number}",
        status=Campaign.Status.OPEN,
        opens_at=opens,
        closes_at=opens + timedelta(days=28),
        departments=demo_departments(units),
        created_by=user,
        partners=[unit.pk for unit in units],
        **settings,
    )
    Campaign.objects.filter(pk=campaign.pk).update(created_at=opens - timedelta(days=1))
    _seed_responses(campaign=campaign, count=responses, rng=rng, lag=lag, lags=lags)
    return campaign_close(campaign=campaign)


def demo_past_rounds(*, campaign: Campaign, rounds: int, responses: int, seed: int, user: User) -> list[Campaign]:
    """`rounds` closed campaigns before `campaign` (the open one), oldest first, each with
    `responses` synthetic responses, a consensus workshop and its action plan; the open one is
    renamed as the last round and says what was done since. Returns them oldest first."""
    organisation = campaign.organisation
    # The earlier rounds covered the business units the open one covers (the portfolio's trend).
    units = campaign_units(campaign)
    now = timezone.now()
    past: list[Campaign] = []
    for number, years_ago in enumerate(range(rounds, 0, -1), start=1):
        version = OLDEST_VERSION if years_ago == rounds and rounds >= 2 else None
        opens = now - timedelta(days=365 * years_ago + 7)
        round_campaign = closed_round(
            organisation=organisation,
            instrument=instrument_load(content=read_content(version=version)) if version else campaign.instrument,
            number=number,
            opens=opens,
            responses=responses,
            rng=random.Random(f"{seed} round {number}"),
            user=user,
            lag=LAG_PER_YEAR * years_ago,
            # Only what was acted on moved more: a still planned action's items lag as everything does.
            lags={
                code: ACTED_ON
                for age, plan in PLANS.items()
                if years_ago >= age
                for a in plan
                if a.status != "planned"
                for code in a.targets
            },
            language="en",
            languages=["nb", "nl"],
            next_measurement_on=(opens + timedelta(days=365)).date(),
            units=units,
        )
        demo_consensus(campaign=round_campaign, user=user)
        _plan(round_campaign, PLANS.get(years_ago, ()), user)
        past.append(round_campaign)
    Campaign.objects.filter(pk=campaign.pk).update(
        name=f"Business-IT assessment, round {rounds + 1}", you_said_we_did=YOU_SAID_WE_DID if rounds else ""
    )
    campaign.refresh_from_db()
    if rounds:
        _plan(campaign, PLANS[0], user)
    return past


def _plan(campaign: Campaign, plan: tuple[DemoAction, ...], user: User) -> None:
    """The round's action plan, through the service (audited as the BRM), as it stands today."""
    assert campaign.closes_at is not None
    closed = campaign.closes_at.date()
    for spec in plan:
        after = Action.objects.filter(organisation_id=campaign.organisation_id, title__in=spec.after)
        action_create(
            campaign=campaign,
            title=spec.title,
            owner_name=spec.owner_name,
            owner_email=spec.owner_email,
            due_on=closed + timedelta(days=spec.due_after),
            targets=spec.targets,
            source=spec.targets[0],
            prerequisites=list(after.values_list("pk", flat=True)),
            status=spec.status,
            done_on=closed + timedelta(days=spec.done_after) if spec.done_after is not None else None,
            user=user,
        )
