from __future__ import annotations

import base64

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brmportal.lib.models import BaseModel


class Organisation(BaseModel):
    """A tenant. Every row a user can see belongs to exactly one organisation."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # Issue #20: its latest closed round's published figures feed the benchmark across
    # organisations, and only then does it see the benchmark (docs/scoring.md section 13).
    benchmark_opt_in = models.BooleanField(
        _("take part in the benchmark"),
        default=False,
        help_text=_(
            "Its latest closed round's published figures join the benchmark across organisations at the next "
            "publication; opting out removes them at the next publication."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


# The cover's "Prepared by" line: a short name, so it fits one line beside the logo.
CONSULTANCY_NAME_MAX_LENGTH = 120


class Branding(BaseModel):
    """How an organisation's reports are signed: the consultancy's name and logo (issue #18).

    A row of its own, not columns on Organisation: the logo's bytes would otherwise be read on
    every workspace page that loads the organisation. The logo is stored in the database as a
    PNG that the portal encoded itself (`accounts.logos.logo_prepare`), never the uploaded file:
    the embedded SQLite default needs no media serving, it goes with the organisation when that
    is deleted, and a report embeds it as a data: URI, so WeasyPrint reads no file and no URL.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="branding", verbose_name=_("organisation")
    )
    consultancy_name = models.CharField(
        _("consultancy name"),
        max_length=CONSULTANCY_NAME_MAX_LENGTH,
        blank=True,
    )
    logo_png = models.BinaryField(_("logo (PNG)"), blank=True, default=b"", editable=False)
    logo_width = models.PositiveIntegerField(default=0, editable=False)
    logo_height = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("brandings")
        constraints = [
            # A logo is stored with its size, or not at all (the cover's <img> needs both).
            models.CheckConstraint(
                condition=models.Q(logo_width__gt=0, logo_height__gt=0) | models.Q(logo_width=0, logo_height=0),
                name="branding_logo_size_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.consultancy_name or str(self.organisation_id)

    def get_additional_data(self) -> dict[str, int]:
        return {"organisation": self.organisation_id}

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_png)

    @property
    def logo_data_uri(self) -> str:
        """The logo as a data: URI (empty without one): embedded, so the PDF renderer fetches nothing."""
        if not self.logo_png:
            return ""
        return "data:image/png;base64," + base64.b64encode(bytes(self.logo_png)).decode("ascii")


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
# run_workshop: lead a consensus workshop and record what the group agreed (issue #19).
# manage_actions: plan actions, change their owner, date and status, delete them (issue #19).
_RUN = _READ | {
    "manage_campaigns",
    "manage_invitations",
    "request_reports",
    "export_data",
    "import_data",
    "run_workshop",
    "manage_actions",
}
ROLE_PERMISSIONS: dict[Membership.Role, frozenset[str]] = {
    Membership.Role.VIEWER: _READ,
    Membership.Role.CONSULTANT: _RUN,
    Membership.Role.BRM: _RUN,
    # view_audit: who exported, imported, revealed links or changed settings (issue #13).
    # delete_data: delete a campaign, or the whole organisation, with its personal data (issue #15).
    # manage_api_tokens: create and revoke the organisation's API tokens (issue #15).
    # manage_organisation: the organisation's settings, its reports' consultancy name and logo (issue #18).
    Membership.Role.ADMIN: _RUN
    | {
        "manage_instruments",
        "manage_members",
        "view_audit",
        "delete_data",
        "manage_api_tokens",
        "manage_organisation",
    },
}
