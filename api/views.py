"""The JSON API, read-only. Every object is loaded through the token's organisation, so another
organisation's campaign answers 404, exactly like one that does not exist."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import ApiToken
from api.partners import CampaignListSerializer, CampaignPageSerializer
from api.selectors import api_campaign_get, api_campaign_list
from api.serializers import CampaignRecommendationsSerializer, CampaignScoresSerializer, ErrorSerializer
from assessments.models import Campaign
from assessments.scoring import campaign_scores
from assessments.selectors.actions import campaign_actions_json
from assessments.selectors.benchmark import benchmark_json
from assessments.selectors.campaigns import campaign_department_names
from assessments.selectors.consensus import campaign_consensus, consensus_json
from assessments.selectors.partners import partners_json
from assessments.selectors.trends import campaign_trend_json
from assessments.wording import scores_json
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.urls import absolute_url

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="No token, or an unknown or revoked one."),
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests for this token, or too many invalid tokens from this client address "
        "(Retry-After gives the seconds to wait).",
    ),
}
NO_CAMPAIGN = {404: OpenApiResponse(ErrorSerializer, description="No such campaign in the token's organisation.")}
BAD_DEPARTMENT = {400: OpenApiResponse(ErrorSerializer, description="Unknown department.")}
CAMPAIGN_ID = OpenApiParameter(
    "campaign_id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="The campaign's id."
)
DEPARTMENT = OpenApiParameter(
    "department",
    str,
    required=False,
    description="Narrow every group to one of the campaign's departments (400 for an unknown one).",
)


class CampaignPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    # DRF starts these links with the request's own address; like every link, they start with
    # SITE_URL when it is set (brmportal.lib.urls).
    def get_next_link(self) -> str | None:
        return self._on_site(super().get_next_link())

    def get_previous_link(self) -> str | None:
        return self._on_site(super().get_previous_link())

    def _on_site(self, link: str | None) -> str | None:
        if link is None or self.request is None:
            return link
        parts = urlsplit(link)
        return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""), self.request._request)


def _token(request: Request) -> ApiToken:
    # HasApiToken (the default permission) has let in only requests whose `auth` is an ApiToken.
    assert isinstance(request.auth, ApiToken)
    return request.auth


def _campaign(request: Request, campaign_id: int, *, with_counts: bool = False) -> Campaign:
    campaign = api_campaign_get(
        organisation=_token(request).organisation, campaign_id=campaign_id, with_counts=with_counts
    )
    if campaign is None:
        raise NotFound("No such campaign.")
    return campaign


def _scores(request: Request, campaign_id: int) -> dict[str, Any]:
    campaign = _campaign(request, campaign_id)
    department = request.query_params.get("department", "").strip() or None
    try:
        # Always English: API clients parse this, whatever their Accept-Language.
        return scores_json(campaign_scores(campaign=campaign, department=department), instrument=campaign.instrument)
    except ApplicationError as exc:  # an unknown department
        raise ParseError(exc.message) from exc


@extend_schema(
    summary="The organisation's campaigns, newest first",
    responses={
        200: CampaignListSerializer(many=True),
        404: OpenApiResponse(ErrorSerializer, description="No such page."),
        **ERRORS,
    },
)
class CampaignListApi(ListAPIView):
    serializer_class = CampaignListSerializer
    pagination_class = CampaignPagination

    def get_queryset(self) -> QuerySet[Campaign]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no token
            return Campaign.objects.none()
        return api_campaign_list(organisation=_token(self.request).organisation)


class CampaignDetailApi(APIView):
    @extend_schema(
        summary="One campaign: status, dates, response counts per side",
        parameters=[CAMPAIGN_ID],
        responses={200: CampaignPageSerializer, **NO_CAMPAIGN, **ERRORS},
    )
    def get(self, request: Request, campaign_id: int) -> Response:
        campaign = _campaign(request, campaign_id, with_counts=True)
        departments = campaign_department_names(campaign=campaign)
        return Response(CampaignPageSerializer(campaign, context={"request": request, "departments": departments}).data)


class CampaignScoresApi(APIView):
    @extend_schema(
        summary="The campaign's scores, as the dashboard shows them",
        description="Aggregates only, never individual answers. A group under the campaign's anonymity "
        "threshold is null, and so is a group that would give it away by subtraction.",
        parameters=[CAMPAIGN_ID, DEPARTMENT],
        responses={
            200: CampaignScoresSerializer,
            **BAD_DEPARTMENT,
            **NO_CAMPAIGN,
            **ERRORS,
        },
    )
    def get(self, request: Request, campaign_id: int) -> Response:
        scores = _scores(request, campaign_id)
        # Added at this level, as `campaign_scores --json` does: the workshop's decisions are not computed scores.
        campaign = _campaign(request, campaign_id)
        scores["consensus"] = consensus_json(campaign_consensus(campaign=campaign))
        scores["trend"] = campaign_trend_json(campaign=campaign, department=scores["department"])
        # The action plan (issue #19), likewise beside the scores: the same whatever ?department=.
        scores["actions"] = campaign_actions_json(campaign=campaign)
        # The benchmark across organisations (issue #20): a contributor's whole campaign only, else null.
        scores["benchmark"] = (
            None
            if scores["department"]
            else benchmark_json(campaign=campaign, scores=campaign_scores(campaign=campaign))
        )
        # Each business unit's pair with IT (issue #20): [] without units, null for a department.
        scores["partners"] = None if scores["department"] else partners_json(campaign=campaign)
        return Response(scores)


class CampaignRecommendationsApi(APIView):
    @extend_schema(
        summary="The campaign's recommendations, ranked",
        description="The main list (at most 10) and the appendix, in rank order: only clear gaps and clear "
        "weaknesses, by weight x the near end of the gap's 95 % interval, never before their prerequisites or an "
        "earlier stage; quick wins are marked where they stand. Each names the measured gap that triggered it.",
        parameters=[CAMPAIGN_ID, DEPARTMENT],
        responses={
            200: CampaignRecommendationsSerializer,
            **BAD_DEPARTMENT,
            **NO_CAMPAIGN,
            **ERRORS,
        },
    )
    def get(self, request: Request, campaign_id: int) -> Response:
        scores = _scores(request, campaign_id)
        keys = ("campaign", "department", "recommendations", "recommendations_appendix")
        return Response({key: scores[key] for key in keys})
