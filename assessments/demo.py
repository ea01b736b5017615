"""Demo data: an organisation, users, an open campaign and synthetic submitted responses.

The answers are random but deterministic for a seed, and differ by side the way real
assessments tend to: each side rates itself higher than the other side rates it, the
business sees today's relationship as more passive than IT does, and both want a partner.

They also hang together the way real answers do: each respondent has a disposition per scale
(a relationship model and aspect, a behaviour group, the BiSL practices per aspect, trust),
drawn once, which moves all their answers on that scale together; each answer adds its own
noise. The two spreads are split so that a scale of k items has a Cronbach's alpha of about
TARGET_ALPHA before answers are rounded to whole points (which lowers it a little), as a
well-built questionnaire does; independent draws per answer would give alphas near 0.
"""

from __future__ import annotations

import io
import json
import math
import os
import random
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.logos import logo_prepare
from accounts.models import Membership, Organisation
from accounts.selectors import branding_get
from assessments.demo_comments import demo_comments_seed
from assessments.models import Answer, Campaign, Invitation, Item, Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.branding import organisation_branding_update
from assessments.services.campaigns import campaign_create
from assessments.services.instruments import instrument_load
from assessments.services.snapshots import snapshot_publish

DEMO_ORG = ("Northwind Logistics", "northwind")
SECOND_ORG = ("Fjordline Energy", "fjordline")
DEPARTMENTS = {"business": ["Sales", "Finance", "Operations"], "it": ["Infrastructure", "Applications"]}
FIRST_NAMES = ["anna", "bjorn", "chen", "dina", "erik", "fatima", "geir", "hanne", "ivan", "julia"]

# Mean answer per (side, what is rated). Relationship: per model and aspect.
RELATIONSHIP_MEANS = {
    "business": {
        "today": {"passive": 3.9, "provider": 3.2, "partner": 2.2, "peer": 1.6},
        "desired": {"passive": 1.7, "provider": 2.9, "partner": 4.3, "peer": 3.4},
    },
    "it": {
        "today": {"passive": 2.9, "provider": 3.8, "partner": 2.9, "peer": 1.8},
        "desired": {"passive": 1.5, "provider": 2.6, "partner": 4.4, "peer": 3.9},
    },
}
# Behaviours: a side rating its own group (self), the other side's (mirror), enterprise.
BEHAVIOUR_MEANS = {"self": 3.8, "mirror": 2.7, "enterprise": 3.0}
PRACTICE_MEANS = {"business": {"current": 2.3, "target": 3.9}, "it": {"current": 2.7, "target": 3.8}}
TRUST_MEANS = {"business": 2.6, "it": 3.4}
# The spread of one answer around its side's mean (scale points), as the demo has always drawn it,
# now split between the respondent's disposition on the scale and the answer's own noise.
ANSWER_SD = 0.8
TARGET_ALPHA = 0.9
DONT_KNOW_RATE = 0.04
NOT_APPLICABLE_RATE = 0.04
DEMO_USERS = ("brm", "consultant", "admin")
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


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _mean_for(item: Item, side: str, aspect: str) -> float:
    if item.kind == "relationship":
        return RELATIONSHIP_MEANS[side][aspect][item.dimension]
    if item.kind == "behaviour":
        if item.group == "enterprise":
            return BEHAVIOUR_MEANS["enterprise"]
        return BEHAVIOUR_MEANS["self" if item.group == side else "mirror"]
    if item.kind == "practice":
        return PRACTICE_MEANS[side][aspect]
    return TRUST_MEANS[side]


def latent_scale(item: Item, aspect: str) -> tuple[str, str, str]:
    """The scale whose disposition moves an answer: the instrument's scales (a relationship
    model; a behaviour group, whoever's behaviour it is; all BiSL practices; all of trust), per
    aspect."""
    if item.kind == "relationship":
        return item.kind, item.dimension, aspect
    if item.kind == "behaviour":
        return item.kind, item.group, aspect
    return item.kind, "", aspect


