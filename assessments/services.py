"""Writes for instruments, campaigns, invitations and responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from assessments.content import KINDS, read_content
from assessments.models import Answer, Campaign, Instrument, Invitation, Item, Response, Section, Special
from brmportal.lib.exceptions import ApplicationError


@transaction.atomic
def instrument_load(*, content: dict[str, Any] | None = None) -> Instrument:
    """Load the content files into an Instrument version, idempotently.

    1. Read and validate the content files (or take `content` already read).
    2. If the version exists with the same content hash, return it unchanged.
    3. If it exists with different content and a campaign uses it, refuse: answers would
       silently change meaning. Otherwise rebuild its sections and items.
    """
    content = content or read_content()
    version = content["version"]
    instrument = Instrument.objects.filter(version=version).first()
    if instrument and instrument.content_hash == content["hash"]:
        return instrument
    if instrument:
        if instrument.campaigns.exists():
            raise ApplicationError(
                f"Instrument {version} is used by a campaign and cannot change; give the content a new version."
            )
        instrument.items.all().delete()
        instrument.sections.all().delete()
        instrument.content = content
        instrument.content_hash = content["hash"]
        instrument.save(update_fields=["content", "content_hash", "updated_at"])
    else:
        instrument = Instrument(version=version, content=content, content_hash=content["hash"])
        instrument.full_clean()
        instrument.save()

    section_order = 0
    item_order = 0
    items: list[Item] = []
    for kind in KINDS:
        doc = content["instruments"][kind]
        scale = doc["scale"]
        for section_doc in doc["sections"]:
            section_order += 1
            forms = {item.get("form", "") for item in section_doc["items"]}
            section = Section.objects.create(
                instrument=instrument,
                code=section_doc["code"],
                kind=kind,
                order=section_order,
                form=forms.pop() if len(forms) == 1 else "",
                title=section_doc["title"],
                intro=section_doc.get("intro", {}),
            )
            for item_doc in section_doc["items"]:
                item_order += 1
                items.append(
                    Item(
                        instrument=instrument,
                        section=section,
                        code=item_doc["code"],
                        kind=kind,
                        dimension=item_doc["dimension"],
                        group=item_doc.get("group") or item_doc.get("cluster") or "",
                        order=item_order,
                        sides=item_doc.get("sides", ["business", "it"]),
                        aspects=doc["aspects"],
                        required=item_doc.get("required", True),
                        scale_min=scale["min"],
                        scale_max=scale["max"],
                        allow_dont_know=bool(scale.get("dont_know", False)),
                        allow_not_applicable=bool(scale.get("not_applicable", False)),
                        data={k: v for k, v in item_doc.items() if k not in {"code", "dimension", "sides"}},
                    )
                )
    Item.objects.bulk_create(items)
    return instrument


def campaign_create(
    *,
    organisation: Organisation,
    instrument: Instrument,
    name: str,
    status: str = Campaign.Status.DRAFT,
    opens_at=None,
    closes_at=None,
    anonymity_threshold: int = 3,
    departments: list[str] | None = None,
    practice_form: str = Campaign.PracticeForm.SHORT,
    created_by: AbstractBaseUser | None = None,
) -> Campaign:
    campaign = Campaign(
        organisation=organisation,
        instrument=instrument,
        name=name,
        status=status,
        opens_at=opens_at,
        closes_at=closes_at,
        anonymity_threshold=anonymity_threshold,
        departments=departments or [],
        practice_form=practice_form,
        created_by=created_by,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


def invitation_create(*, campaign: Campaign, side: str, email: str = "", department: str = "") -> Invitation:
    invitation = Invitation(
        organisation=campaign.organisation, campaign=campaign, side=side, email=email, department=department
    )
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def response_start(*, invitation: Invitation) -> Response:
    """The response behind an invitation, created on first use (idempotent under races)."""
    response, created = Response.objects.get_or_create(
        invitation=invitation,
        defaults={
            "organisation": invitation.organisation,
            "campaign": invitation.campaign,
            "side": invitation.side,
            "department": invitation.department,
        },
    )
    if created and invitation.state == Invitation.State.NEW:
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
    *, response: Response, items: Mapping[str, Item], answers: Mapping[tuple[str, str], str], page: int | None = None
) -> Response:
    """Store validated answers of one page: {(item_code, aspect): "1".."5" | "dk" | "na"}.

    An upsert on (response, item, aspect): two tabs saving the same page at once end with the
    last save's values and never a duplicate row. Answers that were cleared are removed.
    """
    # Lock the response row: a submit from another tab waits for this save, or this save sees
    # the submit and stores nothing.
    if not Response.objects.select_for_update().filter(pk=response.pk, submitted_at__isnull=True).exists():
        raise ApplicationError("This questionnaire has already been submitted.")
    rows = [_answer_row(response, items[code], aspect, raw) for (code, aspect), raw in answers.items() if raw != ""]
    cleared = [(items[code].pk, aspect) for (code, aspect), raw in answers.items() if raw == ""]
    if rows:
        now = timezone.now()
        for row in rows:
            row.created_at = row.updated_at = now
        Answer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["response", "item", "aspect"],
            update_fields=["value", "special", "updated_at"],
        )
    for item_id, aspect in cleared:
        Answer.objects.filter(response=response, item_id=item_id, aspect=aspect).delete()
    if page is not None:
        response_move(response=response, page=page)
    return response


def response_move(*, response: Response, page: int) -> Response:
    """Remember the page the respondent is on, so the link resumes there."""
    if response.current_page != page:
        response.current_page = page
        response.save(update_fields=["current_page", "updated_at"])
    return response


@transaction.atomic
def response_submit(*, response: Response, missing: list[str]) -> bool:
    """Submit a response exactly once. Returns False when it had already been submitted.

    The conditional UPDATE is the guard: of two simultaneous submits only one matches
    `submitted_at IS NULL`; the other changes nothing.
    """
    if missing:
        raise ApplicationError(f"{len(missing)} required answers are missing.", {"missing": missing})
    now = timezone.now()
    updated = Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(
        submitted_at=now, updated_at=now
    )
    if not updated:
        return False
    if response.invitation_id:
        Invitation.objects.filter(pk=response.invitation_id).update(state=Invitation.State.SUBMITTED, updated_at=now)
    response.submitted_at = now
    return True


@transaction.atomic
def response_create_submitted(
    *,
    campaign: Campaign,
    side: str,
    answers: Mapping[tuple[str, str], str],
    department: str = "",
    source: str = Response.Source.IMPORT,
    items: Mapping[str, Item] | None = None,
) -> Response:
    """A complete, submitted response with no invitation (workshops, paper forms, tests).

    `answers` maps (item code, aspect) to "1".."5" | "dk" | "na"; the caller validates them.
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
    return response
