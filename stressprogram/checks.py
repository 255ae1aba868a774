"""System checks of the deployment's own settings, beside Django's `check --deploy`."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def accessibility_contact(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The web accessibility act asks the statement for a way to reach the authority: a
    production without a contact address would show only "contact HR"."""
    if settings.ACCESSIBILITY_CONTACT_EMAIL:
        return []
    return [
        checks.Warning(
            "ACCESSIBILITY_CONTACT_EMAIL is empty: the accessibility statement names no contact.",
            hint="Set ACCESSIBILITY_CONTACT_EMAIL (and ACCESSIBILITY_CONTACT_PHONE, if any).",
            id="stressprogram.W001",
        )
    ]
