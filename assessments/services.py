"""Writes for instruments, campaigns, invitations and responses."""

from __future__ import annotations

import operator
import re
import smtplib
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import reduce
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from assessments.content import KINDS, bundled_version, read_content
from assessments.models import Answer, Campaign, Instrument, Invitation, Item, OpenLink, Response, Section, Special
from assessments.selectors import invitation_language, invitation_languages, respondent_url
from assessments.snapshots import snapshot_publish
from brmportal.lib.emails import email_build, emails_send
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tokens import token_hash, token_new


@transaction.atomic
def instrument_load(*, content: dict[str, Any] | None = None, organisation: Organisation | None = None) -> Instrument:
    """Load the content files into an Instrument version, idempotently.

    1. Read and validate the content files (or take `content` already read).
    2. If the version exists (bundled with the portal when `organisation` is None, else that
       organisation's own) with the same content hash, return it unchanged.
    3. If it exists with different content and a campaign uses it, refuse: answers would
       silently change meaning. Otherwise rebuild its sections and items.
    """
    content = content or read_content()
    version = content["version"]
    instrument = Instrument.objects.filter(organisation=organisation, version=version).first()
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
        instrument = Instrument(
            organisation=organisation, version=version, content=content, content_hash=content["hash"]
        )
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
    show_summary: bool = True,
    language: str = "en",
    languages: list[str] | None = None,
) -> Campaign:
    _check_instrument(organisation=organisation, instrument=instrument)
    _check_threshold_minimum(anonymity_threshold)
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
        show_summary=show_summary,
        language=language,
        languages=_offered_languages(language, languages),
    )
    campaign.full_clean()
    campaign.save()
    return campaign


def _check_instrument(*, organisation: Organisation, instrument: Instrument) -> None:
    """A campaign uses a version bundled with the portal or one its own organisation uploaded."""
    if instrument.organisation_id is not None and instrument.organisation_id != organisation.pk:
        raise ValidationError({"instrument": _("Choose an instrument version of this organisation.")})


def _check_threshold_minimum(threshold: int) -> None:
    minimum = settings.ANONYMITY_MIN_THRESHOLD
    if threshold < minimum:
        raise ValidationError(
            {"anonymity_threshold": _("The anonymity threshold must be at least %(minimum)s.") % {"minimum": minimum}}
        )


def _offered_languages(language: str, languages: list[str] | None) -> list[str]:
    """The campaign's language first, then the others, each once, in the order of settings."""
    chosen = {language, *(languages or [])}
    return [language, *(code for code, _name in settings.LANGUAGES if code in chosen and code != language)]


