"""The admin site itself (stressprogram/apps.py names it); the models are registered in
each app's admin.py, which Django imports once this site exists."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from workplaces.access import is_hr


class AdminSite(admin.AdminSite):
    """Django's admin in Danish, open to HR-admins (who manage the organisation) and staff."""

    site_header = _("Stressprogram – administration")
    site_title = _("Stressprogram")
    index_title = _("Organisation og brugere")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or is_hr(user))
