"""Reads for the respondent journey and the management views."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import Organisation
from assessments.content import bundled_version, localized
from assessments.models import Answer, Campaign, Instrument, Invitation, Item, OpenLink, Response, Section


@dataclass(frozen=True)
class Page:
    number: int
    section: Section
    items: tuple[Item, ...]
    fields: tuple[tuple[str, str], ...] = field(default=())  # (item code, aspect) in display order

    @property
    def kind(self) -> str:
        return self.section.kind


@lru_cache(maxsize=32)
def _instrument_sections(instrument_id: int, content_hash: str) -> tuple[tuple[Section, tuple[Item, ...]], ...]:
    # An instrument version never changes once a campaign uses it, so its structure is cached
    # per process; the content hash in the key drops the entry if an unused version is reloaded.
    sections = list(Section.objects.filter(instrument_id=instrument_id).order_by("order"))
    items_by_section: dict[int, list[Item]] = {s.pk: [] for s in sections}
    for item in Item.objects.filter(instrument_id=instrument_id).order_by("order"):
        items_by_section[item.section_id].append(item)
    return tuple((s, tuple(items_by_section[s.pk])) for s in sections)


@lru_cache(maxsize=32)
def _instrument_scale_labels(instrument_id: int, content_hash: str) -> dict[str, dict]:
    # Cached like _instrument_sections; callers must treat the result as read-only.
    content = Instrument.objects.values_list("content", flat=True).get(pk=instrument_id)
    return {kind: doc.get("scale", {}).get("labels", {}) for kind, doc in content.get("instruments", {}).items()}


def instrument_scale_labels(*, instrument: Instrument) -> dict[str, dict]:
    """{kind: {"1": label, ...}}: each instrument's scale labels, read once per process and version."""
    return _instrument_scale_labels(instrument.pk, instrument.content_hash)


def instrument_items(*, instrument: Instrument) -> list[Item]:
    return [item for _, items in _instrument_sections(instrument.pk, instrument.content_hash) for item in items]


def campaign_pages(*, campaign: Campaign, side: str) -> list[Page]:
    """The questionnaire pages a respondent of `side` sees, numbered from 1.

    BiSL sections are limited to the campaign's form (short or full); items not meant for the
    side are left out, and a section left empty is skipped.
    """
    pages: list[Page] = []
    for section, items in _instrument_sections(campaign.instrument_id, campaign.instrument.content_hash):
        if section.form and section.form != campaign.practice_form:
            continue
        mine = tuple(item for item in items if side in item.sides)
        if not mine:
            continue
        fields = tuple((item.code, aspect) for item in mine for aspect in item.aspects)
        pages.append(Page(number=len(pages) + 1, section=section, items=mine, fields=fields))
    return pages


def response_answer_map(*, response: Response) -> dict[tuple[str, str], str]:
    """{(item code, aspect): "1".."5" | "dk" | "na"} for one response."""
    rows = Answer.objects.filter(response=response).values_list("item__code", "aspect", "value", "special")
    return {(code, aspect): (special or str(value)) for code, aspect, value, special in rows}


def response_get_submitted_by_claim(*, campaign: Campaign, claim_hash: str) -> Response | None:
    """The submitted response of `campaign` claimed by `claim_hash`, if any (1 query, indexed).

    A submitted response no longer points at its invitation: its respondent's browser finds it
    through the claim alone (for the personal summary on the thank-you page).
    """
    if not claim_hash:
        return None
    return (
        Response.objects.filter(
            organisation_id=campaign.organisation_id,
            campaign=campaign,
            claim_hash=claim_hash,
            submitted_at__isnull=False,
        )
        .select_related("campaign", "campaign__instrument")
        .first()
    )


