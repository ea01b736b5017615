"""Demo data: an organisation, users, an open campaign and synthetic submitted responses.

The answers are random but deterministic for a seed; how they are drawn (the sides' design means,
respondents' dispositions per scale) is `assessments.demo_answers`; the business units a
campaign covers, `assessments.demo_partners`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from accounts.logos import logo_prepare
from accounts.models import Membership, Organisation
from accounts.selectors import branding_get
from assessments.demo_answers import Scale, answers_draw, earlier, latent_scale, scale_spreads
from assessments.demo_comments import demo_comments_seed
from assessments.demo_partners import (
    UnitShifts,
    campaign_units,
    demo_units,
    invitation_units,
    partners_allocate,
    response_partner_rows,
)
from assessments.demo_users import demo_logo, demo_passwords, demo_user
from assessments.models import Answer, Campaign, Invitation, Item, PartnerAnswer, Response
from assessments.partners import BusinessUnit, ResponsePartner, partners_key
from assessments.selectors.instruments import campaign_pages
from assessments.services.branding import organisation_branding_update
from assessments.services.campaigns import campaign_create
from assessments.services.instruments import instrument_load
from assessments.services.snapshots import snapshot_publish
from assessments.slices import per_partner_kinds

DEMO_ORG = ("Northwind Logistics", "northwind")
SECOND_ORG = ("Fjordline Energy", "fjordline")
DEPARTMENTS = {"business": ["Sales", "Finance", "Operations"], "it": ["Infrastructure", "Applications"]}
# Responses seeded at once from which the tables are analysed before publishing (PostgreSQL).
BULK_LOAD = 1000
FIRST_NAMES = ["anna", "bjorn", "chen", "dina", "erik", "fatima", "geir", "hanne", "ivan", "julia"]

# Issue #18: the demo's reports are signed by the consultant's firm, with a foreword.
DEMO_CONSULTANCY = "Nordic BRM Advisers"
DEMO_FOREWORD = (
    "Thank you to everyone at Northwind who took the time to answer. This report is the starting point "
    "for a conversation, not a verdict: the figures show where business and IT see things differently.\n\n"
    "We propose to discuss the priorities in a joint workshop before deciding on the first actions."
)


@dataclass
class DemoResult:
    organisation: Organisation
    campaign: Campaign
    passwords: dict[str, str]
    invitations: dict[str, list[Invitation]]
    # False when `reuse` kept the latest campaign.
    created: bool = True


@transaction.atomic
def demo_seed(
    *,
    responses: int = 60,
    seed: int = 42,
    invitations_per_side: int = 5,
    reuse: bool = False,
    passwords: dict[str, str] | None = None,
    portfolio: bool = False,
) -> DemoResult:
    """Create (or refresh) the demo organisation and add one new open campaign to it.

    1. Load the instrument content.
    2. Organisations, users with `passwords` (default: `demo_passwords()`), memberships.
    3. An open campaign with departments, unsubmitted invitations on both sides; with
       `portfolio`, covering the demo's business units (`assessments.demo_partners`).
    4. `responses` submitted responses (55 % business) with synthetic answers.
    """
    rng = random.Random(seed)
    instrument = instrument_load()
    organisation, _ = Organisation.objects.get_or_create(slug=DEMO_ORG[1], defaults={"name": DEMO_ORG[0]})
    second, _ = Organisation.objects.get_or_create(slug=SECOND_ORG[1], defaults={"name": SECOND_ORG[0]})
    passwords = passwords or demo_passwords()
    brm = demo_user("brm", "brm@northwind.example", passwords["brm"])
    consultant = demo_user("consultant", "consultant@advisers.example", passwords["consultant"])
    admin = demo_user("admin", "admin@northwind.example", passwords["admin"], staff=True)
    for user, org, role in [
        # The organisation's admin too, so the demo shows the pages only admins see (audit log,
        # instrument upload), not only the Django admin.
        (admin, organisation, Membership.Role.ADMIN),
        (brm, organisation, Membership.Role.BRM),
        (consultant, organisation, Membership.Role.CONSULTANT),
        (consultant, second, Membership.Role.CONSULTANT),
    ]:
        Membership.objects.update_or_create(user=user, organisation=org, defaults={"role": role})
    if branding_get(organisation=organisation) is None:  # a name or logo set in the workspace stays
        organisation_branding_update(
            organisation=organisation, actor=None, consultancy_name=DEMO_CONSULTANCY, logo=logo_prepare(demo_logo())
        )

    latest = Campaign.objects.filter(organisation=organisation).order_by("-created_at").first()
    if reuse and latest is not None:
        open_invitations: dict[str, list[Invitation]] = {
            side: list(latest.invitations.filter(side=side).exclude(state=Invitation.State.SUBMITTED))
            for side in ("business", "it")
        }
        return DemoResult(
            organisation=organisation, campaign=latest, passwords=passwords, invitations=open_invitations, created=False
        )

    now = timezone.now()
    round_no = Campaign.objects.filter(organisation=organisation).count() + 1
    units = demo_units(organisation=organisation) if portfolio else []
    campaign = campaign_create(
        organisation=organisation,
        instrument=instrument,
        name=f"Business-IT assessment, round {round_no}",
        status=Campaign.Status.OPEN,
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=21),
        departments=demo_departments(units),
        created_by=brm,
        # Respondents may switch to Norwegian or Dutch on the welcome page.
        language="en",
        languages=["nb", "nl"],
        foreword=DEMO_FOREWORD,
        partners=[unit.pk for unit in units],
    )

    open_invitations = {"business": [], "it": []}
    for side in ("business", "it"):
        for n in range(invitations_per_side):
            name = FIRST_NAMES[n % len(FIRST_NAMES)]
            served = invitation_units(side, n, units)
            open_invitations[side].append(
                Invitation(
                    organisation=organisation,
                    campaign=campaign,
                    side=side,
                    email=f"{name}.{side}{n + 1}.r{round_no}@northwind.example",
                    # A business respondent's department is their unit.
                    department=served[0].name
                    if served and side == "business"
                    else DEPARTMENTS[side][n % len(DEPARTMENTS[side])],
                    partners=[unit.pk for unit in served],
                )
            )
    Invitation.objects.bulk_create(open_invitations["business"] + open_invitations["it"])

    _seed_responses(campaign=campaign, count=responses, rng=rng)
    return DemoResult(organisation=organisation, campaign=campaign, passwords=passwords, invitations=open_invitations)


def demo_departments(units: Sequence[BusinessUnit]) -> list[str]:
    """A demo campaign's departments: a business respondent's is their unit, when it covers units."""
    return ([unit.name for unit in units] or DEPARTMENTS["business"]) + DEPARTMENTS["it"]


def _seed_responses(
    *, campaign: Campaign, count: int, rng: random.Random, lag: float = 0.0, lags: dict[str, float] | None = None
) -> None:
    """`count` submitted responses with synthetic answers, published as at a close; `lag` (and per
    item code `lags`, added) sets an earlier round's answers that many points behind (`earlier`).
    A campaign that covers business units gets them rated (`assessments.demo_partners`)."""
    sides = ["business" if i < round(count * 0.55) else "it" for i in range(count)]
    pages = {side: campaign_pages(campaign=campaign, side=side) for side in ("business", "it")}
    # A fixed offset per item makes some behaviours and practices clearly weaker than others; drawn
    # from the code alone, so an item keeps it from round to round and across content versions.
    offsets = {
        item.code: random.Random(f"offset {item.code}").uniform(-0.7, 0.5)
        for side in pages
        for page in pages[side]
        for item in page.items
    }
    rated = partners_allocate(
        sides=sides,
        units=campaign_units(campaign),
        rng=rng,
        threshold=campaign.anonymity_threshold,
        it_departments=DEPARTMENTS["it"],
    )
    now = timezone.now()
    invitations = [
        Invitation(
            organisation=campaign.organisation,
            campaign=campaign,
            side=side,
            department=r.department or rng.choice(DEPARTMENTS[side]),
            partners=[unit.pk for unit in r.units],
            state=Invitation.State.SUBMITTED,
        )
        for side, r in zip(sides, rated, strict=True)
    ]
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    # Submitted responses point at no invitation, as after a real submit (response_submit).
    response_rows = [
        Response(
            organisation=campaign.organisation,
            campaign=campaign,
            side=inv.side,
            department=inv.department,
            current_page=len(pages[inv.side]),
            submitted_at=now - timedelta(minutes=rng.randint(10, 60 * 24 * 6)),
        )
        for inv in invitations
    ]
    Response.objects.bulk_create(response_rows, batch_size=2000)
    ResponsePartner.objects.bulk_create(
        response_partner_rows(campaign=campaign, response_ids=[r.pk for r in response_rows], rated=rated),
        batch_size=5000,
    )
    spreads = {
        side: {
            scale: scale_spreads(k)
            for scale, k in Counter(
                latent_scale(item, aspect) for page in pages[side] for item in page.items for aspect in item.aspects
            ).items()
        }
        for side in pages
    }
    noise = {side: {scale: spread[1] for scale, spread in scales.items()} for side, scales in spreads.items()}
    # Each respondent's disposition per scale, drawn before any answer, then centred per side: the
    # side's mean is the design's (the *_MEANS above), and dispositions only spread respondents
    # around it, so the demo's story does not drift with the draw.
    dispositions = [
        {scale: rng.gauss(0.0, sd) for scale, (sd, _noise) in spreads[response.side].items()}
        for response in response_rows
    ]
    for side, scales in spreads.items():
        members = [d for d, response in zip(dispositions, response_rows, strict=True) if response.side == side]
        for scale in scales:
            shift = sum(d[scale] for d in members) / len(members) if members else 0.0
            for d in members:
                d[scale] -= shift
    shifts = UnitShifts.centred(sides=sides, rated=rated)
    kinds = per_partner_kinds()

    def offset(side: str, unit: BusinessUnit | None) -> Callable[[Item, str, Scale], float]:
        def of(item: Item, aspect: str, scale: Scale) -> float:
            behind = earlier(item, aspect, lag + (lags or {}).get(item.code, 0.0))
            return offsets[item.code] + behind + (shifts.of(side, unit, scale) if unit else 0.0)

        return of

    batch: list[Answer | PartnerAnswer] = []
    for response, disposition, (units, _department) in zip(response_rows, dispositions, rated, strict=True):
        side = response.side
        # The first unit's answers are the response's own (Answer); for each further unit (IT), the
        # unit-dependent items again (PartnerAnswer).
        for n, unit in enumerate(units or (None,)):
            model, extra = (Answer, {}) if n == 0 else (PartnerAnswer, {"partner": unit})
            answers = answers_draw(
                rng, pages[side], side, disposition, noise[side], offset(side, unit), kinds if n else None
            )
            batch.extend(
                model(
                    organisation_id=campaign.organisation_id,
                    campaign_id=campaign.pk,
                    response=response,
                    item=item,
                    aspect=aspect,
                    value=value,
                    special=special,
                    **extra,
                )
                for item, aspect, value, special in answers
            )
        if len(batch) >= 20000:
            _save_answers(batch)
            batch = []
    _save_answers(batch)
    demo_comments_seed(
        campaign=campaign,
        responses=response_rows,
        partners={r.pk: partners_key(u.pk for u in units) for r, (units, _d) in zip(response_rows, rated, strict=True)},
    )
    if count >= BULK_LOAD and connection.vendor == "postgresql":
        # Until autovacuum gets to them, freshly bulk-loaded tables have no statistics, and the
        # publication's joins (the pairs' answers above all) are planned for empty tables: a
        # nested loop that took minutes at 10,000 responses instead of a second.
        tables = ", ".join(m._meta.db_table for m in (Response, Answer, ResponsePartner, PartnerAnswer))
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
    # Synthetic answers: published as a whole, as at a close, so the demo dashboard shows them all.
    snapshot_publish(campaign=campaign, final=True)


def _save_answers(rows: list[Answer | PartnerAnswer]) -> None:
    Answer.objects.bulk_create([row for row in rows if isinstance(row, Answer)], batch_size=5000)
    PartnerAnswer.objects.bulk_create([row for row in rows if isinstance(row, PartnerAnswer)], batch_size=5000)
