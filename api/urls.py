from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"

urlpatterns = [
    path("v1/campaigns/", views.CampaignListApi.as_view(), name="campaign_list"),
    path("v1/campaigns/<int:campaign_id>/", views.CampaignDetailApi.as_view(), name="campaign_detail"),
    path("v1/campaigns/<int:campaign_id>/scores/", views.CampaignScoresApi.as_view(), name="campaign_scores"),
    path(
        "v1/campaigns/<int:campaign_id>/recommendations/",
        views.CampaignRecommendationsApi.as_view(),
        name="campaign_recommendations",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script from a URL of its own (?script): the Content-Security-Policy
    # allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
