"""Writes for campaigns: create, change, open, close, duplicate as a new round."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from assessments.models import Campaign, Instrument, Response
from assessments.services.partners import campaign_partners_set
from assessments.services.snapshots import snapshot_publish
from brmportal.lib.exceptions import ApplicationError


@transaction.atomic
def campaign_create(
    *,
    organisation: Organisation,
    instrument: Instrument,
    name: str,
    status: str = Campaign.Status.DRAFT,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    anonymity_threshold: int = 3,
    departments: list[str] | None = None,
    practice_form: str = Campaign.PracticeForm.SHORT,
    created_by: User | None = None,
    show_summary: bool = True,
    language: str = "en",
    languages: list[str] | None = None,
    contact_name: str = "",
    contact_email: str = "",
    foreword: str = "",
    next_measurement_on: date | None = None,
    you_said_we_did: str = "",
    partners: list[int] | None = None,
) -> Campaign:
    """A new campaign; `partners`: the ids of the business units it covers (issue #20)."""
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
        contact_name=contact_name,
        contact_email=contact_email,
        foreword=foreword,
        next_measurement_on=next_measurement_on,
        you_said_we_did=you_said_we_did,
    )
    campaign.full_clean()
    campaign.save()
    if partners:
        campaign_partners_set(campaign=campaign, partner_ids=partners)
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
    contact_name: str = "",
    contact_email: str = "",
    exclude_flagged: bool | None = None,
    foreword: str | None = None,
    next_measurement_on: date | None = None,
    you_said_we_did: str | None = None,
    partners: list[int] | None = None,
) -> Campaign:
    """Change a campaign's settings (`exclude_flagged`, `foreword`, `you_said_we_did`, `partners`
    None: left as they are; `next_measurement_on` None: no planned date, the executive page proposes one).

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
    campaign.contact_name = contact_name
    campaign.contact_email = contact_email
    if exclude_flagged is not None:
        campaign.exclude_flagged = exclude_flagged
    if foreword is not None:
        campaign.foreword = foreword
    if you_said_we_did is not None:
        campaign.you_said_we_did = you_said_we_did
    campaign.next_measurement_on = next_measurement_on
    campaign.full_clean()
    campaign.save()
    if partners is not None:
        # Under the campaign row's lock taken above (assessments.services.partners).
        campaign_partners_set(campaign=campaign, partner_ids=partners)
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
    campaign.closed_at = None
    campaign.full_clean()
    campaign.save(update_fields=["status", "closed_at", "updated_at"])
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    """Stop accepting answers now; links then show the "closed" page. Answers already given stay."""
    if campaign.status == Campaign.Status.CLOSED:
        raise ApplicationError(_("“%(campaign)s” is already closed.") % {"campaign": campaign.name})
    now = timezone.now()
    campaign.status = Campaign.Status.CLOSED
    # When it actually stopped taking answers: its close date, if that passed first.
    campaign.closed_at = min(now, campaign.closes_at) if campaign.closes_at else now
    campaign.full_clean()
    campaign.save(update_fields=["status", "closed_at", "updated_at"])
    # Everything submitted is published at close (docs/scoring.md, Published snapshot).
    snapshot_publish(campaign=campaign, final=True)
    return campaign


_ROUND_RE = re.compile(r"^(?P<base>.*) \(round (?P<number>\d+)\)$")


def campaign_duplicate(*, campaign: Campaign, created_by: User | None = None) -> Campaign:
    """A new draft round of `campaign`: same instrument version and settings, departments included.

    Dates, invitations, open links and responses are not copied; the business units it covers
    are, except archived ones (issue #20). The name is "<name> (round N)"
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
        contact_name=campaign.contact_name,
        contact_email=campaign.contact_email,
        created_by=created_by,
        partners=list(campaign.partners.filter(active=True).values_list("pk", flat=True)),
    )
