"""What business and IT agreed in a consensus workshop (issue #19 item 1).

The survey measures; the workshop decides. After the results are shown, the group discusses the
items where the sides diverge and records one agreed current and target value per item (or per
dimension or cluster), and, for the relationship, the model they work in today and the one
leadership chose as the target. These rows are the group's decision, not anyone's answers: they
hold no response and nothing personal beyond who typed them in. django-auditlog keeps every change
(settings.AUDITLOG_INCLUDE_TRACKING_MODELS), so who recorded what and when stays on record after a
value is corrected.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from brmportal.lib.models import BaseModel


class ConsensusValue(BaseModel):
    """The agreed current and target value of one item, dimension or cluster of a campaign."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="consensus_values")
    # As the scores name it: an item (REL-PAS-1), a dimension (partner) or a cluster code.
    code = models.CharField(max_length=40)
    # The instrument's own pair of aspects the two values stand for: "today/desired",
    # "current/target", or "value" for items rated once (behaviours, trust).
    aspect = models.CharField(max_length=40)
    current = models.DecimalField(_("agreed current value"), max_digits=4, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("agreed target value"), max_digits=4, decimal_places=2, null=True, blank=True)
    rationale = models.CharField(_("rationale"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["campaign", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="consensus_value_unique_code"),
            models.CheckConstraint(
                condition=Q(current__isnull=False) | Q(target__isnull=False) | ~Q(rationale=""),
                name="consensus_value_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.current} -> {self.target}"

    def get_additional_data(self) -> dict[str, int | None]:
        # As Campaign.get_additional_data: the audit page finds the entry by its organisation.
        return {"organisation": self.organisation_id, "campaign": self.campaign_id}


class ConsensusModel(BaseModel):
    """The relationship model the group agreed it works in today, and the target leadership chose."""

    class Model(models.TextChoices):
        PASSIVE = "passive", _("Passive")
        PROVIDER = "provider", _("Provider")
        PARTNER = "partner", _("Partner")
        PEER = "peer", _("Peer")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="consensus_models")
    # Set: the models agreed for one business unit's pair with IT (issue #20); empty: the campaign's.
    partner = models.ForeignKey(
        "assessments.BusinessUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    today = models.CharField(_("agreed model today"), max_length=10, choices=Model.choices, blank=True)
    target = models.CharField(_("target model"), max_length=10, choices=Model.choices, blank=True)
    rationale = models.CharField(_("rationale"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(partner__isnull=True), name="consensus_model_one_per_campaign"
            ),
            models.UniqueConstraint(
                fields=["campaign", "partner"], condition=Q(partner__isnull=False), name="consensus_model_one_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.today or '?'} -> {self.target or '?'}"

    def get_additional_data(self) -> dict[str, int | None]:
        return {"organisation": self.organisation_id, "campaign": self.campaign_id}
