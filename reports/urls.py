"""One report's pages, under /reports/<int:report_id>/.

Included by workspace/urls.py into the `reports` namespace, beside a campaign's report list
(/campaigns/<int:campaign_id>/reports/), which is declared there with the campaign's other pages.
"""

from __future__ import annotations

from django.urls import path

from reports import views

urlpatterns = [
    path("", views.report_detail, name="detail"),
    path("status.json", views.report_status, name="status"),
    path("download/", views.report_download, name="download"),
]
