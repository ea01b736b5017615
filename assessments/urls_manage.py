"""The BRM and consultant workspace (namespace `manage`): organisation pages under /o/ and the
campaign management pages under /campaigns/<id>/ (the dashboard itself is `campaigns:dashboard`)."""

from __future__ import annotations

from django.urls import path

from assessments.views import invitations, manage

app_name = "manage"

urlpatterns = [
    path("o/", manage.workspace, name="workspace"),
    path("o/<slug:slug>/", manage.campaign_list, name="campaign_list"),
    path("o/<slug:slug>/campaigns/new/", manage.campaign_create, name="campaign_create"),
    path("o/<slug:slug>/instruments/upload/", manage.instrument_upload, name="instrument_upload"),
    path("o/<slug:slug>/audit/", manage.audit_log, name="audit_log"),
    path("campaigns/<int:campaign_id>/edit/", manage.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_id>/open/", manage.campaign_open, name="campaign_open"),
    path("campaigns/<int:campaign_id>/close/", manage.campaign_close, name="campaign_close"),
    path("campaigns/<int:campaign_id>/duplicate/", manage.campaign_duplicate, name="campaign_duplicate"),
    path("campaigns/<int:campaign_id>/responses/upload/", manage.responses_upload, name="responses_upload"),
    path("campaigns/<int:campaign_id>/invitations/", invitations.invitation_list, name="invitation_list"),
    path("campaigns/<int:campaign_id>/invitations/add/", invitations.invitation_add, name="invitation_add"),
    path("campaigns/<int:campaign_id>/invitations/confirm/", invitations.invitation_confirm, name="invitation_confirm"),
    path("campaigns/<int:campaign_id>/invitations/remind/", invitations.invitation_remind, name="invitation_remind"),
    path(
        "campaigns/<int:campaign_id>/invitations/<int:invitation_id>/send/",
        invitations.invitation_send,
        name="invitation_send",
    ),
    path(
        "campaigns/<int:campaign_id>/invitations/<int:invitation_id>/link/",
        invitations.invitation_link,
        name="invitation_link",
    ),
    path("campaigns/<int:campaign_id>/open-links/", invitations.open_link_update, name="open_link_update"),
    path("campaigns/<int:campaign_id>/open-links/cap/", invitations.open_link_cap, name="open_link_cap"),
]
