"""Access checks shared by every view that shows organisation data.

Non-members get 404 so that nothing reveals whether an object exists; members whose role
lacks the permission get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from accounts.models import Membership, Organisation
from accounts.selectors import membership_get
from assessments.models import Campaign


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required` or `org_permission_required`: its user is logged in.

    Only an annotation (django-stubs' documented pattern): `request.user` is typed `User`, not
    `User | AnonymousUser`, because the decorator has already turned anonymous visitors away.
    """

    user: User


def get_campaign_for_user(request: HttpRequest, campaign_id: int, permission: str) -> tuple[Campaign, Membership]:
    campaign = Campaign.objects.select_related("organisation", "instrument").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404("No such campaign.")
    membership = membership_get(user=request.user, organisation=campaign.organisation)
    if membership is None:
        raise Http404("No such campaign.")
    if permission not in membership.permissions:
        raise PermissionDenied
    return campaign, membership


def get_organisation_for_user(request: HttpRequest, slug: str, permission: str) -> tuple[Organisation, Membership]:
    """The organisation behind `slug` and the user's membership: 404 for non-members, 403 without `permission`."""
    membership = None
    if request.user.is_authenticated:
        membership = (
            Membership.objects.select_related("organisation").filter(user=request.user, organisation__slug=slug).first()
        )
    if membership is None:
        raise Http404("No such organisation.")
    if permission not in membership.permissions:
        raise PermissionDenied
    return membership.organisation, membership


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
