"""Writes for tenants: deleting an organisation with everything that belongs to it (issue #15),
and how its reports are signed (consultancy name and logo, issue #18).

This app imports no domain app: the cascade (campaigns, answers, reports, tokens...) follows the
foreign keys every tenant-owned model has to its organisation. The caller
(`assessments.services.privacy.organisation_delete`) deletes the campaigns first and writes the
audit entry.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.models import User
from django.db import transaction

from accounts.logos import PreparedLogo
from accounts.models import Branding, Organisation
from accounts.selectors import organisation_sole_accounts
from brmportal.lib.deletion import delete_with_files


@transaction.atomic
def organisation_delete(*, organisation: Organisation, keep: User | None = None) -> dict[str, int]:
    """Delete the organisation, every row that cascades from it (files included, after the
    commit) and the user accounts that belonged to it alone, except `keep`; rows deleted per model.

    1. Find the accounts that belong to this organisation only (before their memberships go).
    2. Delete the organisation and its cascade.
    3. Delete those accounts (their sessions stop working: Django finds no user for them).
    """
    accounts = organisation_sole_accounts(organisation=organisation, keep=keep)
    counts = Counter(delete_with_files([organisation]))
    if accounts:
        counts.update(delete_with_files(User.objects.filter(pk__in=[user.pk for user in accounts])))
    return dict(counts)


@transaction.atomic
def branding_update(
    *,
    organisation: Organisation,
    consultancy_name: str,
    logo: PreparedLogo | None = None,
    remove_logo: bool = False,
) -> Branding:
    """Set how the organisation's reports are signed: the consultancy's name, and a new logo
    (`logo`, already checked and re-encoded by `accounts.logos.logo_prepare`), the one it has
    (neither argument), or none (`remove_logo`)."""
    branding, _created = Branding.objects.select_for_update().get_or_create(organisation=organisation)
    branding.consultancy_name = consultancy_name.strip()
    if logo is not None:
        branding.logo_png, branding.logo_width, branding.logo_height = logo.png, logo.width, logo.height
    elif remove_logo:
        branding.logo_png, branding.logo_width, branding.logo_height = b"", 0, 0
    branding.full_clean()
    branding.save()
    return branding


def organisation_benchmark_set(*, organisation: Organisation, opt_in: bool) -> Organisation:
    """Opt the organisation in or out of the benchmark (issue #20); the benchmark itself changes
    only at its next publication (assessments.services.benchmark)."""
    organisation.benchmark_opt_in = opt_in
    organisation.full_clean()
    organisation.save(update_fields=["benchmark_opt_in", "updated_at"])
    return organisation
