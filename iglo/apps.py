from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IgloConfig(AppConfig):
    name = "iglo"
    verbose_name = _("IGLO-handleplaner")

    def ready(self) -> None:
        from iglo.reminders import SOURCES  # noqa: PLC0415
        from workplaces.reminders import register  # noqa: PLC0415

        for source in SOURCES:
            register(source)
