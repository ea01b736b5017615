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
    rank = serializers.IntegerField(
        help_text="1, 2, ...: the order to act in. The appendix goes on numbering after the main list."
    )
    code = serializers.CharField(help_text="The item or dimension code the recommendation belongs to.")
    level = serializers.CharField(help_text="item or dimension")
    instrument = serializers.CharField(help_text="relationship, behaviour, practice or trust")
    dimension = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    dimension_recommendation = serializers.CharField(allow_null=True)
    effort = serializers.CharField(help_text="low, medium or high")
    weight = serializers.FloatField()
    gap = serializers.FloatField(
        help_text="The measured gap that triggered the recommendation, oriented so that positive calls for action: "
        "a difference of two measured things (desired - today, target - current, self - mirror, IT's view - "
        "the business's own) or, for a weakness, the scale's norm (its middle) - the mean."
    )
    gap_kind = serializers.CharField(
        help_text="desired_vs_today, target_vs_current, blind_spot, weakness or perception_gap."
    )
    ci = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        allow_null=True,
        help_text="The gap's 95 % interval [low, high] (Welch); null when it has none.",
    )
    clear = serializers.BooleanField(
        help_text="The interval excludes zero. Always true here: only clear gaps and clear weaknesses are recommended."
    )
    trigger = serializers.CharField(help_text="The measurement in words, with its numbers (the “Why:” sentence).")
    measured = serializers.DictField(help_text="The numbers behind the gap; hidden groups are null.")
    stage = serializers.IntegerField(
        help_text="Seed 004's order: 1 know what you do (and what it costs), 2 stop the bleeding, 3 integrate with "
        "the business's planning; 0 none. No recommendation is ranked before one of an earlier stage."
    )
    prerequisites = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes of the recommendations that must come first; it is never ranked before them.",
    )
    children = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes of the statement-level recommendations merged into this dimension-level one.",
    )
    priority = serializers.FloatField(
        help_text="weight x the near end of the gap's 95 % interval / the scale's range (0-1 across instruments)."
    )
    quick_win = serializers.BooleanField(
        help_text="Low effort, in the main list, and waiting for no other recommendation. Marked where it is "
        "ranked (no longer listed first)."
    )


class StrengthSerializer(serializers.Serializer):
    code = serializers.CharField()
    instrument = serializers.CharField(help_text="relationship, behaviour, practice or trust")
    dimension = serializers.CharField(allow_null=True)
    kind = serializers.ChoiceField(
        choices=["strength", "hidden_strength"],
        help_text="strength: a mean whose 95 % interval lies above its scale's norm; hidden_strength: the other "
        "side rates a behaviour clearly higher than the side itself (mirror - self).",
    )
    title = serializers.CharField()
    text = serializers.CharField(help_text="The strength in a sentence, with its numbers.")
    value = serializers.FloatField(help_text="The mean (strength) or the difference (hidden_strength).")
    ci = serializers.ListField(child=serializers.FloatField(), help_text="Its 95 % interval [low, high].")
    group = serializers.CharField(allow_null=True, help_text="Whose behaviour it is, when it is a behaviour's.")


class FlagsSerializer(serializers.Serializer):
    counts = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Per reported group (business, it, overall): respondents carrying each flag "
        "(flag:straight_line: the same answer to every question; flag:acquiescence: agreed strongly with "
        "contradicting statements) and flagged (any flag).",
    )
    requested = serializers.BooleanField(help_text="The campaign asks to leave flagged respondents out.")
    excluded = serializers.BooleanField(help_text="They are left out of these figures.")
    refused = serializers.ChoiceField(
        choices=["open", "small"],
        allow_null=True,
        help_text="Why a request to leave them out is not applied: open (only once the campaign is closed) or "
        "small (it would show the answers of fewer people than the anonymity threshold); null otherwise.",
    )


