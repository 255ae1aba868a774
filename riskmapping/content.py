"""The seed's words for Bilag 5, shown as they are (Danish msgids, translated like the rest)."""

from django.utils.translation import gettext_lazy as _

WHY = _(
    "Boldmetoden anvendes, når medarbejdergruppen har sin faste gang i de samme fysiske "
    "omgivelser, eksempelvis plejecentre, kontorarbejdspladser eller botilbud. Alle "
    "medarbejdere skal derfor i videst muligt omfang være til stede i en 14 dages periode, "
    "mens processen foregår."
)

# "Introduktion af proces til medarbejderne (Varighed 15 min.)": the manager's script.
INTRO = (
    _(
        "Vi har konstateret, at der er stress på vores arbejdsplads, så vi skal i gang med at "
        "afdække de mulige risikofaktorer, der kan forårsage stress."
    ),
    _(
        "I den forbindelse vil vi ved hjælp af ”Boldmetoden” afdække, hvilke risikofaktorer, "
        "der er til stede her."
    ),
    _("I skal hver især i en periode på 14 dage dagligt forholde jer til:"),
    _(
        "Har det overvejende været en dag med mange belastninger, så skal der smides en rød "
        "bold i montren og begrundes på en rød seddel, der smides i postkassen. Har det "
        "overvejende været en dag, der har været energigivende, skal der smides en grøn bold "
        "i montren og begrundes på en grøn seddel. Det vil give os et billede af, hvilke "
        "risikofaktorer der er i afdelingen, og hvad vi skal handle på fremadrettet."
    ),
    _("Vær så konkret som mulig. Der skal ikke anføres navn."),
    _(
        "Fortæl, hvornår processen løber af stablen. Hver dag får alle en påmindelse med et "
        "personligt link, så flest mulige husker at aflevere en bold og en seddel."
    ),
)

NOTE_HINT = _("Vær så konkret som mulig. Der skal ikke anføres navn.")
RED = _("Rød bold – en dag med mange belastninger")
GREEN = _("Grøn bold – en energigivende dag")
