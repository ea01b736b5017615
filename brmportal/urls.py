from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from brmportal import views
from workspace.views.password_reset import password_reset_request

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers and bookmarks ask for /favicon.ico whatever the page's <link>: send them to the static file.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.ico")), name="favicon"),
    path("r/", include("respondent.urls")),
    path("", include("workspace.urls")),
    path("api/", include("api.urls")),
    # Before Django's own: the same URL name, throttled, its e-mail sent by a worker.
    path("accounts/password_reset/", password_reset_request, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
