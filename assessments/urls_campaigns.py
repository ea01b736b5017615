from django.urls import path

from assessments.views import campaigns

app_name = "campaigns"

urlpatterns = [
    path("<int:campaign_id>/", campaigns.campaign_dashboard, name="dashboard"),
]
