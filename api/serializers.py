"""Output serializers of the JSON API.

The campaign serializers shape model rows. The scores serializers only document, for the
OpenAPI schema, the JSON that `assessments.scoring.campaign_scores` builds: the views return
that dictionary as it is, so the API can never show more (or other numbers) than the dashboard.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Campaign
from assessments.slices import slices
from brmportal.lib.labels import SIDES
from brmportal.lib.urls import absolute_url


class SideCountsSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="Invitations sent to this side.")
    submitted = serializers.IntegerField(
        help_text="Submitted responses in the published results (imported ones included); results take in submissions in batches of at least the anonymity threshold."
    )


class ResponseCountsSerializer(serializers.Serializer):
    business = SideCountsSerializer()
    it = SideCountsSerializer()


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign in the list. Needs the per-side counts of `api_campaign_list`."""

    availability = serializers.SerializerMethodField(
        help_text="open, not_open (draft or before opens_at) or closed (closed or after closes_at)."
    )
    responses = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "name", "status", "availability", "opens_at", "closes_at", "created_at", "responses", "url"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["open", "not_open", "closed"]))
    def get_availability(self, campaign: Campaign) -> str:
        return campaign.availability()

    @extend_schema_field(ResponseCountsSerializer)
    def get_responses(self, campaign: Campaign) -> dict[str, dict[str, int]]:
        return {
            side: {"invited": getattr(campaign, f"{side}_invited"), "submitted": getattr(campaign, f"{side}_submitted")}
            for side in SIDES
        }

    def _absolute(self, name: str, campaign: Campaign) -> str:
        path = reverse(name, kwargs={"campaign_id": campaign.pk})
        request = self.context.get("request")
        return absolute_url(path, request._request) if request else path

    @extend_schema_field(serializers.URLField)
    def get_url(self, campaign: Campaign) -> str:
        return self._absolute("api:campaign_detail", campaign)


class CampaignDetailSerializer(CampaignSerializer):
    """One campaign, with what a client needs to read its scores."""

    instrument_version = serializers.CharField(source="instrument.version")
    departments = serializers.SerializerMethodField(
        help_text="The departments ?department= accepts: the configured ones, then those published responses gave."
    )
    scores_url = serializers.SerializerMethodField()
    recommendations_url = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = [
            *CampaignSerializer.Meta.fields,
            "instrument_version",
            "practice_form",
            "anonymity_threshold",
            "departments",
            "scores_url",
            "recommendations_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_departments(self, campaign: Campaign) -> list[str]:
        # Read by the view (assessments.selectors.campaigns.campaign_department_names): one rule.
        return list(self.context["departments"])

    @extend_schema_field(serializers.URLField)
    def get_scores_url(self, campaign: Campaign) -> str:
        return self._absolute("api:campaign_scores", campaign)

    @extend_schema_field(serializers.URLField)
    def get_recommendations_url(self, campaign: Campaign) -> str:
        return self._absolute("api:campaign_recommendations", campaign)


# --- Documentation of campaign_scores ---------------------------------------------------------
# Fields are declared in the order campaign_scores writes them. A group (business, it, overall)
# under the campaign's anonymity threshold is null wherever it appears.


def _group(help_text: str) -> serializers.DictField:
    return serializers.DictField(allow_null=True, help_text=help_text)


class ScoresCampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation_id = serializers.IntegerField()
    instrument_version = serializers.CharField()
    practice_form = serializers.CharField()


class ScoresResponsesSerializer(serializers.Serializer):
    business = serializers.IntegerField(help_text="Submitted responses of the business side (in the department).")
    it = serializers.IntegerField(help_text="Submitted responses of the IT side (in the department).")


class HiddenGroupSerializer(serializers.Serializer):
    side = serializers.CharField(allow_null=True, help_text="business, it, or null for everyone.")
    department = serializers.CharField(allow_null=True)
    responses = serializers.IntegerField()
    reason = serializers.CharField(
        help_text="under_threshold: fewer responses than the threshold; complementary: hidden because "
        "it would give a hidden group away by subtraction."
    )


class AnonymitySerializer(serializers.Serializer):
    threshold = serializers.IntegerField(help_text="Groups with fewer submitted responses are not shown on their own.")
    hidden = HiddenGroupSerializer(many=True)


class RecommendationSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    code = serializers.CharField(help_text="The item or dimension code the recommendation belongs to.")
    level = serializers.CharField(help_text="item or dimension")
    instrument = serializers.CharField(help_text="relationship, behaviour, practice or trust")
    dimension = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    dimension_recommendation = serializers.CharField(allow_null=True)
    effort = serializers.CharField(help_text="low, medium or high")
    weight = serializers.FloatField()
    gap = serializers.FloatField(help_text="The measured gap that triggered the recommendation.")
    gap_kind = serializers.CharField()
    trigger = serializers.CharField(help_text="The measurement in words, with its numbers.")
    measured = serializers.DictField(help_text="The numbers behind the gap; hidden groups are null.")
    priority = serializers.FloatField(help_text="gap x weight")
    quick_win = serializers.BooleanField(help_text="Low effort and a gap of at least 1.5: listed first.")


class DepartmentRowSerializer(serializers.Serializer):
    side = serializers.CharField()
    department = serializers.CharField()
    responses = serializers.IntegerField()
    reported = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)
    scores = serializers.DictField(allow_null=True, help_text="Headline numbers; null when not reported.")


def _scores_serializer() -> type[serializers.Serializer]:
    """CampaignScoresSerializer, with one field per registered instrument (each slice documents its part)."""
    fields: dict[str, Any] = {
        "campaign": ScoresCampaignSerializer(),
        "department": serializers.CharField(allow_null=True, help_text="The department the groups are narrowed to."),
        "responses": ScoresResponsesSerializer(),
        "sources": serializers.DictField(
            child=serializers.IntegerField(), help_text="How the published responses came in: link, open, import."
        ),
        "anonymity": AnonymitySerializer(),
        **{s.key: serializers.DictField(help_text=s.json_help) for s in slices()},
        "maturity": serializers.DictField(
            help_text="Overall BRM maturity (1-5) per group (null if hidden), with weights and the ladder."
        ),
        "recommendations": RecommendationSerializer(many=True),
        "departments": DepartmentRowSerializer(
            many=True, required=False, help_text="Per side x department; only without ?department=."
        ),
        "method": serializers.DictField(help_text="The constants of the scoring method."),
    }
    return type("CampaignScoresSerializer", (serializers.Serializer,), fields)


CampaignScoresSerializer = _scores_serializer()


class CampaignRecommendationsSerializer(serializers.Serializer):
    campaign = ScoresCampaignSerializer()
    department = serializers.CharField(allow_null=True)
    recommendations = RecommendationSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
