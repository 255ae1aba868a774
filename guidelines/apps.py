from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Viden om stress og lokale retningslinjer")

    def ready(self) -> None:
        from guidelines.reminders import GuidelinePublished, GuidelineReviewDue  # noqa: PLC0415
        from workplaces.reminders import register  # noqa: PLC0415

        register(GuidelineReviewDue())
        register(GuidelinePublished())
