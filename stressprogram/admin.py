from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from stressprogram.models import QueuedTask
from stressprogram.outbox import drain_outbox


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """Background work kept while the broker was down (stressprogram/outbox.py), for IT:
    read-only, with "send now" for when Redis is back before the next minute's drain."""

    list_display = ["created_at", "task", "kwargs"]
    actions = ["send_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Send de ventende opgaver nu"), permissions=["view"])
    def send_now(self, request: HttpRequest, queryset: object) -> None:
        sent = drain_outbox()
        left = QueuedTask.objects.count()
        self.message_user(
            request,
            _("Sendt: %(sent)s. Venter stadig: %(left)s.") % {"sent": sent, "left": left},
            messages.SUCCESS if not left else messages.WARNING,
        )
