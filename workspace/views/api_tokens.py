"""The organisation's API tokens (/o/<slug>/api-tokens/): organisation admins create and revoke them.

A new key is shown once, in the answer to the POST that made it: it is never stored (only its
hash), never put in a URL, a message or the session, and that page is not cached. Creating and
revoking are written to the audit log by the services (api.services).

Access: non-members get 404; members without "manage_api_tokens" (everyone but admins) 403; a
token of another organisation is 404, like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership, Organisation
from accounts.permissions import AuthenticatedHttpRequest
from api import selectors
from api.services import api_token_create as api_token_create_service
from api.services import api_token_revoke as api_token_revoke_service
from workspace.access import org_permission_required
from workspace.forms.api_tokens import ApiTokenForm


def _page(
    request: AuthenticatedHttpRequest,
    organisation: Organisation,
    membership: Membership,
    form: ApiTokenForm,
    *,
    new_key: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "organisation": organisation,
        "membership": membership,
        "tokens": selectors.api_token_list(organisation=organisation),
        "form": form,
        "new_key": new_key,
    }
    return render(request, "assessments/api_tokens.html", context, status=status)


@require_GET
@org_permission_required("manage_api_tokens")
def api_token_list(
    request: AuthenticatedHttpRequest, organisation: Organisation, membership: Membership
) -> HttpResponse:
    return _page(request, organisation, membership, ApiTokenForm())


@never_cache
@require_POST
@org_permission_required("manage_api_tokens")
def api_token_create(
    request: AuthenticatedHttpRequest, organisation: Organisation, membership: Membership
) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, organisation, membership, form, status=400)
    token, key = api_token_create_service(
        organisation=organisation, name=form.cleaned_data["name"], created_by=request.user
    )
    messages.success(request, _("The token %(name)s is ready.") % {"name": token.name})
    # Rendered, not redirected: the key exists only in this answer.
    return _page(request, organisation, membership, ApiTokenForm(), new_key=key)


@require_POST
@org_permission_required("manage_api_tokens")
def api_token_revoke(
    request: AuthenticatedHttpRequest, organisation: Organisation, membership: Membership, api_token_id: int
) -> HttpResponse:
    token = selectors.api_token_get(organisation=organisation, token_id=api_token_id)
    if token is None:
        raise Http404("No such token.")
    if token.revoked_at is not None:
        messages.info(request, _("The token %(name)s was already revoked.") % {"name": token.name})
    else:
        api_token_revoke_service(token=token, revoked_by=request.user)
        messages.success(
            request,
            _("The token %(name)s is revoked: requests with it are refused from now on.") % {"name": token.name},
        )
    return redirect("manage:api_token_list", slug=organisation.slug)
