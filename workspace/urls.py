"""Every URL of the workspace, one list per resource prefix.

- /o/ and /o/<slug>/...: an organisation's pages;
- /campaigns/<int:campaign_id>/...: a campaign's pages, all of them here (the dashboard and
  exports, the settings, the invitations and open links, the uploads, the reports);
- /reports/<int:report_id>/...: one report's pages.

Templates and tests know these pages by three namespaces: `campaigns` (dashboard, exports),
`manage` (everything else a member changes) and `reports`. Django reverses a namespace through
one include only, so the lists are joined into their namespace at the bottom.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, register_converter

from workspace.converters import ExportFormatConverter
from workspace.views import (
    actions,
    api_tokens,
    audit,
    benchmark,
    business_units,
    campaigns,
    clients,
    comments,
    dashboard,
    deletion,
    exports,
    invitation_emails,
    invitations,
    organisation,
    portfolio,
    reports,
    uploads,
    workshop,
)

register_converter(ExportFormatConverter, "exportformat")

# /o/<slug>/
organisation_urls = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("instruments/upload/", uploads.instrument_upload, name="instrument_upload"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("api-tokens/", api_tokens.api_token_list, name="api_token_list"),
    path("api-tokens/new/", api_tokens.api_token_create, name="api_token_create"),
    path("api-tokens/<int:api_token_id>/revoke/", api_tokens.api_token_revoke, name="api_token_revoke"),
    path("delete/", deletion.organisation_delete, name="organisation_delete"),
    path("settings/", organisation.organisation_settings, name="organisation_settings"),
    path("settings/benchmark/", benchmark.organisation_benchmark, name="organisation_benchmark"),
    path("settings/units/", business_units.business_unit_list, name="business_unit_list"),
    path("settings/units/new/", business_units.business_unit_create, name="business_unit_create"),
    path("settings/units/<int:business_unit_id>/", business_units.business_unit_rename, name="business_unit_rename"),
    path(
        "settings/units/<int:business_unit_id>/archive/",
        business_units.business_unit_archive,
        name="business_unit_archive",
    ),
]

# /campaigns/<int:campaign_id>/, by namespace
campaign_urls = [
    path("", dashboard.campaign_dashboard, name="dashboard"),
    path("export/scores.<exportformat:fmt>", exports.campaign_scores_export, name="scores_export"),
    path("export/answers.<exportformat:fmt>", exports.campaign_answers_export, name="answers_export"),
    path("export/comments.<exportformat:fmt>", exports.campaign_comments_export, name="comments_export"),
    path("export/partners.<exportformat:fmt>", exports.campaign_partners_export, name="partners_export"),
    # The business-partner portfolio (issue #20): the map and table, a pair's page, its one-pager.
    path("portfolio/", portfolio.portfolio_detail, name="portfolio"),
    path("portfolio/<int:business_unit_id>/", portfolio.partner_detail, name="portfolio_partner"),
    path("portfolio/<int:business_unit_id>/pdf/", portfolio.partner_pdf, name="portfolio_partner_pdf"),
]
campaign_manage_urls = [
    path("edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("open/", campaigns.campaign_open, name="campaign_open"),
    path("close/", campaigns.campaign_close, name="campaign_close"),
    path("close/confirm/", campaigns.campaign_close_confirm, name="campaign_close_confirm"),
    path("duplicate/", campaigns.campaign_duplicate, name="campaign_duplicate"),
    path("delete/", deletion.campaign_delete, name="campaign_delete"),
    path("responses/upload/", uploads.responses_upload, name="responses_upload"),
    path("responses/template.<exportformat:fmt>", uploads.responses_template, name="responses_template"),
    path("responses/imports/<int:import_job_id>/", uploads.import_job_detail, name="import_job_detail"),
    path("responses/imports/<int:import_job_id>/status.json", uploads.import_job_status, name="import_job_status"),
    path("invitations/", invitations.invitation_list, name="invitation_list"),
    path("invitations/add/", invitations.invitation_add, name="invitation_add"),
    path("invitations/confirm/", invitations.invitation_confirm, name="invitation_confirm"),
    path("invitations/invite/", invitation_emails.invitations_invite, name="invitations_invite"),
    path("invitations/remind/", invitation_emails.invitation_remind, name="invitation_remind"),
    path("invitations/<int:invitation_id>/send/", invitation_emails.invitation_send, name="invitation_send"),
    path("invitations/<int:invitation_id>/link/", invitations.invitation_link, name="invitation_link"),
    path("open-links/", invitations.open_link_update, name="open_link_update"),
    path("open-links/cap/", invitations.open_link_cap, name="open_link_cap"),
    path("comments/", comments.comment_list, name="comment_list"),
    path("comments/<uuid:comment_id>/hide/", comments.comment_hide_view, name="comment_hide"),
    path("comments/<uuid:comment_id>/themes/", comments.comment_themes_view, name="comment_themes"),
    path("workshop/", workshop.workshop, name="workshop"),
    path("workshop/record/", workshop.workshop_record, name="workshop_record"),
    path("workshop/relationship/", workshop.workshop_relationship, name="workshop_relationship"),
    path("workshop/relationship/record/", workshop.workshop_relationship_record, name="workshop_relationship_record"),
    path("actions/", actions.action_list_view, name="action_list"),
    path("actions/new/", actions.action_create_view, name="action_create"),
    path("actions/export.xlsx", actions.actions_export_view, name="actions_export"),
    path("actions/export.ics", actions.actions_calendar_view, name="actions_calendar"),
    path("actions/<int:action_id>/edit/", actions.action_edit_view, name="action_edit"),
    path("actions/<int:action_id>/status/", actions.action_status_view, name="action_status"),
    path("actions/<int:action_id>/delete/", actions.action_delete_view, name="action_delete"),
]
campaign_report_urls = [
    path("reports/", reports.report_list, name="list"),
    path("reports/new/", reports.report_request, name="request"),
]
# /reports/<int:report_id>/
report_detail_urls = [
    path("", reports.report_detail, name="detail"),
    path("status.json", reports.report_status, name="status"),
    path("download/", reports.report_download, name="download"),
]

manage_urls: list[URLPattern | URLResolver] = [
    path("o/", campaigns.workspace, name="workspace"),
    # The consultant's view across clients (issue #20): the user's own memberships, no tenant in the URL.
    path("clients/", clients.client_list, name="client_list"),
    path("o/<slug:slug>/", include(organisation_urls)),
    path("campaigns/<int:campaign_id>/", include(campaign_manage_urls)),
]
report_urls = [
    path("campaigns/<int:campaign_id>/", include(campaign_report_urls)),
    path("reports/<int:report_id>/", include(report_detail_urls)),
]

urlpatterns = [
    path("campaigns/<int:campaign_id>/", include((campaign_urls, "campaigns"))),
    path("", include((report_urls, "reports"))),
    path("", include((manage_urls, "manage"))),
]