def invitation_create(*, campaign: Campaign, side: str, email: str = "", department: str = "") -> Invitation:
    invitation = Invitation(
        organisation=campaign.organisation, campaign=campaign, side=side, email=email, department=department
    )
    invitation.full_clean()
    invitation.save()
    return invitation


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
    *, response: Response, items: Mapping[str, Item], answers: Mapping[tuple[str, str], str], page: int | None = None
) -> Response:
    """Store validated answers of one page: {(item_code, aspect): "1".."5" | "dk" | "na"}.

    An upsert on (response, item, aspect): two tabs saving the same page at once end with the
    last save's values and never a duplicate row. Answers that were cleared are removed.
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
def response_submit(*, response: Response, missing: list[str]) -> bool:
    """Submit a response exactly once. Returns False when it had already been submitted (or
    its claim moved to another browser since it was read).

    The conditional UPDATE is the guard: of two simultaneous submits only one matches
    `submitted_at IS NULL`; the other changes nothing. The same UPDATE unlinks the response
    from its invitation: once submitted, no row ties the answers to an invitation or an
    e-mail address. The invitation keeps the state SUBMITTED, which refuses another response.
    """
    if missing:
        raise ApplicationError(
            ngettext("%(count)s required answer is missing.", "%(count)s required answers are missing.", len(missing))
            % {"count": len(missing)},
            {"missing": missing},
        )
    now = timezone.now()
    updated = Response.objects.filter(pk=response.pk, submitted_at__isnull=True, claim_hash=response.claim_hash).update(
        submitted_at=now, updated_at=now, invitation=None
    )
    if not updated:
        return False
    if response.invitation_id:
        Invitation.objects.filter(pk=response.invitation_id).update(state=Invitation.State.SUBMITTED, updated_at=now)
    response.submitted_at = now
    response.invitation = None
    # In the same transaction: the response is either published with its batch or waits for
    # the next one; it is never in the results alone (assessments.snapshots).
    snapshot_publish(campaign=response.campaign)
    return True


# ---------------------------------------------------------------------------------------------
# Who may read and change a response (issue #13): only the browser that started it.


def invitation_mark_opened(*, invitation: Invitation) -> Invitation:
    """Record the first time the link was opened; from then on the workspace no longer shows it."""
    if invitation.opened_at is None:
        now = timezone.now()
        # Conditional: of two first visits at once only one sets the time.
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now, updated_at=now)
        invitation.opened_at = now
    return invitation


def invitation_resume_send(*, invitation: Invitation) -> Invitation:
    """E-mail the invitation's own address a one-time link that moves its response to the browser
    that opens it (`response_resume`).

    1. A new random key replaces any earlier one; only its SHA-256 and its expiry are stored.
    2. The link goes to the invitation's address and nowhere else, in the respondent's language:
       whoever else holds the personal link cannot take the answers over this way.
    """
    if not invitation.email:
        raise ApplicationError(_("This invitation has no e-mail address."))
    if invitation.state == Invitation.State.SUBMITTED:
        raise ApplicationError(_("This questionnaire has already been submitted."))
    key = token_new()
    minutes = settings.RESUME_LINK_MINUTES
    invitation.resume_hash = token_hash(key)
    invitation.resume_expires_at = timezone.now() + timedelta(minutes=minutes)
    invitation.save(update_fields=["resume_hash", "resume_expires_at", "updated_at"])
    campaign = invitation.campaign
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "url": settings.SITE_URL + reverse("respondent:resume", args=[invitation.token, key]),
        "minutes": minutes,
    }
    language = invitation_language(invitation=invitation)
    _send([email_build(name="resume", to=invitation.email, context=context, language=language)])
    return invitation


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
    if publish:
        snapshot_publish(campaign=campaign)
    return response


# ---------------------------------------------------------------------------------------------
# The BRM and consultant workspace (issue #5)


def instrument_create(*, content: dict[str, Any], organisation: Organisation) -> Instrument:
    """Add an organisation's own instrument version from prepared content (`content_prepare`).

    Only `organisation` sees and uses it. A version is never replaced, even an unused one (a
    campaign form may be open on it), and an upload cannot take a version string of the
    versions bundled with the portal: "2026.2" must mean the same questionnaire everywhere.
    Another organisation may upload the same version string.
    """
    version = content["version"]
    bundled = version == bundled_version() or Instrument.objects.filter(organisation=None, version=version).exists()
    if bundled:
        raise ApplicationError(
            _(
                "Instrument version %(version)s is a version bundled with the portal: give the file a new "
                "version (overview.version)."
            )
            % {"version": version}
        )
    if Instrument.objects.filter(organisation=organisation, version=version).exists():
        raise ApplicationError(
            _("Instrument version %(version)s already exists: give the file a new version (overview.version).")
            % {"version": version}
        )
    try:
        return instrument_load(content=content, organisation=organisation)
    except (KeyError, TypeError, AttributeError) as exc:
        # validate_content checks the fields the portal relies on; anything else malformed in an
        # upload surfaces here, after instrument_load's transaction has rolled back.
        raise ApplicationError(
            _("The instrument content has an unexpected shape (near %(detail)s).") % {"detail": exc}
        ) from exc


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    name: str,
    instrument: Instrument,
    opens_at: datetime | None,
    closes_at: datetime | None,
    anonymity_threshold: int,
    departments: list[str],
    practice_form: str,
    show_summary: bool,
    language: str = "en",
    languages: list[str] | None = None,
) -> Campaign:
    """Change a campaign's settings.

    The instrument and BiSL form are fixed once anyone has answered (started or submitted), and
    the anonymity threshold may then only go up: lowering it would reveal groups that
    respondents were told would stay hidden. It is never below ANONYMITY_MIN_THRESHOLD.
    """
    _check_instrument(organisation=campaign.organisation, instrument=instrument)
    _check_threshold_minimum(anonymity_threshold)
    # The stored threshold, under a lock: not the caller's copy, which may be stale.
    stored = Campaign.objects.select_for_update().values_list("anonymity_threshold", flat=True).get(pk=campaign.pk)
    answered = Response.objects.filter(campaign=campaign).exists()
    if answered and anonymity_threshold < stored:
        raise ValidationError(
            {
                "anonymity_threshold": _(
                    "The anonymity threshold cannot be lowered once respondents have answered "
                    "(it is %(threshold)s; it may only go up)."
                )
                % {"threshold": stored}
            }
        )
    locked = campaign.instrument_id != instrument.pk or campaign.practice_form != practice_form
    if locked and answered:
        raise ApplicationError(
            _(
                "The instrument version and BiSL form cannot change once respondents have answered: "
                "duplicate the campaign as a new round instead."
            )
        )
    campaign.name = name
    campaign.instrument = instrument
    campaign.opens_at = opens_at
    campaign.closes_at = closes_at
    campaign.anonymity_threshold = anonymity_threshold
    campaign.departments = departments
    campaign.practice_form = practice_form
    campaign.show_summary = show_summary
    campaign.language = language
    campaign.languages = _offered_languages(language, languages)
    campaign.full_clean()
    campaign.save()
    return campaign


def campaign_open(*, campaign: Campaign) -> Campaign:
    """Open a draft campaign, or reopen a closed one whose close date has not passed."""
    if campaign.status == Campaign.Status.OPEN:
        raise ApplicationError(_("“%(campaign)s” is already open.") % {"campaign": campaign.name})
    if campaign.closes_at and campaign.closes_at <= timezone.now():
        raise ApplicationError(
            _("“%(campaign)s” cannot open: its close date has passed. Change the close date first.")
            % {"campaign": campaign.name}
        )
    campaign.status = Campaign.Status.OPEN
    campaign.full_clean()
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    """Stop accepting answers now; links then show the "closed" page. Answers already given stay."""
    if campaign.status == Campaign.Status.CLOSED:
        raise ApplicationError(_("“%(campaign)s” is already closed.") % {"campaign": campaign.name})
    campaign.status = Campaign.Status.CLOSED
    campaign.full_clean()
    campaign.save(update_fields=["status", "updated_at"])
    # Everything submitted is published at close (docs/scoring.md, Published snapshot).
    snapshot_publish(campaign=campaign, final=True)
    return campaign


_ROUND_RE = re.compile(r"^(?P<base>.*) \(round (?P<number>\d+)\)$")


def campaign_duplicate(*, campaign: Campaign, created_by: AbstractBaseUser | None = None) -> Campaign:
    """A new draft round of `campaign`: same instrument version and settings, departments included.

    Dates, invitations, open links and responses are not copied. The name is "<name> (round N)"
    with N one more than the highest round of that name in the organisation; the first campaign
    of a name counts as round 1. The same instrument version keeps the rounds comparable.
    """
    match = _ROUND_RE.match(campaign.name)
    base = match["base"] if match else campaign.name
    rounds = [1]
    for name in Campaign.objects.filter(organisation=campaign.organisation, name__startswith=base).values_list(
        "name", flat=True
    ):
        other = _ROUND_RE.match(name)
        if other and other["base"] == base:
            rounds.append(int(other["number"]))
    suffix = f" (round {max(rounds) + 1})"
    max_length = Campaign._meta.get_field("name").max_length or 200
    return campaign_create(
        organisation=campaign.organisation,
        instrument=campaign.instrument,
        name=base[: max_length - len(suffix)] + suffix,
        # A round of an older campaign may have had a lower threshold than is allowed now.
        anonymity_threshold=max(campaign.anonymity_threshold, settings.ANONYMITY_MIN_THRESHOLD),
        departments=list(campaign.departments or []),
        practice_form=campaign.practice_form,
        show_summary=campaign.show_summary,
        language=campaign.language,
        languages=list(campaign.languages or []),
        created_by=created_by,
    )


@transaction.atomic
def invitations_create_bulk(*, campaign: Campaign, rows: Iterable[Mapping[str, str]]) -> list[Invitation]:
    """Invite each row ({"email", "side", "department"}); addresses already invited are skipped.

    1. Lock the campaign row, so two confirmations of the same list cannot both pass step 2.
    2. Skip rows whose address is already invited (or repeated in `rows`), case-insensitively.
    3. Validate the rest (side, department of the campaign, e-mail) and insert them at once;
       one invalid row raises ValidationError and nothing is stored.
    """
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    taken = {
        email.lower()
        for email in Invitation.objects.filter(campaign=campaign).exclude(email="").values_list("email", flat=True)
    }
    departments = set(campaign.departments or [])
    invitations: list[Invitation] = []
    for row in rows:
        email = (row.get("email") or "").strip().lower()
        if email and email in taken:
            continue
        department = (row.get("department") or "").strip()
        if department and departments and department not in departments:
            raise ValidationError(
                {
                    "department": _("%(department)s is not one of the campaign's departments.")
                    % {"department": repr(department)}
                }
            )
        invitation = Invitation(
            organisation=campaign.organisation,
            campaign=campaign,
            side=row.get("side", ""),
            email=email,
            department=department,
        )
        # Uniqueness is settled above under the lock (addresses) or by construction (256-bit
        # tokens); checking it per row again would cost two queries per address.
        invitation.full_clean(validate_unique=False, validate_constraints=False)
        if email:
            taken.add(email)
        invitations.append(invitation)
    return Invitation.objects.bulk_create(invitations)


def _check_can_send(campaign: Campaign) -> None:
    if campaign.availability() == "closed":
        raise ApplicationError(
            _("“%(campaign)s” is closed: no invitations or reminders can be sent.") % {"campaign": campaign.name}
        )
    if campaign.status != Campaign.Status.OPEN:
        raise ApplicationError(
            _("Open “%(campaign)s” before sending e-mails: its links do not work yet.") % {"campaign": campaign.name}
        )


def _invitation_email(invitation: Invitation, kind: str, reply_to: str, language: str) -> EmailMultiAlternatives:
    campaign = invitation.campaign
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "invitation": invitation,
        "url": respondent_url(token=invitation.token),
    }
    return email_build(
        name=f"{kind}-{invitation.side}",
        to=invitation.email,
        context=context,
        reply_to=reply_to,
        language=language,
    )


def _send(messages: list[EmailMultiAlternatives]) -> int:
    try:
        return emails_send(messages)
    except (OSError, smtplib.SMTPException) as exc:
        raise ApplicationError(
            _("The e-mail server refused the message(s): %(error)s. Try again later.") % {"error": exc}
        ) from exc


def invitations_send(*, campaign: Campaign, invitations: Iterable[Invitation], reply_to: str = "") -> int:
    """E-mail the invitation (personal link, per-side wording) to each invitation with an address.

    Returns how many e-mails were sent. Sending again is allowed: it repeats the same link.
    """
    _check_can_send(campaign)
    invitations = [i for i in invitations if i.email and i.campaign_id == campaign.pk]
    languages = invitation_languages(campaign=campaign, invitations=invitations)
    sent = _send([_invitation_email(i, "invitation", reply_to, languages[i.pk]) for i in invitations])
    _mark_emailed(invitations)
    return sent


def _mark_emailed(invitations: list[Invitation]) -> None:
    """Once e-mailed, a link is presumed to be in its respondent's hands: the workspace stops
    showing it (Invitation.link_visible). Only after the server took the messages."""
    now = timezone.now()
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(emailed_at=now, updated_at=now)
    for invitation in invitations:
        invitation.emailed_at = now


def invitation_send(*, invitation: Invitation, reply_to: str = "") -> Invitation:
    if not invitation.email:
        raise ApplicationError(_("This invitation has no e-mail address: copy its link instead."))
    if invitation.state == Invitation.State.SUBMITTED:
        raise ApplicationError(_("%(email)s has already submitted their answers.") % {"email": invitation.email})
    invitations_send(campaign=invitation.campaign, invitations=[invitation], reply_to=reply_to)
    return invitation


def invitations_remind(*, campaign: Campaign, reply_to: str = "") -> int:
    """E-mail a reminder to every invitee who has an address and has not submitted; returns the count."""
    _check_can_send(campaign)
    pending = (
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .exclude(email="")
        .exclude(state=Invitation.State.SUBMITTED)
        .select_related("campaign", "campaign__organisation")
        .order_by("pk")
    )
    pending_list = list(pending)
    languages = invitation_languages(campaign=campaign, invitations=pending_list)
    sent = _send([_invitation_email(i, "reminder", reply_to, languages[i.pk]) for i in pending_list])
    _mark_emailed(pending_list)
    return sent


def open_link_set_active(*, campaign: Campaign, side: str, active: bool) -> OpenLink:
    """Switch the campaign's open link for `side` on or off, creating it on first use."""
    link = OpenLink.objects.filter(campaign=campaign, side=side).first()
    if link is None:
        link = OpenLink(organisation=campaign.organisation, campaign=campaign, side=side, active=active)
        link.full_clean()
        link.save()
    elif link.active != active:
        link.active = active
        link.save(update_fields=["active", "updated_at"])
    return link


