from django.contrib import admin

from assessments.models import Answer, Campaign, Instrument, Invitation, Item, OpenLink, Response, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "code", "kind", "form"]
    readonly_fields = fields
    can_delete = False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["version", "name", "created_at"]
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


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["side", "email", "department", "state"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "status", "opens_at", "closes_at", "anonymity_threshold"]
    list_filter = ["status", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "side", "department", "state", "created_at"]
    list_filter = ["side", "state", "campaign__organisation"]
    search_fields = ["email", "campaign__name"]
    readonly_fields = ["token"]
    list_select_related = ["campaign"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["item", "aspect", "value", "special"]
    raw_id_fields = ["item"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "campaign", "side", "department", "source", "submitted_at"]
    list_filter = ["side", "source", "campaign__organisation"]
    raw_id_fields = ["invitation"]
    list_select_related = ["campaign"]
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "item", "aspect", "value", "special"]
    list_filter = ["campaign", "aspect", "special"]
    raw_id_fields = ["response", "item"]
    list_select_related = ["item"]


@admin.register(OpenLink)
class OpenLinkAdmin(admin.ModelAdmin):
    list_display = ["campaign", "side", "active", "created_at"]
    list_filter = ["side", "active", "campaign__organisation"]
    readonly_fields = ["token"]
    list_select_related = ["campaign"]