def scale_spreads(k: int, alpha: float = TARGET_ALPHA) -> tuple[float, float]:
    """(disposition sd, answer noise sd) for a scale of k items, ANSWER_SD in all.

    Items that correlate r have alpha = k r / (1 + (k - 1) r) (Spearman-Brown), so
    r = alpha / (k - (k - 1) alpha): 0.69 for 4 items, 0.56 for 7, at alpha 0.9. The disposition
    carries the share r of an answer's variance.
    """
    r = alpha / (k - (k - 1) * alpha) if k > 1 else 0.0
    return ANSWER_SD * math.sqrt(r), ANSWER_SD * math.sqrt(1 - r)


def synthetic_answer(
    rng: random.Random,
    item: Item,
    side: str,
    aspect: str,
    offset: float,
    disposition: float = 0.0,
    noise: float = ANSWER_SD,
) -> tuple[int | None, str]:
    """One answer: "don't know" or "not applicable" at their rates, else the side's mean for the
    item, its fixed `offset` and the respondent's `disposition` on its scale, plus `noise`.

    A reverse-keyed statement (`keyed: reversed`) gets that answer mirrored (min + max - x): a
    respondent who agrees with a model disagrees with the statement that contradicts it, as an
    attentive respondent does, so the demo does not flag everyone for acquiescence."""
    roll = rng.random()
    if item.allow_dont_know and roll < DONT_KNOW_RATE:
        return None, "dk"
    if item.allow_not_applicable and roll < DONT_KNOW_RATE + NOT_APPLICABLE_RATE:
        return None, "na"
    mean = _mean_for(item, side, aspect) + offset + disposition
    value = _clamp(rng.gauss(mean, noise), item.scale_min, item.scale_max)
    if item.data.get("keyed") == "reversed":
        value = item.scale_min + item.scale_max - value
    return value, ""


def demo_passwords(*, path: Path | None = None, new: bool = False) -> dict[str, str]:
    """The demo users' passwords, by username.

    DEMO_PASSWORD, when set, for every user. Otherwise those kept in `path` by the previous run
    (unless `new`), so a browser's saved login keeps working across `make run`s; users missing
    there get a random one, and `path` is rewritten, readable by its owner only (0600); `make run`
    keeps it in var/, which git ignores. Without `path`, random passwords that are kept nowhere.
    """
    if password := os.getenv("DEMO_PASSWORD"):
        return dict.fromkeys(DEMO_USERS, password)
    kept: dict[str, str] = {}
    if path is not None and not new:
        try:
            loaded = json.loads(path.read_text())
        except (OSError, ValueError):  # missing or damaged: new ones replace it
            loaded = {}
        if isinstance(loaded, dict):
            kept = {name: value for name, value in loaded.items() if name in DEMO_USERS and isinstance(value, str)}
    passwords = {name: kept.get(name) or secrets.token_urlsafe(9) for name in DEMO_USERS}
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only, even if an older file was not: one of these logs in as an admin.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as file:
            json.dump(passwords, file, indent=2)
    return passwords


