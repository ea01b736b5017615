"""The JSON API's settings: Django REST framework and its OpenAPI schema (drf-spectacular)."""

from __future__ import annotations

from brmportal.lib.env import envint

# JSON API (/api/v1/): read-only, authenticated by organisation tokens only (no sessions, so no
# CSRF), JSON in and out (no browsable API). Throttles count in the default cache: "api" requests
# per token, "api_auth_failure" invalid tokens per client address (api.authentication).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasApiToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api": f"{envint('API_THROTTLE_PER_MINUTE', 120)}/minute",
        "api_auth_failure": f"{envint('API_AUTH_FAILURES_PER_HOUR', 30)}/hour",
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # GET only: no OPTIONS metadata either (405), the OpenAPI schema describes every endpoint.
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BRM Portal API",
    "DESCRIPTION": (
        "Read-only access to one organisation's campaigns and scores. Authenticate with "
        "`Authorization: Bearer <key>` (an organisation token, created by an organisation admin on the "
        "workspace's API tokens page or with `manage.py api_token_create`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page describe the API, not tenant data: served to anyone.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Swagger UI from the drf-spectacular-sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CampaignStatusEnum": "assessments.models.Campaign.Status",
        "PracticeFormEnum": "assessments.models.Campaign.PracticeForm",
    },
}
