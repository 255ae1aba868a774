"""The stress policy's own texts for Bilag 4, word for word: the guide for the manager."""

from django.utils.translation import gettext_lazy as _

# Hvornår, Hvem, Hvorfor.
INTRO = (
    (
        _("Hvornår"),
        _(
            "Nøglesamtalen er den første samtale lederen har med medarbejderen, når medarbejderen "
            "oplever stress og har brug for hjælp. Ofte har medarbejderen allerede en del "
            "symptomer, selvom de kan variere."
        ),
    ),
    (
        _("Hvem"),
        _("Det er altid nærmeste leders opgave at tage den første samtale ”Nøglesamtalen”."),
    ),
    (
        _("Hvorfor"),
        _(
            "Håndteres denne samtale rigtigt, kan konsekvenserne mindskes. Når en medarbejder går "
            "til dig som leder pga. stress, er det som oftest den sidste udvej, og der er en god "
            "mulighed for at hjælpe medarbejderen."
        ),
    ),
)

PREPARATIONS_HEADING = _("Praktiske forberedelser og overvejelser inden samtalen:")
PREPARATIONS = (
    _("Find et lokale, hvor der ikke er forstyrrelser"),
    _("Det er dig som leder, der skal tage styringen"),
    _("Lyt til hvad den stressramte fortæller og anerkend dette"),
    _("Vær tålmodig og imødegå selvbebrejdelse"),
    _("Skab overblik og hjælp til prioritering og tag beslutninger"),
)

AVOID_HEADING = _("Ved nøglesamtalen skal du undgå at:")
AVOID = (
    _("Analysere, tolke, forklare, forsvare eller bagatellisere"),
    _("Inddrage dine egne oplevelser med stress"),
    _("Give skyld og bebrejde"),
    _("Give gode råd"),
)

KEY_CONCEPTS_LEAD = _(
    "For at hjælpe din medarbejder bedst ud af situationen er nedenstående tre nøglebegreber, "
    "de vigtigste i samtalen:"
)
# Field on KeyConversation -> (concept, what it means).
KEY_CONCEPTS = {
    "calm": (
        _("Skab ro om medarbejderen"),
        _(
            "hjælp medarbejderen ud af stressspiralen og komme på afstand af det, der er det "
            "problematiske."
        ),
    ),
    "hope": (
        _("Skab håb for medarbejderen"),
        _(
            "tydeliggør at du anerkender, at I nok skal finde en løsning og giv en tro på, at der "
            "en vej ud af stress."
        ),
    ),
    "immediate_action": (
        _("Iværksæt umiddelbar handling"),
        _(
            "hjælp medarbejder med at få styr på kalender, aflevere opgaver, og aftal hvad der skal "
            "meldes ud."
        ),
    ),
}

SOURCE = _("Malene Friis Andersens bog ”Stop stress” en håndbog for ledere")

# The manager's cells of the TRF grid (Bilag 2) that name the two follow-up plans.
FOLLOW_UPS = {
    "relief": _("Udarbejder en handlingsplan med fokus på aflastning og relevant støtte"),
    "return": _(
        "Sikrer trinvis tilbagevendingsplan og styring af opgavekompleksitet ved sygemelding"
    ),
}