def _demo_logo() -> io.BytesIO:
    """A small logo drawn here (three rising bars), so the demo report shows one on its cover."""
    image = Image.new("RGBA", (240, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for n, color in enumerate(("#0b3d91", "#1f6fd1", "#f28c28")):
        draw.rounded_rectangle((20 + n * 70, 90 - n * 30, 70 + n * 70, 110), radius=8, fill=color)
    data = io.BytesIO()
    image.save(data, format="PNG")
    data.seek(0)
    return data


def _user(username: str, email: str, password: str, *, staff: bool = False):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
    user.email = email
    user.is_staff = user.is_superuser = staff
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def demo_seed(
    *,
    responses: int = 60,
    seed: int = 42,
    invitations_per_side: int = 5,
    reuse: bool = False,
    passwords: dict[str, str] | None = None,
) -> DemoResult:
    """Create (or refresh) the demo organisation and add one new open campaign to it.

    1. Load the instrument content.
    2. Organisations, users with `passwords` (default: `demo_passwords()`), memberships.
    3. An open campaign with departments, unsubmitted invitations on both sides.
    4. `responses` submitted responses (55 % business) with synthetic answers.
    """
    rng = random.Random(seed)
    instrument = instrument_load()
    organisation, _ = Organisation.objects.get_or_create(slug=DEMO_ORG[1], defaults={"name": DEMO_ORG[0]})
    second, _ = Organisation.objects.get_or_create(slug=SECOND_ORG[1], defaults={"name": SECOND_ORG[0]})
    passwords = passwords or demo_passwords()
    brm = _user("brm", "brm@northwind.example", passwords["brm"])
    consultant = _user("consultant", "consultant@advisers.example", passwords["consultant"])
    admin = _user("admin", "admin@northwind.example", passwords["admin"], staff=True)
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
            organisation=organisation, actor=None, consultancy_name=DEMO_CONSULTANCY, logo=logo_prepare(_demo_logo())
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
    campaign = campaign_create(
        organisation=organisation,
        instrument=instrument,
        name=f"Business-IT assessment, round {round_no}",
        status=Campaign.Status.OPEN,
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=21),
        departments=DEPARTMENTS["business"] + DEPARTMENTS["it"],
        created_by=brm,
        # Respondents may switch to Norwegian or Dutch on the welcome page.
        language="en",
        languages=["nb", "nl"],
        foreword=DEMO_FOREWORD,
    )

    open_invitations = {"business": [], "it": []}
    for side in ("business", "it"):
        for n in range(invitations_per_side):
            name = FIRST_NAMES[n % len(FIRST_NAMES)]
            open_invitations[side].append(
                Invitation(
                    organisation=organisation,
                    campaign=campaign,
                    side=side,
                    email=f"{name}.{side}{n + 1}.r{round_no}@northwind.example",
                    department=DEPARTMENTS[side][n % len(DEPARTMENTS[side])],
                )
            )
    Invitation.objects.bulk_create(open_invitations["business"] + open_invitations["it"])

    _seed_responses(campaign=campaign, count=responses, rng=rng)
    return DemoResult(organisation=organisation, campaign=campaign, passwords=passwords, invitations=open_invitations)


def earlier(item: Item, aspect: str, lag: float) -> float:
    """How far an earlier round's answer lies from today's design means (`lag` points behind):
    what is rated now lower, a relationship further from Partner (more Passive, less Partner and
    Peer); what is desired or targeted, as today (issue #19's demo rounds)."""
    if not lag or aspect in ("desired", "target"):
        return 0.0
    if item.kind == "relationship":
        return {"passive": lag, "provider": 0.0, "partner": -lag, "peer": -lag / 2}[item.dimension]
    return -lag


def _seed_responses(
    *, campaign: Campaign, count: int, rng: random.Random, lag: float = 0.0, lags: dict[str, float] | None = None
) -> None:
    """`count` submitted responses with synthetic answers, published as at a close; `lag` (and per
    item code `lags`, added) sets an earlier round's answers that many points behind (`earlier`)."""
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
    now = timezone.now()
    invitations = [
        Invitation(
            organisation=campaign.organisation,
            campaign=campaign,
            side=side,
            department=rng.choice(DEPARTMENTS[side]),
            state=Invitation.State.SUBMITTED,
        )
        for side in sides
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
    spreads = {
        side: {
            scale: scale_spreads(k)
            for scale, k in Counter(
                latent_scale(item, aspect) for page in pages[side] for item in page.items for aspect in item.aspects
            ).items()
        }
        for side in pages
    }
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
    batch: list[Answer] = []
    for response, disposition in zip(response_rows, dispositions, strict=True):
        for page in pages[response.side]:
            for item in page.items:
                for aspect in item.aspects:
                    scale = latent_scale(item, aspect)
                    noise = spreads[response.side][scale][1]
                    behind = earlier(item, aspect, lag + (lags or {}).get(item.code, 0.0))
                    value, special = synthetic_answer(
                        rng, item, response.side, aspect, offsets[item.code] + behind, disposition[scale], noise
                    )
                    batch.append(
                        Answer(
                            organisation_id=campaign.organisation_id,
                            campaign_id=campaign.pk,
                            response=response,
                            item=item,
                            aspect=aspect,
                            value=value,
                            special=special,
                        )
                    )
        if len(batch) >= 20000:
            Answer.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Answer.objects.bulk_create(batch, batch_size=5000)
    demo_comments_seed(campaign=campaign, responses=response_rows)
    # Synthetic answers: published as a whole, as at a close, so the demo dashboard shows them all.
    snapshot_publish(campaign=campaign, final=True)
