"""Who may call the API and how often: organisation tokens, never sessions.

A request carries `Authorization: Bearer <key>` (or `Token <key>`). The token found by the key's
hash becomes `request.auth`; `request.user` stays anonymous, because a token acts for its
organisation, not for a person. Every view reads the organisation from `request.auth`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from api.selectors import api_token_get_by_key
from api.services import api_token_touch
from brmportal.lib.client_ip import client_ip_address

if TYPE_CHECKING:  # rest_framework.views loads this module through the settings: no import at run time
    from rest_framework.views import APIView

KEYWORDS = (b"bearer", b"token")


class ApiAuthFailureThrottle(SimpleRateThrottle):
    """Invalid tokens per client address: `DEFAULT_THROTTLE_RATES["api_auth_failure"]`.

    Only failures count. Once a client address has used up its failures, every token it sends is
    refused with 429 before it is looked up, until the oldest failure leaves the window: guessing
    costs the attacker time and the database nothing. Counted in Django's cache (Redis when
    configured, so all web workers share the count), by the address behind our own proxies.
    """

    scope = "api_auth_failure"

    def __init__(self) -> None:
        super().__init__()
        self.limit, self.window = self.parse_rate(self.rate)

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[return-value]

    def get_ident(self, request: Request) -> str:
        return client_ip_address(request) or "unknown"

    def get_cache_key(self, request: Request, view: APIView | None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _recent(self, request: Request, window: int) -> list[float]:
        """The moments of this address's failures still in the window, newest first."""
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        return [moment for moment in self.cache.get(self.key, []) if moment > self.now - window]

    def refuse_if_exhausted(self, request: Request) -> None:
        """Raise Throttled (429, with Retry-After) when this address has no failures left."""
        if self.limit is None or self.window is None:
            return
        recent = self._recent(request, self.window)
        if len(recent) >= self.limit:
            # Until the oldest failure leaves the window and one more attempt is allowed.
            raise exceptions.Throttled(wait=max(1.0, self.window - (self.now - recent[-1])))

    def record_failure(self, request: Request) -> None:
        if self.limit is None or self.window is None:
            return
        recent = self._recent(request, self.window)
        self.cache.set(self.key, [self.now, *recent][: self.limit + 1], self.window)


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[AnonymousUser, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # not ours: the permission check answers 401
        failures = ApiAuthFailureThrottle()
        failures.refuse_if_exhausted(request)
        if len(parts) != 2:
            failures.record_failure(request)
            raise exceptions.AuthenticationFailed("Invalid Authorization header: expected 'Bearer <key>'.")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            failures.record_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token.") from exc
        token = api_token_get_by_key(key=key)
        if token is None:
            failures.record_failure(request)
            # Unknown and revoked keys get the same answer: nothing tells which one it was.
            raise exceptions.AuthenticationFailed("Invalid token.")
        api_token_touch(token=token)
        return AnonymousUser(), token

    def authenticate_header(self, request: Request) -> str:
        # A WWW-Authenticate challenge makes DRF answer 401 (not 403) when the token is missing.
        return 'Bearer realm="api"'


class HasApiToken(BasePermission):
    """The API's IsAuthenticated: the request came with a live organisation token."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, ApiToken)


class ApiRateThrottle(SimpleRateThrottle):
    """`DEFAULT_THROTTLE_RATES["api"]` requests per token; requests without one count per client address.

    DRF's own throttles key on `request.user`, which is anonymous for every token, so they would
    put all tokens behind one address into one bucket.
    """

    scope = "api"

    def get_rate(self) -> str | None:
        # Read at request time, not import time, so that a changed setting takes effect.
        # The stub types the rates as numbers; DRF's rates are strings such as "60/min".
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[return-value]

    def get_cache_key(self, request: Request, view: APIView) -> str:
        ident = f"token-{request.auth.pk}" if isinstance(request.auth, ApiToken) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes ApiTokenAuthentication in the OpenAPI document (registered by being imported)."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "organisationToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An organisation token: `Authorization: Bearer <key>` (`Token <key>` works too).",
        }
