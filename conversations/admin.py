from django.contrib import admin
from django.http import HttpRequest

from conversations.models import RetentionPeriod
from workplaces.access import can_set_retention

# Key conversations, their plans and access log are never registered here: health data
# is seen by its holder and its subject in the app, and by nobody in the admin.


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_set_retention(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return can_set_retention(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return can_set_retention(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One period for the whole municipality.
        return can_set_retention(request.user) and not RetentionPeriod.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
