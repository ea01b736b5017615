"""Django admin for staff. Answers are never shown here, and neither is anything that would tie
a response to a person (issue #13): there is no Answer or Response admin, the invitation admin
shows addresses and states only, and personal link tokens are not shown at all."""

from django.contrib import admin

from assessments.actions import Action
from assessments.benchmark import BenchmarkSnapshot
from assessments.consensus import ConsensusModel, ConsensusValue
from assessments.models import (
    Campaign,
    ImportJob,
    Instrument,
    Invitation,
    Item,
    OpenLink,
    OpenQuestion,
    OutgoingEmail,
    Section,
)
from assessments.partners import BusinessUnit


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    readonly_fields = ("order", "code", "kind", "form")
    fields = readonly_fields
    can_delete = False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added or changed here: each of these rows is written by a service that
    checks what the admin cannot (a role, a rule, the audit log)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["version", "name", "organisation", "created_at"]
    list_filter = ["organisation"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    exclude = ["content"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["code", "instrument", "kind", "order", "form"]
    list_filter = ["instrument", "kind"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["code", "instrument", "kind", "dimension", "group", "required"]
    list_filter = ["instrument", "kind", "group"]
    search_fields = ["code", "dimension"]
    list_select_related = ["instrument"]


@admin.register(OpenQuestion)
class OpenQuestionAdmin(admin.ModelAdmin):
    """The questions only (content of a version); the answers to them, comments and drafts, are
    never in the admin (assessments/comments.py)."""

    list_display = ["code", "instrument", "order", "max_length"]
    list_filter = ["instrument"]
    list_select_related = ["instrument"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "status", "opens_at", "closes_at", "anonymity_threshold"]
    list_filter = ["status", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # Addresses and states, never a token (a credential) and nothing from the response.
    list_display = ["email", "campaign", "side", "department", "state", "created_at"]
    list_filter = ["side", "state", "campaign__organisation"]
    search_fields = ["email", "campaign__name"]
    fields = ["organisation", "campaign", "side", "email", "department", "state", "opened_at", "emailed_at"]
    readonly_fields = ["organisation", "campaign", "state", "opened_at", "emailed_at"]
    list_select_related = ["campaign"]

    def has_add_permission(self, request) -> bool:
        # Invitations are added in the workspace, which checks addresses and departments.
        return False


@admin.register(OpenLink)
class OpenLinkAdmin(admin.ModelAdmin):
    list_display = ["campaign", "side", "active", "cap", "created_at"]
    list_filter = ["side", "active", "campaign__organisation"]
    readonly_fields = ["token"]
    list_select_related = ["campaign"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """The outbox, to see what waits and why (read only). Never the message: while it waits it
    holds a personal link, a credential."""

    list_display = ["kind", "status", "organisation", "attempts", "error", "queued_at", "sent_at"]
    list_filter = ["status", "kind", "organisation"]
    fields = readonly_fields = ("organisation", "kind", "status", "attempts", "error", "queued_at", "sent_at")
    list_select_related = ["organisation"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """Answers imports, to see what ran and how it ended (read only). Never the file or the error
    list: both quote cells of the uploaded answers."""

    list_display = ["filename", "campaign", "status", "imported", "error_count", "created_by", "created_at"]
    list_filter = ["status", "organisation"]
    fields = readonly_fields = (
        "organisation",
        "campaign",
        "created_by",
        "filename",
        "status",
        "progress",
        "rows",
        "imported",
        "counts",
        "error_count",
        "started_at",
        "finished_at",
    )
    list_select_related = ["campaign", "created_by"]


# What consensus workshops agreed (issue #19): the group's decisions, read-only here; they are
# recorded through the facilitator view, which checks the role and writes the audit log.
@admin.register(ConsensusValue)
class ConsensusValueAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "code", "aspect", "current", "target", "recorded_by", "recorded_at"]
    list_filter = ["organisation"]


@admin.register(ConsensusModel)
class ConsensusModelAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "today", "target", "recorded_by", "recorded_at"]
    list_filter = ["organisation"]


# The action plan (issue #19): read-only here; actions are planned and changed in the workspace,
# which checks the role and validates targets and prerequisites.
@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "owner_name", "due_on", "status", "done_on"]
    list_filter = ["organisation", "status"]
    list_select_related = ["campaign"]


# The benchmark's versions (issue #20): published by the beat task or `manage.py benchmark_publish`
# only, never edited. What each organisation contributed (its figures) is not shown here.
@admin.register(BenchmarkSnapshot)
class BenchmarkSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["version", "published_at", "changed", "withheld"]
    exclude = ["contributions"]
    readonly_fields = ["version", "published_at", "organisations", "cells", "changed", "withheld"]

    # Every later version is compared with every earlier one (assessments.benchmark_rules): a
    # deleted version would let the next one differ from it by fewer than five organisations.
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# The organisation's business units (issue #20): read-only here; they are added, renamed and
# archived in the workspace, which checks the role and the names, and audits every change.
# Never deleted: responses rate them (the respondents' units are not shown here).
@admin.register(BusinessUnit)
class BusinessUnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "active", "created_at"]
    list_filter = ["active", "organisation"]
    search_fields = ["name", "organisation__name"]
    fields = readonly_fields = ("organisation", "name", "active", "campaigns", "created_at", "updated_at")
    list_select_related = ["organisation"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
