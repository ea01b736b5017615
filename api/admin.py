from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from api.models import ApiToken
from api.services import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are listed and revoked here; they are created by organisation admins in the workspace
    (their organisation's "API tokens" page) or with `manage.py api_token_create`, which show the
    key once (the admin could not show it again after a redirect)."""

    list_display = ["name", "organisation", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "prefix", "organisation__name"]
    readonly_fields = ["organisation", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", *readonly_fields]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token, revoked_by=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"Revoked {len(tokens)} token(s).", messages.SUCCESS)
