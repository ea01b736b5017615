"""The audit log (issue #13): who took data out, brought data in, revealed a link or changed a
campaign's settings, and when.

Changes to Campaign, OpenLink and Membership are recorded by django-auditlog itself (registered
in settings.AUDITLOG_INCLUDE_TRACKING_MODELS, with old and new values). Everything else worth
knowing is an explicit entry written here, by `audit_record`, from exactly one place per event.

Every entry carries its organisation (and campaign, when there is one) in `additional_data`, so
the workspace's audit page lists an organisation's entries with one filter, and entries outlive
the campaign they are about. Entries never hold answers, and never a respondent's address next
to anything they answered: they say what was done, by whom, to which campaign.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation


class AuditEvent(models.TextChoices):
    EXPORT = "export", _("Exported data")
    ANSWERS_IMPORT = "answers_import", _("Imported answers")
    INVITATIONS_IMPORT = "invitations_import", _("Added respondents")
    LINK_REVEAL = "link_reveal", _("Revealed a personal link")
    REPORT_REQUEST = "report_request", _("Requested a PDF report")
    REPORT_DOWNLOAD = "report_download", _("Downloaded a PDF report")
    INSTRUMENT_UPLOAD = "instrument_upload", _("Uploaded an instrument version")
    # Issue #15 (personal data): entries that hold counts only, never what was erased or deleted.
    PERSONAL_DATA_ERASE = "personal_data_erase", _("Erased respondents' e-mail addresses")
    CAMPAIGN_DELETE = "campaign_delete", _("Deleted a campaign and its personal data")
    ORGANISATION_DELETE = "organisation_delete", _("Deleted the organisation and its personal data")
    # Issue #15: API tokens, wherever they are made or revoked (workspace, admin, command).
    API_TOKEN_CREATE = "api_token_create", _("Created an API token")
    API_TOKEN_REVOKE = "api_token_revoke", _("Revoked an API token")
    # Issue #17: a respondent's comment hidden from the results, or shown again (counted either way).
    COMMENT_HIDE = "comment_hide", _("Hid a comment")
    COMMENT_UNHIDE = "comment_unhide", _("Showed a hidden comment again")
    # Issue #18: the consultancy name and logo on the organisation's reports.
    BRANDING_CHANGE = "branding_change", _("Changed the reports' consultancy name or logo")
    # Issue #20: the organisation takes part in the benchmark across organisations, or stops.
    BENCHMARK_CHANGE = "benchmark_change", _("Changed whether the organisation takes part in the benchmark")


# Reads are ACCESS entries; events that add data are CREATE entries.
_ACTIONS = {
    AuditEvent.EXPORT: LogEntry.Action.ACCESS,
    AuditEvent.LINK_REVEAL: LogEntry.Action.ACCESS,
    AuditEvent.REPORT_DOWNLOAD: LogEntry.Action.ACCESS,
    AuditEvent.ANSWERS_IMPORT: LogEntry.Action.CREATE,
    AuditEvent.INVITATIONS_IMPORT: LogEntry.Action.CREATE,
    AuditEvent.REPORT_REQUEST: LogEntry.Action.CREATE,
    AuditEvent.INSTRUMENT_UPLOAD: LogEntry.Action.CREATE,
    AuditEvent.PERSONAL_DATA_ERASE: LogEntry.Action.UPDATE,
    AuditEvent.CAMPAIGN_DELETE: LogEntry.Action.DELETE,
    AuditEvent.ORGANISATION_DELETE: LogEntry.Action.DELETE,
    AuditEvent.API_TOKEN_CREATE: LogEntry.Action.CREATE,
    AuditEvent.API_TOKEN_REVOKE: LogEntry.Action.UPDATE,
    AuditEvent.COMMENT_HIDE: LogEntry.Action.UPDATE,
    AuditEvent.COMMENT_UNHIDE: LogEntry.Action.UPDATE,
    AuditEvent.BRANDING_CHANGE: LogEntry.Action.UPDATE,
    AuditEvent.BENCHMARK_CHANGE: LogEntry.Action.UPDATE,
}

# What django-auditlog's own entries (registered models) are called on the audit page.
_CHANGES = {
    ("campaign", LogEntry.Action.CREATE): pgettext_lazy("audit", "Created the campaign"),
    ("campaign", LogEntry.Action.UPDATE): pgettext_lazy("audit", "Changed the campaign"),
    ("campaign", LogEntry.Action.DELETE): pgettext_lazy("audit", "Deleted the campaign"),
    ("openlink", LogEntry.Action.CREATE): pgettext_lazy("audit", "Created an open link"),
    ("openlink", LogEntry.Action.UPDATE): pgettext_lazy("audit", "Changed an open link"),
    ("openlink", LogEntry.Action.DELETE): pgettext_lazy("audit", "Deleted an open link"),
    ("membership", LogEntry.Action.CREATE): pgettext_lazy("audit", "Added a member"),
    ("membership", LogEntry.Action.UPDATE): pgettext_lazy("audit", "Changed a member's role"),
    ("membership", LogEntry.Action.DELETE): pgettext_lazy("audit", "Removed a member"),
    ("consensusvalue", LogEntry.Action.CREATE): pgettext_lazy("audit", "Recorded a consensus value"),
    ("consensusvalue", LogEntry.Action.UPDATE): pgettext_lazy("audit", "Changed a consensus value"),
    ("consensusvalue", LogEntry.Action.DELETE): pgettext_lazy("audit", "Deleted a consensus value"),
    ("consensusmodel", LogEntry.Action.CREATE): pgettext_lazy("audit", "Recorded the agreed relationship models"),
    ("consensusmodel", LogEntry.Action.UPDATE): pgettext_lazy("audit", "Changed the agreed relationship models"),
    ("consensusmodel", LogEntry.Action.DELETE): pgettext_lazy("audit", "Deleted the agreed relationship models"),
    ("action", LogEntry.Action.CREATE): pgettext_lazy("audit", "Planned an action"),
    ("action", LogEntry.Action.UPDATE): pgettext_lazy("audit", "Changed an action"),
    ("action", LogEntry.Action.DELETE): pgettext_lazy("audit", "Deleted an action"),
    ("businessunit", LogEntry.Action.CREATE): pgettext_lazy("audit", "Added a business unit"),
    ("businessunit", LogEntry.Action.UPDATE): pgettext_lazy("audit", "Changed a business unit"),
    ("businessunit", LogEntry.Action.DELETE): pgettext_lazy("audit", "Deleted a business unit"),
}


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    organisation: Organisation,
    action: str,
    target: models.Model,
    details: Mapping[str, Any] | None = None,
) -> LogEntry:
    """Write one explicit audit entry about `target` (a Campaign, or the Organisation itself).

    `action` is an AuditEvent; `details` are small facts about it (format, kind, counts, ids),
    never answers and never e-mail addresses. `actor` None (or anonymous) is a command run on
    the server.
    """
    event = AuditEvent(action)
    campaign_id = target.pk if target._meta.model_name == "campaign" else None
    data = {
        **dict(details or {}),
        "event": event.value,
        "organisation": organisation.pk,
        "campaign": campaign_id,
    }
    user = actor if actor is not None and actor.is_authenticated else None
    return LogEntry.objects.log_create(
        target,
        force_log=True,
        action=_ACTIONS[event],
        actor=user,
        actor_email=getattr(user, "email", None) or None,
        additional_data=data,
    )


def audit_entries(*, organisation: Organisation) -> QuerySet[LogEntry]:
    """The organisation's audit entries, newest first, with their actor (one query a page)."""
    return (
        LogEntry.objects.filter(additional_data__organisation=organisation.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def audit_entry_label(entry: LogEntry) -> str:
    """What happened, in the reader's language."""
    data = entry.additional_data or {}
    event = data.get("event")
    if event in AuditEvent.values:
        return str(AuditEvent(event).label)
    label = _CHANGES.get((entry.content_type.model, entry.action))
    return str(label) if label else entry.get_action_display()


# Foreign keys in recorded changes are stored as ids; the page shows what they name, looked up
# for a whole page at once (`audit_related_names`). The organisation is the page's own: left out.
_RELATED = {"user": ("auth", "user", "username"), "instrument": ("assessments", "instrument", "version")}
_HIDDEN_FIELDS = {"organisation"}


def audit_related_names(entries: list[LogEntry]) -> dict[tuple[str, str], str]:
    """{(field, id): name} for the users and instrument versions the entries' changes name:
    one query per kind, whatever the number of entries."""
    wanted: dict[str, set[str]] = {field: set() for field in _RELATED}
    for entry in entries:
        for field, values in (entry.changes_dict if entry.changes else {}).items():
            if field in wanted and isinstance(values, list | tuple):
                wanted[field].update(str(v) for v in values if v not in (None, "None", ""))
    names: dict[tuple[str, str], str] = {}
    for field, ids in wanted.items():
        if not ids:
            continue
        app, model, attribute = _RELATED[field]
        pks = [int(pk) for pk in ids if pk.isdigit()]
        for pk, name in apps.get_model(app, model).objects.filter(pk__in=pks).values_list("pk", attribute):
            names[(field, str(pk))] = str(name)
    return names


def _shown(entry: LogEntry, field: str, value: Any, names: Mapping[tuple[str, str], str]) -> str:
    if value in (None, "None", ""):
        return "–"
    if (field, str(value)) in names:
        return names[(field, str(value))]
    model = entry.content_type.model_class()
    try:
        choices = dict(model._meta.get_field(field).flatchoices) if model else {}
    except FieldDoesNotExist:  # a field removed since the entry was written
        choices = {}
    return str(choices.get(value, value))


def _field_name(entry: LogEntry, field: str) -> str:
    model = entry.content_type.model_class()
    try:
        return str(model._meta.get_field(field).verbose_name) if model else field
    except FieldDoesNotExist:  # a field removed since the entry was written
        pass
    # A many-to-many change recorded from the other side (a campaign's business units are
    # BusinessUnit.campaigns): named after the rows it lists.
    for relation in model._meta.related_objects if model else ():
        if relation.many_to_many and relation.field.name == field:
            return str(relation.related_model._meta.verbose_name_plural)
    return field


def audit_entry_details(entry: LogEntry, names: Mapping[tuple[str, str], str] | None = None) -> list[tuple[str, str]]:
    """(name, value) pairs to show beside an entry: the changed fields (old -> new, or only the
    value for a creation), or the explicit entry's details. `names` from `audit_related_names`."""
    names = names or {}
    data = entry.additional_data or {}
    if data.get("event"):
        hidden = {"event", "organisation", "campaign"}
        return [(str(key), str(value)) for key, value in data.items() if key not in hidden and value not in ("", None)]
    changes = entry.changes_dict if entry.changes else {}
    rows = []
    for field, values in changes.items():
        if isinstance(values, dict) and values.get("type") == "m2m":
            # Related rows added or removed (a campaign's business units): "+ Finance, Sales".
            sign = "+" if values.get("operation") == "add" else "−"
            rows.append((_field_name(entry, field), f"{sign} {', '.join(map(str, values.get('objects', [])))}"))
            continue
        if field in _HIDDEN_FIELDS or not (isinstance(values, list | tuple) and len(values) == 2):
            continue
        old, new = (_shown(entry, field, value, names) for value in values)
        value = new if entry.action == LogEntry.Action.CREATE else f"{old} → {new}"
        rows.append((_field_name(entry, field), value))
    return rows
