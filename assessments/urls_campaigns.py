from django.urls import path, register_converter

from assessments.converters import ExportFormatConverter
from assessments.views import campaigns, exports

app_name = "campaigns"
register_converter(ExportFormatConverter, "exportformat")

urlpatterns = [
    path("<int:campaign_id>/", campaigns.campaign_dashboard, name="dashboard"),
    path("<int:campaign_id>/export/scores.<exportformat:fmt>", exports.campaign_scores_export, name="scores_export"),
    path("<int:campaign_id>/export/answers.<exportformat:fmt>", exports.campaign_answers_export, name="answers_export"),
]