def response_missing(*, pages: list[Page], answers: dict[tuple[str, str], str]) -> list[tuple[Page, Item, str]]:
    """Required answers still empty, in questionnaire order."""
    missing = []
    for page in pages:
        for item in page.items:
            if not item.required:
                continue
            for aspect in item.aspects:
                if (item.code, aspect) not in answers:
                    missing.append((page, item, aspect))
    return missing


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation with its campaign, organisation, instrument and response (1 query).

    The instrument's `content` (the whole parsed source, ~85 KB of JSON) is left out: respondent
    pages read its parts through per-process caches (`instrument_scale_labels`); code that
    does touch `content` still gets it, with one more query.
    """
    return (
        Invitation.objects.select_related("campaign", "campaign__organisation", "campaign__instrument", "response")
        .defer("campaign__instrument__content")
        .filter(token=token)
        .first()
    )


def respondent_language(*, campaign: Campaign, chosen: str | None) -> str:
    """The language a respondent reads: the one chosen on the welcome page if the campaign still
    offers it, else the campaign's. Respondent pages and e-mails both follow it."""
    return chosen if chosen and chosen in campaign.offered_languages else campaign.language


def invitation_language(*, invitation: Invitation) -> str:
    """`respondent_language` for an invitation loaded with its response (no query)."""
    response = getattr(invitation, "response", None)
    return respondent_language(campaign=invitation.campaign, chosen=response.language if response else None)


def invitation_languages(*, campaign: Campaign, invitations: list[Invitation]) -> dict[int, str]:
    """`respondent_language` of many invitations in one query (e-mails to a whole campaign)."""
    chosen = dict(
        Response.objects.filter(campaign=campaign, invitation__in=[i.pk for i in invitations]).values_list(
            "invitation_id", "language"
        )
    )
    return {i.pk: respondent_language(campaign=campaign, chosen=chosen.get(i.pk)) for i in invitations}


def campaign_list(*, organisation) -> list[Campaign]:
    return list(Campaign.objects.filter(organisation=organisation).select_related("instrument"))


def campaign_unsubmitted_invitations(*, campaign: Campaign, side: str) -> list[Invitation]:
    return list(Invitation.objects.filter(campaign=campaign, side=side).filter(~Q(state=Invitation.State.SUBMITTED)))


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
    counts = {side: {"invited": 0, "started": 0, "submitted": 0} for side in ("business", "it")}
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


def campaign_submitted_answers(
    *, campaign: Campaign, department: str | None = None
) -> tuple[list[dict], dict[int, dict[tuple[str, str], str]]]:
    """Published responses (id, side, department) and their answers {(code, aspect): "1".."5"|"dk"|"na"}.

    Two queries whatever the number of responses; `department` narrows both. For the answers
    export only: callers apply the anonymity rules before anything leaves the portal. Only
    published responses (assessments.snapshots): the rows match the published results.
    """
    responses = Response.objects.filter(
        organisation_id=campaign.organisation_id, campaign=campaign, published_at__isnull=False
    )
    if department is not None:
        responses = responses.filter(department=department)
    rows = list(responses.values("id", "side", "department").order_by("id"))
    answers: dict[int, dict[tuple[str, str], str]] = {row["id"]: {} for row in rows}
    answer_rows = (
        Answer.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign, response__in=responses)
        .values_list("response_id", "item__code", "aspect", "value", "special")
        .order_by()
    )
    for response_id, code, aspect, value, special in answer_rows.iterator(chunk_size=5000):
        if response_id in answers:
            answers[response_id][(code, aspect)] = special or str(value)
    return rows, answers


MODEL_ORDER = ["passive", "provider", "partner", "peer"]


def respondent_summary(*, response: Response) -> dict:
    """A respondent's own results with the model names and one-line descriptions to show them."""
    from assessments.scoring import response_scores

    scores = response_scores(response=response)
    dimensions = response.campaign.instrument.content["instruments"]["relationship"]["dimensions"]
    # In the active language: the respondent pages run in the response's language.
    models = {
        d["code"]: {"code": d["code"], "name": localized(d["name"]), "summary": localized(d.get("summary"))}
        for d in dimensions
    }
    relationship = {}
    for aspect in ("today", "desired"):
        fit = scores["relationship"].get(aspect) if scores["relationship"] else None
        if fit and fit.get("index") is not None:
            code = fit["model"]
            relationship[aspect] = {
                # A tie between models is "mixed", which the content does not name.
                "model": models.get(code, {"code": code, "name": gettext("Mixed"), "summary": ""}),
                "index": fit["index"],
                # Position on a 1-4 track, as a percentage for the marker.
                "position": round((fit["index"] - 1) / 3 * 100),
            }
    return {
        "relationship": relationship,
        "models": [models[code] for code in MODEL_ORDER if code in models],
        "behaviours": scores["behaviours"],
        "practices": scores["practices"],
        "trust": scores["trust"],
    }


