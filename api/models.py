from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from brmportal.lib.models import BaseModel

KEY_PREFIX = "brm_"
# What is shown of a key after creation: enough to tell tokens apart, far too little to use one.
DISPLAY_LENGTH = 12


def key_hash(key: str) -> str:
    """The stored form of a key.

    A plain SHA-256 is enough: keys are 256 random bits, so there is nothing to guess from the
    hash and no need for a slow password hash, and a lookup by hash stays one indexed query.
    """
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(BaseModel):
    """A key for the JSON API. It belongs to an organisation, not to a person, and reads only
    that organisation's data. Only the key's hash is stored; the key is shown once, on creation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text=_("What the token is for, e.g. 'Power BI'."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=DISPLAY_LENGTH, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["organisation", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="apitoken_key_hash_sha256"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
