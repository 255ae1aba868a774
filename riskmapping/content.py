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
# On paper nobody gets a link: the seed's own words, the manager's calendar reminder.
PAPER_INTRO_LAST = _(
    "Fortæl, hvornår processen løber af stablen, og sæt en daglig påmindelse i alles "
    "kalendere, så flest mulige husker at aflevere en bold og en seddel."
)


def intro(mode: str) -> tuple:
    """The manager's script for a round dropped `mode` ("digital" or "paper"): on the app
    no glass display or postbox to go to, on paper no personal link."""
    if mode == "digital":
        return (*INTRO[:3], DIGITAL_HOW, *INTRO[4:])
    return (*INTRO[:-1], PAPER_INTRO_LAST)


# The seed's INTRO[3] for a round on the app: no glass display or postbox to go to.
DIGITAL_HOW = _(
    "Har det overvejende været en dag med mange belastninger, så smid en rød bold på "
    "telefonen, computeren eller skærmen i pauserummet, og skriv kort hvorfor. Har det "
    "overvejende været en dag, der har været energigivende, så smid en grøn bold og skriv "
    "hvorfor. Det vil give os et billede af, hvilke risikofaktorer der er i afdelingen, og "
    "hvad vi skal handle på fremadrettet."
)
NOTE_HINT = _("Vær så konkret som mulig. Der skal ikke anføres navn.")
RED = _("Rød bold – en dag med mange belastninger")
GREEN = _("Grøn bold – en energigivende dag")

# "Møde – til drøftelse af løsningsforslag (Varighed i alt 1 time)": the staff meeting's
# blocks in the seed's order, with the minutes the seed lists beside them (they add up to
# 75; the seed says "i alt 1 time", so the manager may shorten them).
MEETING_AGENDA = (
    (
        15,
        _(
            "Alle samles til møde, hvor du som leder kort præsenterer, hvordan de røde og "
            "grønne sedler er grupperet."
        ),
    ),
    (
        5,
        _(
            "De røde kategorier hænges op, og medarbejderne bedes gå til den kategori, hvor "
            "de har flest ideer til løsningsforslag."
        ),
    ),
    (
        25,
        _(
            "Grupperne drøfter og skriver løsningsforslag og ideer til, hvad der kan afhjælpe "
            "udfordringerne. Forslagene deles op i to: 1) forslag, som umiddelbart kan handles "
            "på, når processen er afsluttet, og 2) forslag, som lederen og de tillidsvalgte "
            "skal arbejde videre med."
        ),
    ),
    (
        15,
        _(
            "Kort præsentation af løsningsforslag i plenum og mulighed for at stille "
            "opklarende spørgsmål."
        ),
    ),
    (10, _("Afklaring af, hvad der kan handles på med det samme.")),
    (
        5,
        _(
            "Som leder runder du processen af: hvordan kommer vi videre herfra? Forslagene "
            "samles og systematiseres."
        ),
    ),
)

# "Møde med leder og de tillidsvalgte (Varighed en time)": the sorting.
SORTING_GUIDE = (
    _(
        "Du som leder mødes med de tillidsvalgte, efter de 14 dage er overstået, og grupperer "
        "sedlerne med dækkende overskrifter. Det vil sige, at I »bunker« de sedler, som "
        "omhandler nogenlunde det samme."
    ),
    _("Maks. 5 overskrifter for de røde og maks. 5 overskrifter for de grønne."),
)

# Bilag 6, "Drejebog til Dialogmetoden".
DIALOGUE_WHY = _(
    "Dialogmetoden anvendes, når medarbejdergruppen bruger det meste af deres arbejdstid på at "
    "være udekørende (eksempelvis: Hjemmeplejen, Bostøtter, Entreprenørgården). Metoden egner "
    "sig således til de medarbejdergrupper, som ikke på daglig basis færdes på deres fysiske "
    "arbejdsplads."
)
DIALOGUE_BEFORE = (
    _(
        "Indkalde alle medarbejdere + AMiR og TR (hvis de ikke er en del af gruppen) til et "
        "møde på 2 timer. Emnet for mødet er »Dialogmetode til afdækning af risikofaktorer på "
        "arbejdspladsen«."
    ),
    _("Booke et egnet lokale med plads til gruppearbejde."),
    _(
        "Aftale med AMiR og/eller TR, hvem der har hvilke roller til mødet. Eksempelvis: hvem "
        "styrer tiden, hvem introducerer, hvem samler op, hvem skriver ned osv."
    ),
    _("Lave mindre grupper med medarbejderne – 4-5 personer i hver."),
)
# "Indledende skal du som leder introducere metoden og tidsplanen": the manager's script.
DIALOGUE_INTRO = (
    _(
        "Vi har konstateret, at der er stress på vores arbejdsplads, og vi har derfor et behov "
        "for at afdække eventuelle risikofaktorer på arbejdspladsen, der kan være årsag til det."
    ),
    _(
        "Det vil vi gøre ved hjælp af den såkaldte »Dialogmetode«, som er en proces, vi skal "
        "gennemføre de næste 2 timer."
    ),
    _(
        "I processen skal I hver især forholde jer til, hvad der kan belaste jer i arbejdet, "
        "samt hvad der giver energi i arbejdet, og ikke mindst hvorfor."
    ),
)
DIALOGUE_AFTER = _(
    "Forholdsvis kort tid efter processen holder lederen et møde med de tillidsvalgte (ca. 1 "
    "time), hvor der samles op på risikofaktorerne (de røde sedler) og de input, der er kommet "
    "til at reducere dem (de grønne sedler), og IGLO-handleplanerne udfyldes."
)
