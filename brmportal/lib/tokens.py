"""Random secrets that are stored only as a hash: browser claims, one-time links."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Longer than any secret made here (43 characters): a longer value was not made by us, and is
# not worth hashing.
TOKEN_MAX_LENGTH = 100


def token_new() -> str:
    """32 random bytes (256 bits), URL- and cookie-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 hex digest that is stored instead of the token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def token_matches(token: str | None, digest: str) -> bool:
    """Whether `token` hashes to `digest`, compared in constant time; an empty digest never matches."""
    if not token or not digest or len(token) > TOKEN_MAX_LENGTH:
        return False
    return hmac.compare_digest(token_hash(token), digest)
