from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplacesConfig(AppConfig):
    name = "workplaces"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Connect the receivers of the audit log and the session limits.
        from workplaces import audit, middleware  # noqa: F401, PLC0415
