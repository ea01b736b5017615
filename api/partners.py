"""The campaign serializers of the API with the business units each campaign covers (issue #20).

Kept apart from `api.serializers` (at its line budget): the list and the detail add `partners`,
`[{id, name}]` in name order, read from the units `api.selectors` prefetches (no query per
campaign). Their schema components keep the names `Campaign` and `CampaignDetail`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.serializers import CampaignDetailSerializer, CampaignSerializer
from assessments.models import Campaign

PARTNERS_HELP = (
    "The business units the campaign covers (issue #20), by name, archived ones included; "
    "[] for a campaign that measures the relationship as a whole."
)


class PartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _partners(campaign: Campaign) -> list[dict[str, Any]]:
    return [{"id": unit.pk, "name": unit.name} for unit in campaign.partners.all()]


@extend_schema_serializer(component_name="Campaign")
class CampaignListSerializer(CampaignSerializer):
    """A campaign in the list, with its business units."""

    partners = serializers.SerializerMethodField(help_text=PARTNERS_HELP)

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "partners"]
        read_only_fields = fields

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, campaign: Campaign) -> list[dict[str, Any]]:
        return _partners(campaign)


@extend_schema_serializer(component_name="CampaignDetail")
class CampaignPageSerializer(CampaignDetailSerializer):
    """One campaign, with its business units."""

    partners = serializers.SerializerMethodField(help_text=PARTNERS_HELP)

    class Meta(CampaignDetailSerializer.Meta):
        fields = [*CampaignDetailSerializer.Meta.fields, "partners"]
        read_only_fields = fields

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, campaign: Campaign) -> list[dict[str, Any]]:
        return _partners(campaign)
