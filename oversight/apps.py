from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Above the annexes: HR's dashboard and trends, and each workplace's programme page
    (where it stands in Bilag 1–7)."""

    name = "oversight"
    verbose_name = _("Overblik")
