from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskmappingConfig(AppConfig):
    name = "riskmapping"
    verbose_name = _("Afdækning af risikofaktorer")

    def ready(self) -> None:
        from riskmapping.balls.reminders import BallDropDue  # noqa: PLC0415
        from workplaces.reminders import register  # noqa: PLC0415

        register(BallDropDue())