# ---------------------------------------------------------------------------------------------
# The BRM and consultant workspace (issue #5)


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
    for side in ("business", "it"):
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


def campaign_list_for_user(*, user: AbstractBaseUser) -> list[Campaign]:
    """Every campaign of every organisation `user` is a member of, with per-side counts (1 query)."""
    if not user.is_authenticated:
        return []
    campaigns = Campaign.objects.filter(organisation__memberships__user=user).select_related(
        "instrument", "organisation"
    )
    return list(_with_side_counts(campaigns).order_by("organisation__name", "-created_at", "-pk"))


def invitation_list(*, campaign: Campaign) -> list[Invitation]:
    return list(
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign).order_by(
            "created_at", "pk"
        )
    )


def invitation_get(*, campaign: Campaign, invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(
        organisation_id=campaign.organisation_id, campaign=campaign, pk=invitation_id
    ).first()


def campaign_invited_emails(*, campaign: Campaign) -> set[str]:
    """Addresses already invited to the campaign, lower-cased for comparison."""
    emails = (
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return {email.lower() for email in emails}


def respondent_url(*, token: str) -> str:
    """The absolute link a respondent opens (in e-mails and the copy-link field)."""
    return settings.SITE_URL + reverse("respondent:welcome", args=[token])


def open_link_url(*, open_link: OpenLink) -> str:
    return settings.SITE_URL + reverse("respondent:open_link", args=[open_link.token])


def open_link_map(*, campaign: Campaign) -> dict[str, OpenLink]:
    """The campaign's open links by side (a side without one is missing)."""
    links = OpenLink.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
    return {link.side: link for link in links}


def open_link_get_by_token(*, token: str) -> OpenLink | None:
    return (
        OpenLink.objects.select_related("campaign", "campaign__organisation", "campaign__instrument")
        .filter(token=token)
        .first()
    )


def open_link_is_full(*, open_link: OpenLink) -> bool:
    """Whether the link has started as many respondents as its cap allows (see open_link_invitation_create)."""
    started = Invitation.objects.filter(organisation_id=open_link.organisation_id, open_link=open_link).count()
    return started >= open_link.cap


def instrument_choices(*, organisation: Organisation) -> QuerySet[Instrument]:
    """Instrument versions a campaign of `organisation` can use, newest first: the versions
    bundled with the portal and the organisation's own uploads, never another tenant's."""
    return Instrument.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation)).order_by(
        "-created_at", "-pk"
    )


def instrument_default(*, instruments: QuerySet[Instrument]) -> Instrument | None:
    """The version a new campaign starts with: the bundled current version (the repository's
    content, `bundled_version`), not the newest row, which may be an upload; else the newest."""
    current = next(
        (i for i in instruments if i.organisation_id is None and i.version == bundled_version()),
        None,
    )
    return current or next(iter(instruments), None)


def campaign_names(*, organisation: Organisation, campaign_ids: Iterable[int | None]) -> dict[int, str]:
    """{campaign id: name} of the organisation's campaigns among `campaign_ids` (1 query)."""
    ids = {pk for pk in campaign_ids if isinstance(pk, int)}
    if not ids:
        return {}
    return dict(Campaign.objects.filter(organisation=organisation, pk__in=ids).values_list("pk", "name"))


def campaign_has_responses(*, campaign: Campaign) -> bool:
    """Whether anyone has answered (started or submitted): settings that protect respondents then lock."""
    return Response.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign).exists()
