"""Bilag 7's text, word for word from the seed: the editor's questions and guidance."""

from django.utils.translation import gettext_lazy as _

WHY = _(
    "Når du som leder, i samarbejde med de tillidsvalgte skal prioritere og finde løsninger "
    "på et opstået Stress-problem på arbejdspladsen, er det meget anvendeligt at bruge et "
    "redskab som IGLO modellen. IGLO står for; Individ, Gruppe, Ledelse, Organisation."
)
HOW = _(
    "Når I bruger modellen, skaber I overblik over hvem der kan tage ansvar på hvilket "
    "niveau, og ved at komme ”helt rundt i IGLO´en”, får I sat alle niveauer på "
    "arbejdspladsen i spil, når der skal findes konkrete løsninger."
)

# What the plan is meant to describe, in the seed's words.
PURPOSE = (
    _("Hvad er den konkrete risikofaktor? Altså hvad er problemet?"),
    _(
        "Hvad skal der gøres for at mindske denne faktor? Hvilke handlinger iværksættes på "
        "hvilke niveauer?"
    ),
    _("Hvem har ansvaret?"),
    _("Inden for hvilken tidsramme skal det løses og"),
    _("Hvornår kan vi måle på det?"),
)

# "Sådan laver I IGLO-Handleplanen", one line per level in the order the seed gives.
GUIDANCE = {
    "individual": _(
        "I første omgang skal der laves handleplan på individ- og gruppeniveau, det vil sige "
        "I og G i IGLO-handleplanen."
    ),
    "leadership": _(
        "Dernæst går I videre i IGLO-handleplanen, og skriver ind, hvad der forventes at "
        "blive kigget på, på nærmeste ledelsesniveau (L)"
    ),
    "organisation": _(
        "Sidst skrives i handleplanen hvad organisationen, altså øvre ledelsesniveau og/eller "
        "MEDstrukturen skal tage sig af (O)."
    ),
}
ALL_LEVELS = _(
    "Handleplanen skal således udfyldes, så der er konkrete handlinger til hvert niveau, "
    "hvilket understreger, at der er et ansvar på alle niveauer for at reducere "
    "risikofaktorerne."
)
FOLLOW_UP = _("Angiv til sidst i procesplanen hvornår der skal følges op IGLO-handleplanen.")

# Named functions that may own an action instead of a person (datalist suggestions).
FUNCTIONS = (
    _("øverste ledelse"),
    _("MED-udvalget"),
    _("arbejdsmiljøgruppen"),
    _("HR"),
)
