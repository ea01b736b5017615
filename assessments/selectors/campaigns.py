"""Reads of campaigns: lists with counts, the previous round, response counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Organisation
from assessments.models import Campaign, Invitation, Response
from brmportal.lib.scoring import SIDES


def campaign_response_counts(*, campaign: Campaign) -> dict[str, dict[str, int]]:
    """Invited, started and submitted per side, in one query."""
    rows = (
        Invitation.objects.filter(campaign=campaign)
        .values("side")
        .annotate(
            invited=Count("id"),
            started=Count("id", filter=Q(state=Invitation.State.STARTED)),
            submitted=Count("id", filter=Q(state=Invitation.State.SUBMITTED)),
        )
    )
    counts = {side: {"invited": 0, "started": 0, "submitted": 0} for side in SIDES}
    for row in rows:
        counts[row["side"]] = {k: row[k] for k in ("invited", "started", "submitted")}
    return counts


def campaign_response_counts_by_department(*, campaign: Campaign) -> dict[tuple[str, str], dict[str, int]]:
    """Invited, started and submitted per (side, department), department "" = none given: 1 query.

    The dashboard sums side totals from these rows, so one query serves both breakdowns.
    """
    rows = (
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .values("side", "department")
        .annotate(
            invited=Count("id"),
            started=Count("id", filter=Q(state=Invitation.State.STARTED)),
            submitted=Count("id", filter=Q(state=Invitation.State.SUBMITTED)),
        )
        .order_by()
    )
    return {(row["side"], row["department"]): {k: row[k] for k in ("invited", "started", "submitted")} for row in rows}


def department_order(*, configured: Sequence[str], given: Iterable[str]) -> list[str]:
    """The one rule for which departments a campaign has, and in what order (dashboard, report,
    exports): the configured ones in their configured order, then any other department that
    published responses gave, sorted case-insensitively."""
    extra = {d for d in given if d} - set(configured)
    return [*configured, *sorted(extra, key=lambda d: (d.lower(), d))]


def campaign_department_names(*, campaign: Campaign) -> list[str]:
    """The campaign's departments by `department_order` (1 query).

    Only published responses count, as in the scores: a department only an unpublished response
    gave has no results yet (asking for it would fail), and listing it would tell that someone
    of it has just answered.
    """
    given = (
        Response.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign, published_at__isnull=False)
        .exclude(department="")
        .order_by()
        .values_list("department", flat=True)
        .distinct()
    )
    return department_order(configured=campaign.departments or [], given=given)


def campaign_previous(*, campaign: Campaign) -> Campaign | None:
    """The organisation's most recent other campaign created before `campaign` that has submitted
    responses: the baseline of the dashboard's "since last time" comparison (1 query)."""
    submitted = Response.objects.filter(campaign=OuterRef("pk"), submitted_at__isnull=False)
    return (
        Campaign.objects.filter(organisation_id=campaign.organisation_id, created_at__lt=campaign.created_at)
        .exclude(pk=campaign.pk)
        .filter(Exists(submitted))
        .select_related("instrument", "organisation")
        .order_by("-created_at", "-pk")
        .first()
    )


def _count_per_campaign(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT per campaign row; 0 when there is none.

    Subqueries rather than JOIN + COUNT: joining invitations and responses at once would
    multiply the rows (invitations x responses) of every campaign.
    """
    counted = queryset.filter(campaign=OuterRef("pk")).order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_side_counts(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Annotate `<side>_invited` and `<side>_submitted` for both sides, in the same query."""
    annotations = {}
    for side in SIDES:
        annotations[f"{side}_invited"] = _count_per_campaign(Invitation.objects.filter(side=side))
        # Published responses: counts follow the results, which take in submissions in batches.
        annotations[f"{side}_submitted"] = _count_per_campaign(
            Response.objects.filter(side=side, published_at__isnull=False)
        )
    return campaigns.annotate(**annotations)


def campaign_list_with_counts(*, organisation: Organisation) -> list[Campaign]:
    """The organisation's campaigns, newest first, with invited and submitted counts per side (1 query).

    Submitted counts include imported responses, which have no invitation.
    """
    campaigns = Campaign.objects.filter(organisation=organisation).select_related("instrument")
    return list(_with_side_counts(campaigns).order_by("-created_at", "-pk"))


def campaign_queryset_with_counts(*, organisation: Organisation) -> QuerySet[Campaign]:
    """What `campaign_list_with_counts` returns, as a lazy QuerySet for callers that paginate (the API)."""
    campaigns = Campaign.objects.filter(organisation=organisation).select_related("instrument")
    return _with_side_counts(campaigns).order_by("-created_at", "-pk")


def campaign_list_for_user(*, user: User | AnonymousUser) -> list[Campaign]:
    """Every campaign of every organisation `user` is a member of, with per-side counts (1 query)."""
    if not user.is_authenticated:
        return []
    campaigns = Campaign.objects.filter(organisation__memberships__user=user).select_related(
        "instrument", "organisation"
    )
    return list(_with_side_counts(campaigns).order_by("organisation__name", "-created_at", "-pk"))


def campaign_names(*, organisation: Organisation, campaign_ids: Iterable[int | None]) -> dict[int, str]:
    """{campaign id: name} of the organisation's campaigns among `campaign_ids` (1 query)."""
    ids = {pk for pk in campaign_ids if isinstance(pk, int)}
    if not ids:
        return {}
    return dict(Campaign.objects.filter(organisation=organisation, pk__in=ids).values_list("pk", "name"))


def campaign_has_responses(*, campaign: Campaign) -> bool:
    """Whether anyone has answered (started or submitted): settings that protect respondents then lock."""
    return Response.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign).exists()
