"""Writes for API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Organisation
from api.models import DISPLAY_LENGTH, KEY_PREFIX, ApiToken, key_hash

# last_used_at is for people deciding whether a token can go, not an audit log: writing it at
# most once a minute keeps a busy client from turning every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_token_create(*, organisation: Organisation, name: str, created_by: User | None = None) -> tuple[ApiToken, str]:
    """A new token and its key. The key is not stored anywhere: show it now or never."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name,
        key_hash=key_hash(key),
        prefix=key[:DISPLAY_LENGTH],
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken, now: datetime | None = None) -> ApiToken:
    """Stop the token working at once; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_touch(*, token: ApiToken, now: datetime | None = None) -> ApiToken:
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        # Only this column: a revoke saved by another request meanwhile must not be undone.
        token.save(update_fields=["last_used_at"])
    return token
