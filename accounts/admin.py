from django.contrib import admin

from accounts.models import Branding, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "benchmark_opt_in", "created_at"]
    list_filter = ["benchmark_opt_in"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    list_select_related = ["user", "organisation"]


@admin.register(Branding)
class BrandingAdmin(admin.ModelAdmin):
    # The logo is set only through the workspace, where the upload is checked and encoded anew.
    list_display = ["organisation", "consultancy_name", "logo_width", "logo_height", "updated_at"]
    search_fields = ["organisation__name", "consultancy_name"]
    list_select_related = ["organisation"]
    readonly_fields = ["logo_width", "logo_height"]
