"""Access checks shared by every view that shows organisation data.

Non-members get 404 so that nothing reveals whether an object exists; members whose role
lacks the permission get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.models import Membership
from accounts.selectors import membership_get
from assessments.models import Campaign


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
