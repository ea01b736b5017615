from django.contrib import admin
from django.urls import include, path

from brmportal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("r/", include("assessments.urls")),
    path("campaigns/", include("assessments.urls_campaigns")),
    path("", include("reports.urls")),
    path("", include("assessments.urls_manage")),
    path("api/", include("api.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