MAX_OPEN_LINK_CAP = 10000


def open_link_update(*, campaign: Campaign, side: str, cap: int) -> OpenLink:
    """Set how many respondents the campaign's open link for `side` may start (1..10,000),
    creating the link switched off on first use."""
    if not 1 <= cap <= MAX_OPEN_LINK_CAP:
        raise ValidationError(
            {
                "cap": _("The limit must be between 1 and %(max)s.")
                % {"max": number_format(MAX_OPEN_LINK_CAP, force_grouping=True)}
            }
        )
    link = OpenLink.objects.filter(campaign=campaign, side=side).first()
    if link is None:
        link = OpenLink(organisation=campaign.organisation, campaign=campaign, side=side, active=False, cap=cap)
        link.full_clean()
        link.save()
    elif link.cap != cap:
        link.cap = cap
        link.full_clean()
        # A plain save(): django-auditlog records the old and new cap.
        link.save(update_fields=["cap", "updated_at"])
    return link


class OpenLinkFull(ApplicationError):
    """The open link has started as many respondents as its cap allows."""


@transaction.atomic
def open_link_invitation_create(*, open_link: OpenLink) -> Invitation:
    """A fresh invitation of the open link's side: each visitor gets their own resumable link.

    At most `open_link.cap` invitations are ever started through one link (OpenLinkFull after
    that). The link's row is locked while counting, so concurrent starts cannot pass the cap.
    """
    link = OpenLink.objects.select_for_update().get(pk=open_link.pk)
    if not link.active:
        raise ApplicationError(_("This link has been switched off."))
    if Invitation.objects.filter(open_link=link).count() >= link.cap:
        raise OpenLinkFull(_("This link has reached the number of respondents it was set up for."))
    invitation = Invitation(
        organisation_id=link.organisation_id, campaign=open_link.campaign, side=link.side, open_link=link
    )
    invitation.full_clean()
    invitation.save()
    return invitation
