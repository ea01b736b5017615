"""The client's address as seen through our own proxies (for login rate limiting)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = n > 0 the n-th address from the right of X-Forwarded-For.

    Each proxy appends the address it received the request from, so only the last n entries
    were written by our proxies; anything to their left came from the client and may be forged.
    A request with fewer entries did not come through the proxies: REMOTE_ADDR is the client.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
