"""Reads for the consultant's view across clients (issue #20 item 4): every organisation the user
belongs to with its last two rounds that have published results, what the view shows of their
scores, and open actions.

The number of queries does not grow with the organisations or the responses: the rounds of every
organisation come in one query (a window ranks each organisation's campaigns), their scores in
one (the stored copies, `campaign_scores_views`), and so do the open actions.

A campaign's whole scores take milliseconds to unpickle, and the page needs a handful of figures
of a hundred rounds at 50 organisations; so the figures it shows (`RoundFigures`) are kept in
Django's cache on their own, keyed by what the scores depend on (`scores_key`) and by the
snapshot's publication: a new batch or a changed setting makes a new key, never a stale read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from accounts.models import Membership, Organisation
from accounts.selectors import membership_list
from assessments.actions import OPEN_STATUSES, Action
from assessments.models import Campaign, Instrument
from assessments.presentation import figures
from assessments.results import CampaignScores, MaturityScore
from assessments.scoring import campaign_scores_views
from assessments.stored_scores import scores_key
from assessments.texts import InstrumentTexts, instrument_texts
from brmportal.lib.scoring import SIDES
from brmportal.lib.stats import Estimate

# The figures kept per round (`RoundFigures.figures`): the relationship index per group and aspect.
FIGURE_PREFIX = "relationship."
# Keyed by content (scores key, snapshot), so a value can never be stale: kept as long as Redis likes.
ROUND_FIGURES_SECONDS = 7 * 24 * 3600


def campaigns_with_instruments(campaigns: Sequence[Campaign]) -> None:
    """Give each campaign its instrument row from one query: a version's content is large and
    shared by most campaigns, so a join would read it once per campaign."""
    instruments = Instrument.objects.in_bulk({campaign.instrument_id for campaign in campaigns})
    for campaign in campaigns:
        campaign.instrument = instruments[campaign.instrument_id]


@dataclass(frozen=True)
class RoundFigures:
    """What the consultant's view shows of a round's published scores, small enough to cache:
    responses per side, the sides the anonymity rules hide, overall maturity, and the
    relationship figures by key ("relationship.business.today": its value and Estimate)."""

    responses: Mapping[str, int]
    hidden: frozenset[str]
    maturity: MaturityScore | None
    figures: Mapping[str, tuple[float | None, Estimate | None]]


def round_figures(scores: CampaignScores, texts: InstrumentTexts) -> RoundFigures:
    """The round's figures the view shows (`texts` only word labels the record does not keep)."""
    return RoundFigures(
        responses=dict(scores.responses),
        hidden=frozenset(side for side in SIDES if scores.anonymity.reason(side)),
        maturity=scores.maturity.overall,
        figures={
            f.key: (f.value, f.estimate)
            for f in figures(scores, texts)
            if f.key.startswith(FIGURE_PREFIX) and not f.words
        },
    )


@dataclass(frozen=True)
class ClientRound:
    """A campaign with published results: its published responses, when they were published and
    what the view shows of its scores."""

    campaign: Campaign
    responses: int
    published_at: datetime
    figures: RoundFigures


@dataclass(frozen=True)
class ClientOverview:
    """One organisation of the user: the latest round with published results and the one before."""

    membership: Membership
    last: ClientRound | None
    previous: ClientRound | None
    open_actions: int

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation


def _rounds(organisations: dict[int, Organisation]) -> dict[int, list[Campaign]]:
    """Each organisation's two latest campaigns (by creation, as `campaign_previous` orders
    rounds) whose snapshot holds published responses, newest first (1 query)."""
    latest = Window(RowNumber(), partition_by=[F("organisation_id")], order_by=[F("created_at").desc(), F("pk").desc()])
    campaigns = list(
        Campaign.objects.filter(organisation_id__in=organisations, snapshot__responses__gt=0)
        # The snapshot's size and date only: its aggregate (`data`) is the largest column there is.
        .annotate(rank=latest, published_responses=F("snapshot__responses"), published_on=F("snapshot__published_at"))
        .filter(rank__lte=2)
        .order_by("organisation_id", "rank")
    )
    found: dict[int, list[Campaign]] = {}
    for campaign in campaigns:
        campaign.organisation = organisations[campaign.organisation_id]
        found.setdefault(campaign.organisation_id, []).append(campaign)
    return found


def _round_figures(campaigns: Sequence[Campaign]) -> dict[int, RoundFigures]:
    """Each campaign's RoundFigures: from the cache, else from its scores (one read for all the
    missing ones), then cached."""
    keys = {
        campaign.pk: f"clients:round:{scores_key(campaign)}:{campaign.published_on.isoformat()}"  # type: ignore[attr-defined]
        for campaign in campaigns
    }
    cached = cache.get_many(list(keys.values()))
    found = {pk: value for pk, key in keys.items() if isinstance(value := cached.get(key), RoundFigures)}
    missing = [campaign for campaign in campaigns if campaign.pk not in found]
    if missing:
        scores = campaign_scores_views(views=[(campaign, None) for campaign in missing])
        fresh = {
            campaign.pk: round_figures(scores[(campaign.pk, None)], instrument_texts(campaign.instrument, "en"))
            for campaign in missing
        }
        found.update(fresh)
        cache.set_many({keys[pk]: value for pk, value in fresh.items()}, ROUND_FIGURES_SECONDS)
    return found


def open_action_counts(*, organisations: Sequence[int]) -> dict[int, int]:
    """Planned and in-progress actions per organisation (1 query)."""
    rows = (
        Action.objects.filter(organisation_id__in=organisations, status__in=OPEN_STATUSES)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["organisation_id"]: row["n"] for row in rows}


def client_overview(*, user: User | AnonymousUser) -> list[ClientOverview]:
    """The user's organisations by name, each with its last two rounds with published results and
    their whole-campaign scores, and its open actions.

    Queries, whatever the number of organisations and responses: the memberships (1), the rounds
    (1), their instruments (1), their scores when the cache does not hold their figures (1 for the
    stored copies; a round whose scores are not stored yet, e.g. after a deployment changed the
    scoring code, costs 2 more once), the open actions (1). Only organisations the user is a
    member of, and only published figures.
    """
    memberships = [m for m in membership_list(user=user) if "view_dashboards" in m.permissions]
    if not memberships:
        return []
    organisations = {m.organisation_id: m.organisation for m in memberships}
    rounds = _rounds(organisations)
    campaigns = [campaign for found in rounds.values() for campaign in found]
    campaigns_with_instruments(campaigns)
    shown = _round_figures(campaigns)
    actions = open_action_counts(organisations=list(organisations))

    def client_round(found: list[Campaign], index: int) -> ClientRound | None:
        if len(found) <= index:
            return None
        campaign = found[index]
        return ClientRound(
            campaign=campaign,
            responses=campaign.published_responses,  # type: ignore[attr-defined]
            published_at=campaign.published_on,  # type: ignore[attr-defined]
            figures=shown[campaign.pk],
        )

    return [
        ClientOverview(
            membership=m,
            last=client_round(rounds.get(m.organisation_id, []), 0),
            previous=client_round(rounds.get(m.organisation_id, []), 1),
            open_actions=actions.get(m.organisation_id, 0),
        )
        for m in memberships
    ]
