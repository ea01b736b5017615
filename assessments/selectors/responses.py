"""Reads of responses: a respondent's own answers, what is missing, the submitted answers export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assessments.models import Answer, Campaign, Item, Response
from assessments.selectors.instruments import Page


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


def response_missing(
    *,
    pages: list[Page],
    answers: Mapping[tuple[str, str], str],
    partner_answers: Mapping[int, Mapping[tuple[str, str], str]] | None = None,
) -> list[tuple[Page, Item, str]]:
    """Required answers still empty, in questionnaire order. A further business unit's page
    (`Page.further`) is checked against that unit's answers in `partner_answers`."""
    missing = []
    for page in pages:
        mine = answers
        if page.further and page.partner_id is not None:
            mine = (partner_answers or {}).get(page.partner_id, {})
        for item in page.items:
            if not item.required:
                continue
            for aspect in item.aspects:
                if (item.code, aspect) not in mine:
                    missing.append((page, item, aspect))
    return missing


def respondent_language(*, campaign: Campaign, chosen: str | None) -> str:
    """The language a respondent reads: the one chosen on the welcome page if the campaign still
    offers it, else the campaign's. Respondent pages and e-mails both follow it."""
    return chosen if chosen and chosen in campaign.offered_languages else campaign.language


def campaign_submitted_answers(
    *, campaign: Campaign, department: str | None = None
) -> tuple[Sequence[Mapping[str, Any]], dict[int, dict[tuple[str, str], str]]]:
    """Published responses (id, side, department) and their answers {(code, aspect): "1".."5"|"dk"|"na"}.

    Two queries whatever the number of responses; `department` narrows both. For the answers
    export only: callers apply the anonymity rules before anything leaves the portal. Only
    published responses (assessments.services.snapshots): the rows match the published results.
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
