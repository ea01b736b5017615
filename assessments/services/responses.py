"""Writes for responses: claim, save page by page, submit once, resume, start again, import."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from functools import reduce
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Answer, Campaign, CommentDraft, Invitation, Item, OpenQuestion, Response, Special
from assessments.partners import PartnerAnswer, ResponsePartner, partners_key
from assessments.selectors.response_partners import (
    campaign_covers_units,
    response_pages,
    response_partner_answer_map,
    response_units,
)
from assessments.selectors.responses import response_answer_map, response_missing
from assessments.services.comments import comments_create, comments_from_drafts
from assessments.services.partners_respondent import partner_answers_upsert, response_partners_from_invitation
from assessments.services.snapshots import snapshot_publish
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tokens import token_hash, token_new


def response_start(*, invitation: Invitation, claim_hash: str = "") -> Response:
    """The response behind an invitation, created on first use (idempotent under races).

    A response created here is claimed with `claim_hash` (the SHA-256 of the secret the
    creating browser keeps in a cookie). Under a race the loser gets the winner's response,
    whose claim is not its own: callers compare `response.claim_hash` before using it.
    Respondent views load the invitation with its response (select_related), so on every page
    after the first this costs no query.
    """
    try:
        return invitation.response
    except Response.DoesNotExist:
        return _response_create(invitation=invitation, claim_hash=claim_hash)


def response_language_set(*, response: Response, language: str) -> Response:
    """Keep the language the respondent chose; it only changes how texts read, never the scores."""
    if response.language != language:
        response.language = language
        response.save(update_fields=["language", "updated_at"])
    return response


@transaction.atomic
def _response_create(*, invitation: Invitation, claim_hash: str = "") -> Response:
    # A submitted response no longer points at its invitation (response_submit), so the
    # one-response-per-invitation constraint cannot stop a second one: the invitation's state
    # does, read under a lock that a concurrent submit holds until it commits.
    state = Invitation.objects.select_for_update().filter(pk=invitation.pk).values_list("state", flat=True).first()
    if state is None or state == Invitation.State.SUBMITTED:
        raise ApplicationError(_("This questionnaire has already been submitted."))
    # get_or_create, not create: another tab may have created the response since the invitation
    # was read; the one-response-per-invitation constraint makes the loser read the winner's row.
    response, created = Response.objects.get_or_create(
        invitation=invitation,
        defaults={
            "organisation_id": invitation.organisation_id,
            "campaign_id": invitation.campaign_id,
            "side": invitation.side,
            "department": invitation.department,
            "language": invitation.campaign.language,
            "source": Response.Source.OPEN if invitation.open_link_id else Response.Source.LINK,
            "claim_hash": claim_hash,
        },
    )
    if created:
        response_partners_from_invitation(response=response, invitation=invitation)
    if created and state == Invitation.State.NEW:
        Invitation.objects.filter(pk=invitation.pk, state=Invitation.State.NEW).update(
            state=Invitation.State.STARTED, updated_at=timezone.now()
        )
    return response


def _answer_row(response: Response, item: Item, aspect: str, raw: str) -> Answer:
    if raw in (Special.DONT_KNOW, Special.NOT_APPLICABLE):
        value, special = None, raw
    else:
        value, special = int(raw), ""
    return Answer(
        organisation_id=response.organisation_id,
        campaign_id=response.campaign_id,
        response=response,
        item=item,
        aspect=aspect,
        value=value,
        special=special,
    )


@transaction.atomic
def response_answers_save(
    *,
    response: Response,
    items: Mapping[str, Item],
    answers: Mapping[tuple[str, str], str],
    page: int | None = None,
    partner_id: int | None = None,
) -> Response:
    """Store validated answers of one page: {(item_code, aspect): "1".."5" | "dk" | "na"}.

    An upsert on (response, item, aspect): two tabs saving the same page at once end with the
    last save's values and never a duplicate row. Answers that were cleared are removed.
    `partner_id`: the page is about a further business unit of the response (`Page.further`),
    whose answers are PartnerAnswer rows.
    """
    # The UPDATE that records the page also locks the response row: a submit from another tab
    # waits for this save, or this save sees the submit (no row matches) and stores nothing.
    # Matching the claim read with the response does the same for a claim moved to another
    # browser meanwhile (response_resume, response_restart): its new holder never gets answers
    # saved by the old one.
    now = timezone.now()
    changes: dict[str, Any] = {"updated_at": now} if page is None else {"updated_at": now, "current_page": page}
    mine = Response.objects.filter(pk=response.pk, submitted_at__isnull=True, claim_hash=response.claim_hash)
    if not mine.update(**changes):
        raise ApplicationError(_("This questionnaire has already been submitted."))
    for name, value in changes.items():
        setattr(response, name, value)
    if partner_id is not None:
        partner_answers_upsert(response=response, partner_id=partner_id, items=items, answers=answers)
        return response
    rows = [_answer_row(response, items[code], aspect, raw) for (code, aspect), raw in answers.items() if raw != ""]
    cleared = [Q(item_id=items[code].pk, aspect=aspect) for (code, aspect), raw in answers.items() if raw == ""]
    if rows:
        for row in rows:
            row.created_at = row.updated_at = now
        Answer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["response", "item", "aspect"],
            update_fields=["value", "special", "updated_at"],
        )
    if cleared:
        Answer.objects.filter(reduce(operator.or_, cleared), response=response).delete()
    return response


def response_move(*, response: Response, page: int) -> Response:
    """Remember the page the respondent is on, so the link resumes there."""
    if response.current_page != page:
        response.current_page = page
        response.save(update_fields=["current_page", "updated_at"])
    return response


@transaction.atomic
def response_submit(*, response: Response) -> bool:
    """Submit a response exactly once. Returns False when it had already been submitted (or
    its claim moved to another browser since it was read).

    1. Work out which required answers are missing (in questionnaire order, the pages of further
       business units included); if any are, and the response can still be submitted, raise
       ApplicationError naming their columns in `extra["missing"]` (a further unit's with the
       unit's name). A campaign that covers units refuses a response that rates none.
    2. The conditional UPDATE is the guard: of two simultaneous submits only one matches
       `submitted_at IS NULL`; the other changes nothing. The same UPDATE unlinks the response
       from its invitation: once submitted, no row ties the answers to an invitation or an
       e-mail address. The invitation keeps the state SUBMITTED, which refuses another response.
    """
    open_row = Response.objects.filter(pk=response.pk, submitted_at__isnull=True, claim_hash=response.claim_hash)
    units = response_units(response=response)
    if not units and campaign_covers_units(campaign=response.campaign) and open_row.exists():
        raise ApplicationError(_("Choose the business unit you answer for on the welcome page, then submit."))
    pages = response_pages(campaign=response.campaign, side=response.side, units=units)
    partner_answers = response_partner_answer_map(response=response) if len(units) > 1 else {}
    missing = [
        f"{item.column(aspect)} ({page.partner_name})" if page.further else item.column(aspect)
        for page, item, aspect in response_missing(
            pages=pages, answers=response_answer_map(response=response), partner_answers=partner_answers
        )
    ]
    if missing and open_row.exists():
        raise ApplicationError(
            ngettext("%(count)s required answer is missing.", "%(count)s required answers are missing.", len(missing))
            % {"count": len(missing)},
            {"missing": missing},
        )
    if missing:
        return False
    now = timezone.now()
    updated = open_row.update(submitted_at=now, updated_at=now, invitation=None)
    if not updated:
        return False
    if response.invitation_id:
        Invitation.objects.filter(pk=response.invitation_id).update(state=Invitation.State.SUBMITTED, updated_at=now)
    response.submitted_at = now
    response.invitation = None
    # The words typed on the open questions leave the response now (assessments.comments).
    comments_from_drafts(response=response, partners=partners_key(unit.id for unit in units))
    # In the same transaction: the response is either published with its batch or waits for
    # the next one; it is never in the results alone (assessments.services.snapshots).
    snapshot_publish(campaign=response.campaign)
    return True


@transaction.atomic
def response_resume(*, invitation: Invitation, key: str) -> str:
    """Spend a one-time resume key: the invitation's unsubmitted response is claimed by a new
    secret, which is returned for the new browser's cookie. The old browser is locked out.

    The conditional UPDATE spends the key: of two uses at once only one matches.
    """
    now = timezone.now()
    usable = Invitation.objects.filter(pk=invitation.pk, resume_hash=token_hash(key), resume_expires_at__gt=now)
    spent = usable.update(resume_hash="", resume_expires_at=None, updated_at=now)
    if not spent:
        raise ApplicationError(_("This link has expired or has already been used."))
    secret = token_new()
    Response.objects.filter(invitation=invitation, submitted_at__isnull=True).update(
        claim_hash=token_hash(secret), updated_at=now
    )
    invitation.resume_hash, invitation.resume_expires_at = "", None
    return secret


@transaction.atomic
def response_restart(*, invitation: Invitation) -> str:
    """Start an unsubmitted response again in a new browser: its answers are deleted and it is
    claimed by a new secret, which is returned for that browser's cookie.

    Only for an invitation without an e-mail address (a link handed out by chat), which cannot
    be resumed through a link sent to its address. The answers given so far are never shown to
    the new holder, so handing the link on does not hand on the answers.
    """
    if invitation.email:
        raise ApplicationError(_("Ask for a link by e-mail to continue in this browser."))
    secret = token_new()
    now = timezone.now()
    # The UPDATE locks the response row: a save or submit by the old holder either finishes
    # first (and its answers are deleted below) or finds the claim changed and stores nothing.
    restarted = Response.objects.filter(invitation=invitation, submitted_at__isnull=True).update(
        claim_hash=token_hash(secret), current_page=1, language=invitation.campaign.language, updated_at=now
    )
    if not restarted:
        raise ApplicationError(_("This questionnaire has already been submitted."))
    Answer.objects.filter(response__invitation=invitation, response__submitted_at__isnull=True).delete()
    CommentDraft.objects.filter(response__invitation=invitation, response__submitted_at__isnull=True).delete()
    # The business units go too: the new holder chooses again, or gets the invitation's own.
    PartnerAnswer.objects.filter(response__invitation=invitation, response__submitted_at__isnull=True).delete()
    ResponsePartner.objects.filter(response__invitation=invitation, response__submitted_at__isnull=True).delete()
    response = Response.objects.filter(invitation=invitation, submitted_at__isnull=True).first()
    if response is not None:
        response_partners_from_invitation(response=response, invitation=invitation)
    return secret


@transaction.atomic
def response_create_submitted(
    *,
    campaign: Campaign,
    side: str,
    answers: Mapping[tuple[str, str], str],
    department: str = "",
    source: str = Response.Source.IMPORT,
    items: Mapping[str, Item] | None = None,
    publish: bool = True,
    comments: Mapping[str, str] | None = None,
) -> Response:
    """A complete, submitted response with no invitation (workshops, paper forms, tests).

    `answers` maps (item code, aspect) to "1".."5" | "dk" | "na"; the caller validates them.
    `comments` maps open question codes to texts; they wait for their batch like any comment.
    """
    if items is None:
        items = {item.code: item for item in Item.objects.filter(instrument_id=campaign.instrument_id)}
    now = timezone.now()
    response = Response.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        side=side,
        department=department,
        source=source,
        submitted_at=now,
    )
    Answer.objects.bulk_create(
        [_answer_row(response, items[code], aspect, raw) for (code, aspect), raw in answers.items() if raw != ""]
    )
    if comments:
        questions = {q.code: q for q in OpenQuestion.objects.filter(instrument_id=campaign.instrument_id)}
        comments_create(campaign=campaign, side=side, department=department, texts=comments, questions=questions)
    if publish:
        snapshot_publish(campaign=campaign)
    return response
