"""The stress policy's own texts for Bilag 4, word for word: the guide for the manager."""

# Hvornår, Hvem, Hvorfor.
INTRO = (
    (
        "Hvornår",
        "Nøglesamtalen er den første samtale lederen har med medarbejderen, når medarbejderen "
        "oplever stress og har brug for hjælp. Ofte har medarbejderen allerede en del "
        "symptomer, selvom de kan variere.",
    ),
    ("Hvem", "Det er altid nærmeste leders opgave at tage den første samtale ”Nøglesamtalen”."),
    (
        "Hvorfor",
        "Håndteres denne samtale rigtigt, kan konsekvenserne mindskes. Når en medarbejder går "
        "til dig som leder pga. stress, er det som oftest den sidste udvej, og der er en god "
        "mulighed for at hjælpe medarbejderen.",
    ),
)

PREPARATIONS_HEADING = "Praktiske forberedelser og overvejelser inden samtalen:"
PREPARATIONS = (
    "Find et lokale, hvor der ikke er forstyrrelser",
    "Det er dig som leder, der skal tage styringen",
    "Lyt til hvad den stressramte fortæller og anerkend dette",
    "Vær tålmodig og imødegå selvbebrejdelse",
    "Skab overblik og hjælp til prioritering og tag beslutninger",
)

AVOID_HEADING = "Ved nøglesamtalen skal du undgå at:"
AVOID = (
    "Analysere, tolke, forklare, forsvare eller bagatellisere",
    "Inddrage dine egne oplevelser med stress",
    "Give skyld og bebrejde",
    "Give gode råd",
)

KEY_CONCEPTS_LEAD = (
    "For at hjælpe din medarbejder bedst ud af situationen er nedenstående tre nøglebegreber, "
    "de vigtigste i samtalen:"
)
# Field on KeyConversation -> (concept, what it means).
KEY_CONCEPTS = {
    "calm": (
        "Skab ro om medarbejderen",
        "hjælp medarbejderen ud af stressspiralen og komme på afstand af det, der er det "
        "problematiske.",
    ),
    "hope": (
        "Skab håb for medarbejderen",
        "tydeliggør at du anerkender, at I nok skal finde en løsning og giv en tro på, at der "
        "en vej ud af stress.",
    ),
    "immediate_action": (
        "Iværksæt umiddelbar handling",
        "hjælp medarbejder med at få styr på kalender, aflevere opgaver, og aftal hvad der skal "
        "meldes ud.",
    ),
}

SOURCE = "Malene Friis Andersens bog ”Stop stress” en håndbog for ledere"

# The manager's cells of the TRF grid (Bilag 2) that name the two follow-up plans.
FOLLOW_UPS = {
    "relief": "Udarbejder en handlingsplan med fokus på aflastning og relevant støtte",
    "return": "Sikrer trinvis tilbagevendingsplan og styring af opgavekompleksitet ved sygemelding",
}
