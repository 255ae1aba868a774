"""The municipality's practical texts: HR's version from the admin, else the seed's."""

from workplaces.models import MunicipalText

Key = MunicipalText.Key

# From the stress policy (Bilag 1), used until HR writes the municipality's own.
DEFAULTS = {
    Key.COURSE_OFFER: (
        "Der kan rekvireres kurser om ”forstå stress” ved Stress-enheden, "
        "HR-arbejdsmiljø/Organisation og Personale"
    ),
    Key.STRESS_UNIT_CONTACT: (
        "Stress-enheden, HR-arbejdsmiljø/Organisation og Personale. "
        "Kontakt HR for telefonnummer og e-mail."
    ),
    # The seed's danger-zone task for the manager (Bilag 2) and the key conversation (Bilag 4).
    Key.CRISIS_SCHEME: (
        "Lederen sætter stressbehandling gennem arbejdspladsens kriseordning i værk. "
        "Kontakt HR-arbejdsmiljø for at få den startet."
    ),
}


def municipal_text(key: str) -> str:
    """HR's text for `key`, or the stress policy's default."""
    saved = MunicipalText.objects.filter(key=key).values_list("text", flat=True).first()
    return saved or DEFAULTS[key]
