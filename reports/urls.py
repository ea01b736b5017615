from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("campaigns/<int:campaign_id>/reports/", views.report_list, name="list"),
    path("campaigns/<int:campaign_id>/reports/new/", views.report_request, name="request"),
    path("reports/<int:report_id>/", views.report_detail, name="detail"),
    path("reports/<int:report_id>/status.json", views.report_status, name="status"),
    path("reports/<int:report_id>/download/", views.report_download, name="download"),
]
