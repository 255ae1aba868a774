"""The admin site itself (stressprogram/apps.py names it); the models are registered in
each app's admin.py, which Django imports once this site exists."""

from django.contrib import admin, messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from stressprogram.ratelimit import UNTRUSTED_FORWARDING
from workplaces.access import is_hr


class AdminSite(admin.AdminSite):
    """Django's admin in Danish, open to HR-admins (who manage the organisation) and staff."""

    site_header = _("Stressprogram – administration")
    site_title = _("Stressprogram")
    index_title = _("Organisation og brugere")

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        untrusted = cache.get(UNTRUSTED_FORWARDING)
        if untrusted and request.user.is_superuser:
            when = formats.date_format(timezone.localtime(untrusted["at"]), "DATETIME_FORMAT")
            messages.warning(
                request,
                _(
                    "Der er kommet X-Forwarded-For fra %(peer)s (senest %(when)s), som ikke "
                    "står i TRUSTED_PROXIES. Er det kommunens proxy, så skriv den i "
                    "TRUSTED_PROXIES; ellers deler alle bag den én adresse i "
                    "begrænsningerne af forsøg."
                )
                % {"peer": untrusted["peer"], "when": when},
            )
        return super().index(request, extra_context)

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or is_hr(user))
