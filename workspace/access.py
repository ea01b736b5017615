"""How a workspace view gets what its URL names: the campaign or the organisation, and the role.

Every view takes its tenant object through `org_permission_required`, so none can forget the
check: non-members get 404 (nothing reveals that the object exists), members whose role lacks
the permission get 403 (the rule itself is `accounts.permissions.membership_check`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse

from accounts.models import Membership
from accounts.permissions import get_organisation_for_user, membership_check
from accounts.selectors import membership_get
from assessments.models import Campaign


def get_campaign_for_user(request: HttpRequest, campaign_id: int, permission: str) -> tuple[Campaign, Membership]:
    campaign = Campaign.objects.select_related("organisation", "instrument").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404("No such campaign.")
    membership = membership_get(user=request.user, organisation=campaign.organisation)
    return campaign, membership_check(membership, permission, missing="No such campaign.")


def org_permission_required(permission: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: log in, then load the URL's tenant object through the access helpers.

    The view's `campaign_id` URL argument becomes `campaign=` (or `slug` becomes
    `organisation=`), and `membership=` is added, so a view can never forget the check:
    non-members get 404, members whose role lacks `permission` get 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if "campaign_id" in kwargs:
                campaign, membership = get_campaign_for_user(request, kwargs.pop("campaign_id"), permission)
                kwargs["campaign"] = campaign
            elif "slug" in kwargs:
                organisation, membership = get_organisation_for_user(request, kwargs.pop("slug"), permission)
                kwargs["organisation"] = organisation
            else:
                raise ImproperlyConfigured(f"{view.__name__} needs a campaign_id or slug URL argument")
            return view(request, *args, membership=membership, **kwargs)

        return login_required(wrapper)

    return decorator
