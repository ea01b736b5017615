from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brmportal.lib.models import BaseModel


class Organisation(BaseModel):
    """A tenant. Every row a user can see belongs to exactly one organisation."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        BRM = "brm", _("Business relationship manager")
        CONSULTANT = "consultant", _("Consultant")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_org"),
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "brm", "consultant", "viewer"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    def get_additional_data(self) -> dict[str, int]:
        # django-auditlog stores this with every entry about the row; the audit page filters on it.
        return {"organisation": self.organisation_id}

    @property
    def permissions(self) -> frozenset[str]:
        return ROLE_PERMISSIONS[self.Role(self.role)]


# One place maps roles to what they may do; views and templates ask for a permission, never a role.
_READ = frozenset({"view_dashboards"})
_RUN = _READ | {"manage_campaigns", "manage_invitations", "request_reports", "export_data", "import_data"}
ROLE_PERMISSIONS: dict[Membership.Role, frozenset[str]] = {
    Membership.Role.VIEWER: _READ,
    Membership.Role.CONSULTANT: _RUN,
    Membership.Role.BRM: _RUN,
    # view_audit: who exported, imported, revealed links or changed settings (issue #13).
    # delete_data: delete a campaign, or the whole organisation, with its personal data (issue #15).
    # manage_api_tokens: create and revoke the organisation's API tokens (issue #15).
    Membership.Role.ADMIN: _RUN
    | {"manage_instruments", "manage_members", "view_audit", "delete_data", "manage_api_tokens"},
}
