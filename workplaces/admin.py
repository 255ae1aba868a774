from http import HTTPStatus

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workplaces import audit, services
from workplaces.access import can_change_person, can_set_password
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
    # "Tilføj endnu en person" (Django's words around the name), not "... en Medlemskab".
    verbose_name, verbose_name_plural = _("person"), _("personer på arbejdspladsen")
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "starts_on", "ends_on", "imported"]
    readonly_fields = ["imported"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "workplace")


class AdminPersonAddForm(forms.ModelForm):
    """HR adds a person by name and e-mail: no password field, no words about single
    sign-on or LDAP; the person chooses a password through the link HR sends."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_hr_admin", "is_active"]
    list_filter = ["is_hr_admin", "is_active", "is_staff"]
    # Written by the login itself; nobody edits them by hand.
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Stressprogram"), {"fields": ["is_hr_admin"]}),
    )

    actions = ["send_password_reset_link"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not can_set_password(request.user, obj):
            kwargs["form"] = AdminPersonAddForm
        return super().get_form(request, obj, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A person who left is removed with "Fjern (personen er stoppet)", which keeps the
        # ball rounds' participant counts and the shared plans; deleting the row would
        # change both (and cascade into records that must stay). Nobody deletes here.
        return False

    def get_fieldsets(self, request, obj=None):
        if obj is None and not can_set_password(request.user, obj):
            return [(None, {"fields": AdminPersonAddForm.Meta.fields})]
        fieldsets = super().get_fieldsets(request, obj)
        if can_set_password(request.user, obj):
            return fieldsets
        # HR manages people, not Django's own staff and permission flags, nor passwords:
        # a person chooses their own through the link HR sends (the action below).
        hidden = {"is_staff", "is_superuser", "groups", "user_permissions", "password"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def save_model(self, request, obj, form, change) -> None:
        if not change and not can_set_password(request.user, obj):
            # Whatever was typed, HR never knows a new person's password: the person
            # chooses one through the link HR sends (the action below).
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not can_change_person(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    # `id` is the name Django calls it with.
    def user_change_password(self, request, id, form_url=""):  # noqa: A002
        person = self.get_object(request, unquote(id))
        if person is not None and not can_set_password(request.user, person):
            audit.record(audit.Kind.FORBIDDEN, request=request, **services.about(person))
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        chosen = request.method == "POST" and response.status_code == HTTPStatus.FOUND
        if chosen and person is not None and person.pk != request.user.pk:
            services.note_password_set_by_other(person, by=request.user, request=request)
        return response

    @admin.action(
        description=_("Send et link til nulstilling af adgangskode til personens egen e-mail"),
        permissions=["change"],
    )
    def send_password_reset_link(self, request, queryset) -> None:
        people = [
            person
            for person in queryset
            if person.is_active and person.email and can_change_person(request.user, person)
        ]
        for person in people:
            services.send_password_reset_link(person, by=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "Der er sendt et link til %(count)s person.",
                "Der er sendt et link til %(count)s personer.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS if people else messages.WARNING,
        )


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

    list_display = ["at", "kind", "user", "object_kind", "object_id", "address"]
    list_filter = ["kind"]
    date_hierarchy = "at"
    search_fields = ["user__username", "object_id"]
    list_select_related = ["user"]
    list_per_page = 100

    @admin.display(description=_("hvad"), ordering="object_type")
    def object_kind(self, event: AuditEvent) -> str:
        """The kind of thing in the reader's words ("arbejdsplads"), not "workplaces.workplace"."""
        try:
            return str(apps.get_model(event.object_type)._meta.verbose_name)  # noqa: SLF001
        except (LookupError, ValueError):
            return event.object_type or "–"

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
