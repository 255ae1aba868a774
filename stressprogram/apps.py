from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "workplaces.admin_site.AdminSite"


class StressprogramConfig(AppConfig):
    default = True
    name = "stressprogram"
    verbose_name = _("Stressprogram")

    def ready(self) -> None:
        from stressprogram import checks  # noqa: F401, PLC0415  (registers the checks)
