from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from workplaces import audit
from workplaces.models import (
    Area,
    AuditEvent,
    FunctionRole,
    LocalCommittee,
    Membership,
    MembershipChange,
    MunicipalText,
    User,
    WorkEnvironmentGroup,
    Workplace,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "starts_on", "ends_on", "imported"]
    readonly_fields = ["imported"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_hr_admin", "is_active"]
    list_filter = ["is_hr_admin", "is_active", "is_staff"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Stressprogram"), {"fields": ["is_hr_admin"]}),
    )

    def has_delete_permission(self, request, obj=None) -> bool:
        # A person who left is removed with "Fjern (personen er stoppet)", which keeps the
        # ball rounds' participant counts and the shared plans; deleting the row would
        # change both (and cascade into records that must stay). Nobody deletes here.
        return False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # HR manages people, not Django's own staff and permission flags.
        hidden = {"is_staff", "is_superuser", "groups", "user_permissions"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "code", "is_workplace"]
    list_filter = ["is_workplace"]
    search_fields = ["name", "code"]


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "kind", "reminder_hour", "code"]
    list_filter = ["kind", "area"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(LocalCommittee, WorkEnvironmentGroup)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    filter_horizontal = ["workplaces", "members"]


@admin.register(MembershipChange)
class MembershipChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "workplace", "person", "kind", "role", "by"]
    list_filter = ["kind"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MunicipalText)
class MunicipalTextAdmin(admin.ModelAdmin):
    list_display = ["key", "updated_at"]


@admin.register(FunctionRole)
class FunctionRoleAdmin(admin.ModelAdmin):
    list_display = ["function", "role"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only for everyone (HR-admin included)."""

    list_display = ["at", "kind", "user", "object_type", "object_id", "address"]
    list_filter = ["kind"]
    date_hierarchy = "at"
    search_fields = ["user__username", "object_id"]
    list_select_related = ["user"]
    list_per_page = 100

    def get_queryset(self, request):
        events = super().get_queryset(request)
        # Key conversations are health data: who has one is for its two people and for IT
        # and the DPO (superusers), not HR-admin, who sees only how many exist.
        if not request.user.is_superuser:
            events = events.exclude(object_type=audit.KEY_CONVERSATION)
        return events

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
