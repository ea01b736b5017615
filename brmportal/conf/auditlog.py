"""The audit log's tracked models (django-auditlog); brmportal.settings imports them."""

from __future__ import annotations

# Audit log (django-auditlog, issue #13): changes to these models are recorded with old and new
# values; exports, imports, link reveals, reports and uploads are recorded by assessments.audit.
# Only the fields named here: never a link token. The models' `get_additional_data` adds their
# organisation, which the workspace's audit page filters on.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "assessments.campaign",
        "include_fields": [
            "name",
            "status",
            "instrument",
            "opens_at",
            "closes_at",
            "anonymity_threshold",
            "departments",
            "practice_form",
            "language",
            "languages",
            "show_summary",
            "exclude_flagged",
            "foreword",
        ],
    },
    {"model": "assessments.openlink", "include_fields": ["side", "active", "cap"]},
    # The organisation's business units (issue #20): names, archiving, and which campaigns cover
    # each (changed from a campaign's settings, so those entries are the campaign's).
    {"model": "assessments.businessunit", "include_fields": ["name", "active"], "m2m_fields": ["campaigns"]},
    {"model": "accounts.membership", "include_fields": ["user", "organisation", "role"]},
    # The workshop's decisions (issue #19): every correction stays on record with who made it.
    {
        "model": "assessments.consensusvalue",
        "include_fields": ["campaign", "code", "aspect", "current", "target", "rationale", "recorded_by"],
    },
    {
        "model": "assessments.consensusmodel",
        "include_fields": ["campaign", "today", "target", "rationale", "recorded_by"],
    },
    # The action plan (issue #19): who changed an action's owner, date, status or prerequisites, and when.
    {
        "model": "assessments.action",
        "include_fields": [
            "campaign",
            "title",
            "description",
            "owner_name",
            "owner_email",
            "due_on",
            "status",
            "done_on",
            "targets",
            "source",
            "created_by",
        ],
        "m2m_fields": ["prerequisites"],
    },
)
