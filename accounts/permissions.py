"""Access checks shared by every view that shows organisation data.

Non-members get 404 so that nothing reveals whether an object exists; members whose role
lacks the permission get 403. The rooms load their own objects (a campaign: `workspace.access`)
and check the membership here; this app imports no domain app.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.models import Membership, Organisation


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required` or `workspace.access.org_permission_required`: a logged-in user.

    Only an annotation (django-stubs' documented pattern): `request.user` is typed `User`, not
    `User | AnonymousUser`, because the decorator has already turned anonymous visitors away.
    """

    user: User


def membership_check(membership: Membership | None, permission: str, *, missing: str) -> Membership:
    """The membership, if it grants `permission`: 404 (`missing`) for non-members, 403 without it."""
    if membership is None:
        raise Http404(missing)
    if permission not in membership.permissions:
        raise PermissionDenied
    return membership


def get_organisation_for_user(request: HttpRequest, slug: str, permission: str) -> tuple[Organisation, Membership]:
    """The organisation behind `slug` and the user's membership: 404 for non-members, 403 without `permission`."""
    membership = None
    if request.user.is_authenticated:
        membership = (
            Membership.objects.select_related("organisation").filter(user=request.user, organisation__slug=slug).first()
        )
    membership = membership_check(membership, permission, missing="No such organisation.")
    return membership.organisation, membership
