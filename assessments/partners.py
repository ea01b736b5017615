"""The business-partner portfolio (issue #20): an organisation's business units, the units a
campaign covers and the units each response rates.

A BRM's unit of work is a portfolio of business partners (Finance, Sales...), each with its own
relationship to IT. A business respondent rates the relationship of their own unit with IT; an
IT respondent rates it for each unit they serve (at most `MAX_SERVED`). The sections whose
answers depend on the unit (the relationship and trust: `InstrumentSlice.per_partner`) are
answered once per unit; everything else once.

Storage keeps every existing read unchanged: a response's answers (`Answer`) are about its first
unit (`ResponsePartner.primary`); an IT respondent's answers about the further units they serve
are `PartnerAnswer` rows, which only the portfolio reads. So the campaign, its departments, the
exports and every respondent-level figure count each respondent exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from brmportal.lib.models import BaseModel

# The most units one IT respondent rates: each is a repeat of the unit-dependent pages.
MAX_SERVED = 3


def partners_key(ids: Iterable[int]) -> str:
    """The units a response rates as one text ("3,7"; "" for none): with side and department, the
    cell a response is published in (assessments.services.snapshots)."""
    return ",".join(sorted({str(i) for i in ids}, key=int))


class BusinessUnit(BaseModel):
    """A business partner of IT: Finance, Sales, Operations..."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="business_units")
    name = models.CharField(_("name"), max_length=100)
    # Archived units keep their history (earlier rounds) but are not offered to new campaigns.
    active = models.BooleanField(_("active"), default=True)
    campaigns = models.ManyToManyField("assessments.Campaign", blank=True, related_name="partners")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="business_unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict[str, int | None]:
        return {"organisation": self.organisation_id}


class ResponsePartner(models.Model):
    """A unit a response rates. Exactly one for a business response (its own unit); one to
    MAX_SERVED for an IT response, the `primary` one being the unit its `Answer` rows are about."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey("assessments.Response", on_delete=models.CASCADE, related_name="partner_links")
    partner = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="+")
    primary = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["response", "order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "partner"], name="response_partner_unique"),
            models.UniqueConstraint(
                fields=["response"], condition=Q(primary=True), name="response_partner_one_primary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} -> {self.partner_id}"


class PartnerAnswer(models.Model):
    """An IT respondent's answer to a unit-dependent item about a further unit they serve (the
    first unit's answers are ordinary `Answer` rows)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey("assessments.Response", on_delete=models.CASCADE, related_name="partner_answers")
    partner = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey("assessments.Item", on_delete=models.PROTECT, related_name="+")
    aspect = models.CharField(max_length=10, default="value")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    special = models.CharField(max_length=2, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "partner", "item", "aspect"], name="partner_answer_unique_per_response"
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(special=""))
                | (Q(value__isnull=True) & Q(special__in=["dk", "na"])),
                name="partner_answer_value_xor_special",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "partner"])]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.item_id}.{self.aspect}={self.value or self.special}"
