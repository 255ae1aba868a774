from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Above the annexes: a person's data across all of them (Mine data), removal of one
    who has left, and the retention periods that empty old rows."""

    name = "privacy"
    verbose_name = _("Persondata")
