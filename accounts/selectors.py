from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef

from accounts.models import Branding, Membership, Organisation


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


def organisation_sole_accounts(*, organisation: Organisation, keep: User | None = None) -> list[User]:
    """The user accounts that belong to this organisation and no other, by username (1 query).

    Deleting the organisation deletes them too: they hold a person's name and address and give
    access to nothing else. Staff and superusers (who run the portal) are never among them, nor
    `keep` (the admin who is deleting, who stays logged in).
    """
    elsewhere = Membership.objects.filter(user=OuterRef("pk")).exclude(organisation=organisation)
    accounts = (
        User.objects.filter(memberships__organisation=organisation, is_staff=False, is_superuser=False)
        .exclude(Exists(elsewhere))
        .order_by("username")
    )
    if keep is not None:
        accounts = accounts.exclude(pk=keep.pk)
    return list(accounts)


def consultancy_name(*, organisation: Organisation) -> str:
    """The name the reports are signed with ("" if none), without reading the logo's bytes."""
    return Branding.objects.filter(organisation=organisation).values_list("consultancy_name", flat=True).first() or ""


def branding_get(*, organisation: Organisation) -> Branding | None:
    """The organisation's report branding (consultancy name, logo), or None if never set."""
    return Branding.objects.filter(organisation=organisation).first()
