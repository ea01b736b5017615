"""Writes for API tokens. Creating and revoking one is written to the organisation's audit log
here, so it is recorded whichever way it is done (workspace, admin, `manage.py api_token_create`)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from api.models import DISPLAY_LENGTH, KEY_PREFIX, ApiToken, key_hash
from assessments.audit import AuditEvent, audit_record

# last_used_at is for people deciding whether a token can go, not an audit log: writing it at
# most once a minute keeps a busy client from turning every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _audit(token: ApiToken, action: AuditEvent, actor: User | None) -> None:
    # The name and the shown prefix tell tokens apart; the key itself is never written anywhere.
    audit_record(
        actor=actor,
        organisation=token.organisation,
        action=action,
        target=token,
        details={"name": token.name, "prefix": f"{token.prefix}…"},
    )


@transaction.atomic
def api_token_create(*, organisation: Organisation, name: str, created_by: User | None = None) -> tuple[ApiToken, str]:
    """A new token and its key. The key is not stored anywhere: show it now or never."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name.strip(),
        key_hash=key_hash(key),
        prefix=key[:DISPLAY_LENGTH],
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    _audit(token, AuditEvent.API_TOKEN_CREATE, created_by)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User | None = None, now: datetime | None = None) -> ApiToken:
    """Stop the token working at once; revoking twice keeps the first time (and is logged once).

    A conditional UPDATE, so two admins revoking the same token at once write one entry.
    """
    if token.revoked_at is None:
        revoked_at = now or timezone.now()
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=revoked_at, updated_at=revoked_at
        )
        token.refresh_from_db(fields=["revoked_at", "updated_at"])
        if updated:
            _audit(token, AuditEvent.API_TOKEN_REVOKE, revoked_by)
    return token


def api_token_touch(*, token: ApiToken, now: datetime | None = None) -> ApiToken:
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        # Only this column: a revoke saved by another request meanwhile must not be undone.
        token.save(update_fields=["last_used_at"])
    return token
