from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from accounts.models import Membership, Organisation


def membership_get(*, user: User | AnonymousUser, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def organisation_list(*, user: User | AnonymousUser) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


def membership_list(*, user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships with their organisations, by organisation name (1 query)."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name"))
