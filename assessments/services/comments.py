"""Writes for the respondents' own words: drafts, the move to comments at submit, publication,
and what a BRM does with a published comment (hide, unhide, tag with themes).

The anonymity of a comment rests on what its row does not hold (assessments.comments): these
services never copy a response id, an invitation, a source or a time into it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign, Comment, CommentDraft, OpenQuestion, Response
from brmportal.lib.exceptions import ApplicationError


def comment_text_clean(text: str) -> str:
    """The text as stored: trimmed, with Windows line ends made plain (a browser posts \\r\\n)."""
    return text.replace("\r\n", "\n").strip()


def _check_length(question: OpenQuestion, text: str) -> None:
    # The form says so first, with the text kept; this is the rule for every other caller.
    if len(text) > question.max_length:
        raise ApplicationError(
            _("An answer to %(code)s is longer than %(max)s characters.")
            % {"code": question.code, "max": question.max_length}
        )


@transaction.atomic
def comment_drafts_save(
    *, response: Response, questions: Iterable[OpenQuestion], texts: Mapping[str, str], page: int | None = None
) -> Response:
    """Keep what the respondent typed on the open questions page ({question code: text}).

    An upsert per (response, question); an emptied answer deletes its draft. Like
    `response_answers_save`, the conditional UPDATE of the response is the guard: a response
    submitted or moved to another browser meanwhile stores nothing.
    """
    now = timezone.now()
    changes: dict[str, object] = {"updated_at": now} if page is None else {"updated_at": now, "current_page": page}
    mine = Response.objects.filter(pk=response.pk, submitted_at__isnull=True, claim_hash=response.claim_hash)
    if not mine.update(**changes):
        raise ApplicationError(_("This questionnaire has already been submitted."))
    by_code = {question.code: question for question in questions}
    keep: list[CommentDraft] = []
    cleared: list[int] = []
    for code, raw in texts.items():
        question = by_code[code]
        text = comment_text_clean(raw)
        if not text:
            cleared.append(question.pk)
            continue
        _check_length(question, text)
        keep.append(
            CommentDraft(
                organisation_id=response.organisation_id,
                response=response,
                question=question,
                text=text,
                created_at=now,
                updated_at=now,
            )
        )
    if keep:
        CommentDraft.objects.bulk_create(
            keep, update_conflicts=True, unique_fields=["response", "question"], update_fields=["text", "updated_at"]
        )
    if cleared:
        CommentDraft.objects.filter(response=response, question_id__in=cleared).delete()
    return response


def comment_new(
    *,
    organisation_id: int,
    campaign_id: int,
    question_id: int,
    side: str,
    text: str,
    department: str,
    partners: str = "",
) -> Comment:
    """A comment waiting for its batch: everything a comment ever holds of its writer is here
    (the side, and the cell's department until publication blanks it). Every path that makes
    comments (submit, an uploaded or command-line import) goes through this one builder."""
    return Comment(
        organisation_id=organisation_id,
        campaign_id=campaign_id,
        question_id=question_id,
        side=side,
        text=text,
        pending_department=department,
        pending_partners=partners,
    )


def comments_from_drafts(*, response: Response, partners: str = "") -> int:
    """At submit, in its transaction: the response's drafts become comments with no tie to it,
    and the drafts are deleted. Returns how many comments were made.

    The comment keeps the side (each question is asked of one side anyway) and, until its batch
    is published, the department of its cell and the key of the business units its respondent
    rates (`partners`, assessments.partners.partners_key); nothing else of the response.
    """
    drafts = list(CommentDraft.objects.filter(response_id=response.pk).values_list("question_id", "text"))
    if drafts:
        Comment.objects.bulk_create(
            comment_new(
                organisation_id=response.organisation_id,
                campaign_id=response.campaign_id,
                question_id=question_id,
                side=response.side,
                text=text,
                department=response.department,
                partners=partners,
            )
            for question_id, text in drafts
        )
        CommentDraft.objects.filter(response_id=response.pk).delete()
    return len(drafts)


def comments_create(
    *, campaign: Campaign, side: str, department: str, texts: Mapping[str, str], questions: Mapping[str, OpenQuestion]
) -> list[Comment]:
    """Comments of a response that arrives submitted (an imported row): {question code: text}.
    They wait for their batch like every other comment."""
    comments = []
    for code, raw in texts.items():
        text = comment_text_clean(raw)
        if not text:
            continue
        question = questions[code]
        _check_length(question, text)
        comments.append(
            comment_new(
                organisation_id=campaign.organisation_id,
                campaign_id=campaign.pk,
                question_id=question.pk,
                side=side,
                text=text,
                department=department,
            )
        )
    return Comment.objects.bulk_create(comments)


def comments_publish(*, campaign: Campaign, cells: Collection[tuple[str, str, str]]) -> int:
    """Publish the waiting comments of the cells `snapshot_publish` has just published; their
    department is forgotten, and no batch number is kept (it would name the cells published with
    it). Call it inside that transaction."""
    if not cells:
        return 0
    where = Q()
    for side, department, partners in cells:
        where |= Q(side=side, pending_department=department, pending_partners=partners)
    waiting = Comment.objects.filter(where, organisation_id=campaign.organisation_id, campaign_id=campaign.pk).filter(
        published=False
    )
    return waiting.update(published=True, pending_department="", pending_partners="")


def _published(campaign: Campaign, comment_id: UUID | str) -> Comment:
    comment = Comment.objects.filter(
        organisation_id=campaign.organisation_id, campaign_id=campaign.pk, pk=comment_id, published=True
    ).first()
    if comment is None:
        raise ApplicationError(_("No such comment in this campaign."))
    return comment


@transaction.atomic
def comment_hide(
    *,
    campaign: Campaign,
    comment_id: UUID | str,
    hidden: bool,
    actor: AbstractBaseUser | AnonymousUser | None,
) -> Comment:
    """Hide a published comment (it names a person, say) or show it again; either is audited.

    A hidden comment is never quoted, only counted. Doing what is already done writes nothing.
    """
    comment = _published(campaign, comment_id)
    if comment.hidden == hidden:
        return comment
    comment.hidden = hidden
    comment.save(update_fields=["hidden"])
    audit_record(
        actor=actor,
        organisation=campaign.organisation,
        action=AuditEvent.COMMENT_HIDE if hidden else AuditEvent.COMMENT_UNHIDE,
        target=campaign,
        details={"comment": str(comment.pk), "question": comment.question.code},
    )
    return comment


def comment_themes_set(
    *, campaign: Campaign, comment_id: UUID | str, themes: Iterable[str], allowed: Iterable[str]
) -> Comment:
    """Tag a published comment with themes, each one of `allowed` (the campaign's theme codes)."""
    comment = _published(campaign, comment_id)
    chosen = list(dict.fromkeys(themes))
    known = list(allowed)
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise ApplicationError(_("Unknown theme: %(codes)s.") % {"codes": ", ".join(unknown)})
    # Kept in the instrument's order, whatever order the form posted them in.
    comment.themes = [code for code in known if code in chosen]
    comment.save(update_fields=["themes"])
    return comment
