"""How an organisation's reports are signed (issue #18): the consultancy's name and logo.

The row is written by `accounts.services.branding_update` (accounts imports no domain app);
this service adds the audit entry, as `privacy.organisation_delete` does for a deletion.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import User
from django.db import transaction

from accounts.logos import PreparedLogo
from accounts.models import Branding, Organisation
from accounts.selectors import branding_get
from accounts.services import branding_update
from assessments.audit import AuditEvent, audit_record


@transaction.atomic
def organisation_branding_update(
    *,
    organisation: Organisation,
    actor: User | None,
    consultancy_name: str,
    logo: PreparedLogo | None = None,
    remove_logo: bool = False,
) -> Branding:
    """Change the consultancy name and logo and record what changed (no entry when nothing did).

    The entry names the old and new consultancy name and, for a new logo, its size and the
    first characters of its SHA-256: enough to tell which logo a report carried, never the image.
    """
    before = branding_get(organisation=organisation)
    old_name = before.consultancy_name if before else ""
    had_logo = bool(before and before.has_logo)
    branding = branding_update(
        organisation=organisation, consultancy_name=consultancy_name, logo=logo, remove_logo=remove_logo
    )
    details: dict[str, str] = {}
    if branding.consultancy_name != old_name:
        details["consultancy_name"] = f"{old_name or '–'} → {branding.consultancy_name or '–'}"
    if logo is not None:
        digest = hashlib.sha256(logo.png).hexdigest()[:12]
        details["logo"] = f"{logo.width}×{logo.height} px, sha256 {digest}"
    elif remove_logo and had_logo:
        details["logo"] = "removed"
    if details:
        audit_record(
            actor=actor,
            organisation=organisation,
            action=AuditEvent.BRANDING_CHANGE,
            target=organisation,
            details=details,
        )
    return branding
