"""Personal data kept only as long as it is needed (GDPR storage limitation and erasure, issue #15).

Respondents' e-mail addresses are needed to invite, remind and resume while a campaign runs, not
after. `personal_data_erase_due` (a daily Celery beat task) erases them PERSONAL_DATA_RETENTION_DAYS
after the campaign closed. It changes no score and no count: the invitations stay (side, department,
state: what the response counts are made of), and answers, responses and the published snapshot are
not touched. An organisation admin can also delete a campaign (`campaign_delete`) or the whole
organisation (`organisation_delete`) with everything in it, files included.

The audit entries these write hold counts, never what was erased or deleted; django-auditlog's own
entries for the deleted rows (which would copy their fields) are switched off while deleting.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.services import organisation_delete as organisation_rows_delete
from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign, Invitation
from assessments.outbox import EmailStatus, OutgoingEmail
from assessments.selectors.privacy import HOLDS_PERSONAL_DATA, campaigns_personal_data_due
from brmportal.lib.deletion import delete_with_files
from brmportal.lib.exceptions import ApplicationError

# Blanked on erasure: the address and what reaches it (the one-time resume link's hash), and in
# the invitation's outbox row the message and the mail server's last words (they may quote it).
_ERASED_FIELDS = {"email": "", "resume_hash": "", "resume_expires_at": None}
_ERASED_MAIL = {"to": "", "reply_to": "", "subject": "", "text": "", "html": ""}


def _admin_log_scrub(invitations: QuerySet[Invitation]) -> None:
    """Django admin's history names an edited invitation by its `str()`, which holds the address:
    rename those entries "invitation <id>" (one UPDATE)."""
    content_type = ContentType.objects.get_for_model(Invitation)
    AdminLogEntry.objects.filter(
        content_type=content_type,
        object_id__in=invitations.annotate(key=Cast("pk", CharField())).values("key"),
    ).update(object_repr=Concat(Value("invitation "), F("object_id")))


@transaction.atomic
def campaign_personal_data_erase(*, campaign: Campaign, now: datetime | None = None) -> int:
    """Erase the e-mail addresses (and resume links) of the campaign's invitations; how many
    invitations held any. Safe to run twice: the second run finds nothing and records nothing.

    1. Lock the campaign row, so two runs (two beat schedulers, a retry) take turns.
    2. Blank the fields (one UPDATE for the invitations, two for their outbox rows); rename admin
       history entries that named an address.
    3. Stamp `personal_data_erased_at` (an UPDATE: the settings' `updated_at` stays as it was) and
       write an audit entry with the count.
    """
    now = now or timezone.now()
    list(Campaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk", flat=True))
    holding = Invitation.objects.filter(HOLDS_PERSONAL_DATA, organisation=campaign.organisation, campaign=campaign)
    _admin_log_scrub(holding)
    mails = OutgoingEmail.objects.filter(invitation__in=holding)
    mails.update(**_ERASED_MAIL, updated_at=now)
    # A cancelled row's `error` is a code of ours ("closed", "submitted"), not the server's words.
    mails.exclude(status=EmailStatus.CANCELLED).exclude(error="").update(error="")
    erased = holding.update(**_ERASED_FIELDS, updated_at=now)
    if not erased:
        return 0
    Campaign.objects.filter(pk=campaign.pk).update(personal_data_erased_at=now)
    campaign.personal_data_erased_at = now
    audit_record(
        actor=None,
        organisation=campaign.organisation,
        action=AuditEvent.PERSONAL_DATA_ERASE,
        target=campaign,
        details={"invitations": erased, "retention days": settings.PERSONAL_DATA_RETENTION_DAYS},
    )
    return erased


def personal_data_erase_due(*, now: datetime | None = None) -> dict[int, int]:
    """Erase the addresses of every campaign closed PERSONAL_DATA_RETENTION_DAYS ago or longer:
    {campaign id: invitations erased}. One transaction per campaign, so one failure keeps the others."""
    now = now or timezone.now()
    done: dict[int, int] = {}
    for campaign in campaigns_personal_data_due(now=now):
        done[campaign.pk] = campaign_personal_data_erase(campaign=campaign, now=now)
    return done


def _complete(entry: LogEntry, *, addresses: int, counts: dict[str, int]) -> None:
    """Add what was deleted to the entry, as counts by kind ({"invitations": n}, in English like
    every stored entry); and no copy of the actor's address, so once their account is gone the
    entry holds nothing personal."""
    with translation.override("en"):
        labelled = {
            str(apps.get_model(label)._meta.verbose_name_plural): count
            for label, count in sorted(counts.items())
            if label not in {"auditlog.LogEntry", "admin.LogEntry"}
        }
    entry.additional_data = {**entry.additional_data, "e-mail addresses": addresses, **labelled}
    entry.actor_email = None
    entry.save(update_fields=["additional_data", "actor_email"])


@transaction.atomic
def campaign_delete(*, campaign: Campaign, actor: User) -> dict[str, int]:
    """Delete the campaign and everything in it: invitations with their addresses, responses and
    answers, open links, the published snapshot, reports and their PDF files (after the commit);
    rows deleted per kind.

    1. Lock the campaign row (a second request waits, then finds it gone).
    2. Write the audit entry first, while the campaign still has its id and name.
    3. Delete, with django-auditlog's automatic entries off: they would copy the deleted fields.
    4. Complete the entry with what was actually deleted.
    """
    locked = Campaign.objects.select_for_update().filter(pk=campaign.pk, organisation=campaign.organisation).first()
    if locked is None:
        raise ApplicationError(_("“%(name)s” has already been deleted.") % {"name": campaign.name})
    addresses = Invitation.objects.filter(campaign=locked).exclude(email="").count()
    entry = audit_record(
        actor=actor,
        organisation=locked.organisation,
        action=AuditEvent.CAMPAIGN_DELETE,
        target=locked,
        details={"name": locked.name},
    )
    _admin_log_scrub(Invitation.objects.filter(campaign=locked))
    with disable_auditlog():
        counts = delete_with_files([locked])
    _complete(entry, addresses=addresses, counts=counts)
    return counts


@transaction.atomic
def organisation_delete(*, organisation: Organisation, actor: User) -> dict[str, int]:
    """Delete the organisation with all its data: every campaign (as `campaign_delete`), uploaded
    instrument versions, API tokens, memberships, the accounts that belonged to it alone (not the
    admin deleting it), and its audit log; rows deleted per kind.

    One audit entry stays, about the deletion itself: who did it, when, and the counts (readable in
    Django's admin, as the organisation's own log page is gone with it).
    1. Lock the organisation row.
    2. Delete the campaigns first: their answers and settings PROTECT the instrument versions
       they use, which the organisation's own cascade then deletes.
    3. Delete the organisation (accounts.services), then its audit entries but this one.
    """
    locked = Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if locked is None:
        raise ApplicationError(_("“%(name)s” has already been deleted.") % {"name": organisation.name})
    addresses = Invitation.objects.filter(organisation=locked).exclude(email="").count()
    entry = audit_record(
        actor=actor,
        organisation=locked,
        action=AuditEvent.ORGANISATION_DELETE,
        target=locked,
        details={"name": locked.name},
    )
    _admin_log_scrub(Invitation.objects.filter(organisation=locked))
    counts: Counter[str] = Counter()
    with disable_auditlog():
        counts.update(delete_with_files(Campaign.objects.filter(organisation=locked)))
        counts.update(organisation_rows_delete(organisation=locked, keep=actor))
    LogEntry.objects.filter(additional_data__organisation=organisation.pk).exclude(pk=entry.pk).delete()
    _complete(entry, addresses=addresses, counts=dict(counts))
    return dict(counts)