class ReliabilitySerializer(serializers.Serializer):
    scale = serializers.CharField(help_text="<instrument>.<scale>, e.g. relationship.passive, trust.all.")
    aspect = serializers.CharField(help_text="today, desired, current, target or value.")
    items = serializers.IntegerField()
    alpha = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Cronbach's alpha per group (business, it, overall); null when not reported or too few answers.",
    )
    respondents = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Per group, the respondents who answered every item of the scale (alpha is computed from them).",
    )
    low = serializers.BooleanField(help_text="A group's alpha is under 0.6: the items do not hang together.")


class DepartmentRowSerializer(serializers.Serializer):
    side = serializers.CharField()
    department = serializers.CharField()
    responses = serializers.IntegerField()
    reported = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)
    scores = serializers.DictField(allow_null=True, help_text="Headline numbers; null when not reported.")


class ActionMovementSerializer(serializers.Serializer):
    target = serializers.CharField(help_text="The code the action targeted: an item, dimension or cluster.")
    code = serializers.CharField(help_text="The item compared, as this campaign's questionnaire version names it.")
    aspect = serializers.CharField(help_text="The aspect read: today, current or value (where things stand).")
    side = serializers.ChoiceField(choices=["business", "it"])
    before = serializers.DictField(
        allow_null=True, help_text="{mean, n}: the side's published mean in the action's round; null when not shown."
    )
    now = serializers.DictField(
        allow_null=True, help_text="{mean, n}: the side's published mean in this campaign; null when not shown."
    )
    change = serializers.FloatField(allow_null=True, help_text="now - before; null when either is missing.")
    direction = serializers.ChoiceField(
        choices=["up", "down", "noise", "same", "none"],
        help_text="up or down: clear (Welch's 95 % interval excludes zero); noise: within the noise; same: no "
        "change; none: not comparable.",
    )
    improvement = serializers.BooleanField(
        allow_null=True,
        help_text="A clear change toward (true) or away from (false) the better end: up for a behaviour or "
        "statement, toward the side's desired or target figure for today or current; null otherwise.",
    )


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.IntegerField(help_text="The campaign (round) the action was planned in.")
    title = serializers.CharField()
    description = serializers.CharField()
    owner_name = serializers.CharField()
    owner_email = serializers.EmailField()
    due_on = serializers.CharField(help_text="ISO date.")
    status = serializers.ChoiceField(choices=["planned", "in_progress", "done", "dropped"])
    done_on = serializers.CharField(allow_null=True, help_text="ISO date it was done; null unless done.")
    overdue = serializers.BooleanField(help_text="Planned or in progress, and due before today.")
    targets = serializers.ListField(child=serializers.CharField(), help_text="Item, dimension or cluster codes.")
    # Named as the JSON names it; the metaclass takes it out of the class, so Field.source is not shadowed.
    source = serializers.CharField(  # type: ignore[assignment]
        allow_null=True, help_text="The recommendation or item code it was made from."
    )
    created_at = serializers.CharField(help_text="ISO date and time.")
    movement = ActionMovementSerializer(
        many=True,
        allow_null=True,
        help_text="Null for this campaign's own actions (the next round measures them); for an earlier round's "
        "action, a row per item it targeted and side.",
    )


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
            help_text="Overall BRM maturity (1-5) per group, with weights and the ladder; indicative (it combines "
            "four instruments on different scales with set weights). Computed only when both sides are reported: "
            "otherwise business, it and overall are all null (not enough answers). A side's components are each "
            "instrument's position on its own scale, 0 (bottom) to 1 (top); overall is the mean of the two sides."
        ),
        "recommendations": RecommendationSerializer(
            many=True, help_text="The main list: at most method.main_list, in rank order."
        ),
        "recommendations_appendix": RecommendationSerializer(
            many=True, help_text="The other clear recommendations, ranked on after the main list."
        ),
        "strengths": StrengthSerializer(
            many=True, help_text="The surest strengths, then the surest hidden strengths (method.strengths of each)."
        ),
        "departments": DepartmentRowSerializer(
            many=True, required=False, help_text="Per side x department; only without ?department=."
        ),
        "flags": FlagsSerializer(help_text="Respondents flagged for their response style."),
        "reliability": ReliabilitySerializer(many=True, help_text="Cronbach's alpha per scale and aspect."),
        "method": serializers.DictField(
            help_text="The constants of the scoring method (main_list, strengths, the slices' own), its reference "
            "and text."
        ),
        "consensus": serializers.DictField(
            help_text="What the consensus workshop agreed (issue #19), beside the computed scores: `values` by item, "
            "dimension or cluster code ({aspect, current, target, rationale, recorded_at}) and `model` "
            "({today, target, rationale, recorded_at} or null). The same whatever ?department=."
        ),
        "trend": serializers.DictField(
            allow_null=True,
            help_text="Every round of the organisation up to this campaign (issue #19 item 3; docs/api.md): "
            "`rounds` (campaigns with published results, oldest first: campaign_id, name, created_at, "
            "instrument_version, responses), `figures` (key as the comparison keys it, group, `values` per round "
            "{value, n, ci} or null when that round did not show it, `since_first` and `since_previous` "
            "{from, to, delta, ci, clear} or null) and `items` (code, aspect, side, continues: null, rewritten or "
            "split, `values` per round with the code that round asked). Null with fewer than two rounds (with "
            "?department=: rounds with published responses from it).",
        ),
        "actions": ActionSerializer(
            many=True,
            help_text="The action plan (issue #19; docs/api.md): this campaign's actions, then the earlier rounds' "
            "(of the organisation, not dropped) with how the items they targeted moved by this campaign, from the "
            "two rounds' published figures. The same whatever ?department=.",
        ),
        "benchmark": serializers.DictField(
            allow_null=True,
            help_text="The benchmark across organisations (issue #20; docs/api.md): null unless the organisation "
            "takes part and its figures are in the current version, and with ?department=. Else `version`, "
            "`published_at`, `organisations` (how many contribute), `minimum` (5) and `cells`: per figure the "
            "campaign has, `key` (as the comparison keys it, or item.<code>.<aspect>.<side>), `figure`, the "
            "organisations' quartiles `p25`, `p50`, `p75`, `organisations` and `position` (bottom, lower_middle, "
            "median, upper_middle, top).",
        ),
        "partners": serializers.ListField(
            child=serializers.DictField(),
            allow_null=True,
            help_text="Each business unit the campaign covers, paired with IT (issue #20; docs/api.md): id, name, "
            "responses per side, reported, reason (null, under_threshold, complementary, no_data) and scores in "
            "the shape of a campaign's scores (null when not reported). [] without units; null with ?department=.",
        ),
    }
    fields["__doc__"] = SCORES_DOC
    return type("CampaignScoresSerializer", (serializers.Serializer,), fields)


SCORES_DOC = """The scores of a campaign (or one department). Numbers are rounded to 2 decimals.

Beside a record's numbers, `stats` gives their uncertainty under the same keys: a mean as
{"mean", "n", "sd", "ci": [low, high]} (95 % interval), a difference as {"value", "ci", "clear"}
(clear: its Welch interval excludes zero; otherwise it is within the noise), null when not
measured. An item may carry `distribution` per group: the shares of low, middle and high answers
and n. Figures for everyone ("overall") weigh both sides equally: the mean of the business and
the IT figure (everyone's pooled figure only when neither side is reported on its own)."""


CampaignScoresSerializer = _scores_serializer()


class CampaignRecommendationsSerializer(serializers.Serializer):
    campaign = ScoresCampaignSerializer()
    department = serializers.CharField(allow_null=True)
    recommendations = RecommendationSerializer(many=True, help_text="The main list (at most 10), in rank order.")
    recommendations_appendix = RecommendationSerializer(
        many=True, help_text="The other clear recommendations, ranked on after the main list."
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
