"""The municipality's own texts for Bilag 1-3, word for word from the stress policy.

They are the defaults a workplace starts from; what people then write is stored in the
models. The cell assignment of the TRF examples follows shared/seed/reading-notes.md.
"""

from django.utils.translation import gettext_lazy as _

# Bilag 1: "Overvej følgende i arbejdsmiljøgruppen"
REFLECTION_QUESTIONS = (
    _("Hvad betyder ordet stress for jer hver især?"),
    _("Ved I hvad jeres kollegaer/leder/organisation mener med ordet stress?"),
    _("Har I drøftet internt, hvilken forståelse og definition af stress I arbejder efter?"),
    _(
        "Hvilke logikker om årsager og løsninger eksisterer på jeres arbejdsplads, er det noget "
        "I har drøftet?"
    ),
    _("Hvilke grundlæggende antagelser præger kulturen på jeres arbejdsplads?"),
    _("Hvad er ”en god medarbejder”, og hvilken adfærd bliver især respekteret og belønnet?"),
)

KNOWLEDGE_INTRO = _(
    "Det er vigtigt at forstå, hvad stress er, før I som arbejdsmiljøgruppe begynder at "
    "håndtere det. Hvis I har en fælles forståelse af hvad stress er, vil det give jer et "
    "bedre grundlag for at gå i gang med at håndtere opståede stressproblematikker."
)

# Bilag 2: "Stress er en fysisk og psykisk reaktion på en oplevet belastning over tid."
DEFAULT_DEFINITION = "Stress er en fysisk og psykisk reaktion på en oplevet belastning over tid."

# Zone -> (name, heading in the figure, description, general text)
ZONES = {
    "wellbeing": (
        _("Trivselszonen"),
        _("Balance og trivsel i hverdagen"),
        _(
            "Medarbejderen løser opgaver og fungerer godt i afdelingen. Kun kortvarige og "
            "forbigående stresssymptomer"
        ),
        _(
            "Selv når vi trives og har det godt, er det naturligt at opleve kortvarige perioder "
            "med stress. Så længe stressen er forbigående, er det en naturlig reaktion, der "
            "hjælper os med at overkomme belastning."
        ),
    ),
    "risk": (
        _("Risikozonen"),
        _("Længere tids ubalance"),
        _(
            "Medarbejderen har ikke hensigtsmæssige opgaveløsning og fungerer ikke længere "
            "optimalt i afdelingen. Vedvarende stresssymptomer, der begynder at påvirke helbred "
            "og arbejdsevne negativt"
        ),
        _(
            "Længere perioder med stress kan udløse en række fysiske psykiske og "
            "adfærdsmæssige symptomer, der kan have negative konsekvenser for arbejdsevne og "
            "helbred."
        ),
    ),
    "danger": (
        _("Farezonen"),
        _("Massivt og langvarig overbelastning"),
        _(
            "Medarbejderen har markant forringet arbejdsevne. Tiltagende symptomer og fare for "
            "fysiske og mentale helbredsproblemer"
        ),
        _(
            "Hvis ikke man kommer ud af stresstilstanden og tilbage i balance, kan stress få "
            "alvorlige konsekvenser og udgøre en egentlig fare for både helbred og arbejdsevne."
        ),
    ),
}

# The seed's example cells: (level, zone) -> responsibilities, in order.
EXAMPLE_CELLS = {
    ("employee", "wellbeing"): [
        "Kender egne kilder til trivsel og stress i arbejdslivet",
        "Kender egne stressreaktioner og bruger sin viden til at forebygge stress i hverdagen",
        "Gør brug af praktisk, faglig og følelsesmæssig støtte fra netværk i hverdagen",
    ],
    ("employee", "risk"): [
        "Reagerer på vedvarende faresignaler og symptomer",
        "Tager kontakt til nærmeste leder for en dialog om aflastende tiltag",
    ],
    ("employee", "danger"): ["Tager kontakt til: 1. egen læge 2. leder"],
    ("team", "wellbeing"): [
        "Tager medansvar for afdelingens samlede opgaveløsning og trivsel i hverdagen",
        "Er opmærksomme på kollegaers trivsel og tegn på stress",
    ],
    ("team", "risk"): [
        "Handler ved tegn på usund stress hos kollega og udtrykker vores bekymring: "
        "1. over for kollegaen selv 2. over for nærmeste leder (hvis kollegaen ikke selv har "
        "kontaktet nærmeste leder)",
    ],
    ("team", "danger"): [
        "Laver aftaler om: • hvilken støtte og hjælp, der ydes over for den stressramte "
        "kollega • hvordan fælles ansvarlighed i forhold til opgaveløsningen sikres",
    ],
    ("committee", "wellbeing"): [
        "Have kendskab til retningslinjen for stress",
        "Deltage i udarbejdelsen af lokale retningslinjer",
        "Drøfte forebyggelse af stress på et strategisk niveau",
    ],
    ("committee", "risk"): [
        "Deltage i afdækning af risikofaktorer som kan forårsage stress",
        "Deltage i udarbejdelsen af IGLO-handleplaner",
    ],
    ("committee", "danger"): [
        "Have opmærksomheden på resten af teamet/afdelingen ikke belastes uhensigtsmæssigt "
        "over lang tid.",
    ],
    ("manager", "wellbeing"): [
        "Spørger systematisk ind til trivsel og stress, fx ved 1:1 samtaler",
        "Fokuserer på prioritering, opgavefordeling og koordinering i hverdagen",
        "Opdaterer løbende lokale retningslinjer i samarbejde med arbejdsmiljøgruppen",
        "Som leder er det også vigtig at have fokus på din egen stress. Overvej derfor "
        "følgende: • Dine risikofaktorer • Dine stresssymptomer • Hvordan du ønsker hjælp i "
        "tilfælde af stress",
    ],
    ("manager", "risk"): [
        "Tager dialogen med medarbejderen ved bekymring",
        "Udarbejder en handlingsplan med fokus på aflastning og relevant støtte",
        "Analyserer arbejdsrelaterede årsager ved tegn på stress i afdelingen",
    ],
    ("manager", "danger"): [
        "Sætter stressbehandling gennem arbejdspladsens kriseordning i værk",
        "Sikrer trinvis tilbagevendingsplan og styring af opgavekompleksitet ved sygemelding",
        "Fokuserer på kommunikation og prioritering af opgaver i afdelingen",
    ],
}

# "Jeres lokale retningslinjer skal give jer svar på" – one question per zone.
ZONE_QUESTIONS = {
    "wellbeing": _(
        "Hvem har hvilket ansvar, når det gælder om at fremme trivsel og forebygge, at "
        "stress bliver et problem på jeres arbejdsplads?"
    ),
    "risk": _(
        "Hvem har hvilket ansvar, når det gælder om at opdage medarbejdere på jeres "
        "arbejdsplads, der er i risiko for at blive negativt påvirket af stress og forebygge "
        "forværring?"
    ),
    "danger": _(
        "Hvem har hvilket ansvar, når det gælder om at hjælpe medarbejdere på jeres "
        "arbejdsplads, med at komme sig over de negative følgevirkninger, som længerevarende "
        "stress kan have for helbred og arbejdsevne?"
    ),
}

# Trin 1–4 of "Sådan kommer I, i gang - trin for trin".
STEPS = {
    1: _("Arbejdsmiljøgruppens/LokalMEDs forarbejde"),
    2: _("Personaleleders forarbejde"),
    3: _("Workshop med medarbejderne (ca. 2 timer)"),
    4: _("Opfølgning og forankring"),
}

STEP_INTROS = {
    1: _(
        "Sæt ord på, hvad I allerede gør – og overvej samtidig, om der er noget andet, I skal "
        "begynde at gøre. I jeres lokale retningslinjer, skal man kunne finde svar på, hvad der er "
        "henholdsvis arbejdsmiljøgruppen og LokalMEDs opgave og ansvar i de forskellige zoner."
    ),
    2: _(
        "Sæt ord på, hvad du allerede gør – og overvej samtidig, om der er noget andet, du skal "
        "begynde at gøre. I jeres lokale retningslinjer, skal man kunne finde svar på, hvad der er "
        "din (ledelses-)opgave og dit (ledelses-)ansvar i de forskellige zoner."
    ),
}

COMMITTEE_HELP_QUESTIONS = (
    _(
        "Hvad er jeres opgave, når det gælder om at fremme trivsel og forebygge stress på "
        "arbejdspladsen?"
    ),
    _(
        "Hvad er jeres opgave, når I bliver bekendt med stress hos en eller flere på arbejdspladsen?"
    ),
    _(
        "Hvad er Jeres opgave, når I skal håndtere nedsat arbejdsevne, sygefravær og tilbagevenden "
        "til arbejdspladsen hos en af dine medarbejdere?"
    ),
)

MANAGER_HELP_QUESTIONS = (
    _(
        "Hvad er din opgave, når det gælder om at fremme trivsel og forebygge stress på "
        "arbejdspladsen?"
    ),
    _("Hvad er din opgave, når du bliver bekendt med stress hos en eller flere på arbejdspladsen?"),
    _(
        "Hvad er din opgave, når du skal håndtere nedsat arbejdsevne, sygefravær og tilbagevenden "
        "til arbejdspladsen hos en af dine medarbejdere?"
    ),
)

WORKSHOP_AGENDA = (
    _(
        "Rammesæt workshoppen for medarbejderne og forklar, hvad formålet er med at have jeres "
        "egne lokale retningslinjer"
    ),
    _("Introducer TRF - modellen"),
    _(
        "Orienter om indholdet i Leder- og arbejdsmiljøgruppens/LokalMEDs felter i TRF-modellen, "
        "som I har forberedt."
    ),
    _(
        "Inddel medarbejderne i to grupper. Lad den ene gruppe arbejde med "
        "team/arbejdspladsniveauet, den anden med medarbejder-niveauet. Brug evt. eksemplet i "
        "denne retningslinje som inspiration/udgangspunkt for arbejdet."
    ),
    _(
        "Lad grupperne præsentere deres udspil i plenum, og kvalificér i fællesskab alle niveauer, "
        "så de er konkrete og brugbare for jer."
    ),
)

FOLLOW_UP = (
    _("Følg op og opdater jeres lokale retningslinjer 1-2 gange om året i arbejdsmiljøgruppen."),
    _(
        "Det kan være en god idé også at tage jeres lokale retningslinjer op i 1:1 samtaler mellem "
        "leder og medarbejder og sikre, at den enkelte medarbejder forpligter sig til lokale "
        "retningslinjer"
    ),
    _(
        "Husk også at introducere jeres lokale retningslinjer for nye medarbejdere i forbindelse "
        "med nyansættelser."
    ),
)

# Bilag 3 – Prioriteringsplan: Hvornår, Hvem, Hvorfor, Hvordan.
PRIORITY_PLAN_INTRO = (
    (
        _("Hvornår"),
        _(
            "Alle arbejdspladser skal udarbejde en prioriteringsplan, så det er tydeligt, hvad der "
            "skal prioriteres, hvis der opstår stress ved en eller flere medarbejdere. "
            "Prioriteringsdrøftelserne tages når der er ro på og ingen store aktuelle "
            "problemstillinger vedr. stress, hvor man ikke er presset af konkrete akutte "
            "problemstillinger som skal løses her og nu."
        ),
    ),
    (
        _("Hvem"),
        _(
            "Leder har ansvaret for til hver en tid at sikre, at arbejdet planlægges og udføres så "
            "det er forsvarligt. Det er derfor dit ansvar som leder, at der udarbejdes en plan for "
            "prioritering for arbejdspladsen. Selve udarbejdelsen skal ske i et samarbejde med de "
            "tillidsvalgte medarbejdere."
        ),
    ),
    (
        _("Hvorfor"),
        # The seed repeats "at man har en velovervejet plan for"; it is shown once.
        _(
            "Formålet med en prioriteringsplan er, at man har en velovervejet plan for, hvordan man "
            "skal prioritere ressourcer og opgaver ved indgribende ændringer i arbejdet (ex. Sygdom, "
            "langtidsfravær, nye/ændrede krav, forandringer osv.)"
        ),
    ),
    (
        _("Hvordan"),
        _(
            "Prioriteringsplanen skal indeholde en stillingtagen til både hvordan jeres ressourcer "
            "anvendes bedst muligt og hvilke opgaver der skal prioriteres. Planen skal løbende "
            "tilpasses ændrede ressourcer og opgaver. Ved anvendelse af planen skal du som leder "
            "have en opmærksomhed på, om der skal ske tilrettelser inden den kan tages i brug. Der "
            "kan være noget i situationen som kan påvirke planen."
        ),
    ),
)

PRIORITY_PLAN_LEAD = _(
    "Du skal som leder - i samarbejde med de tillidsvalgte medarbejdere, overveje følgende"
)

# The five questions, one per section of the plan.
PRIORITY_QUESTIONS = {
    "tasks": _(
        "Hvilke opgaver skal prioriteres ved nedsatte personaleressourcer og hvilke kan "
        "nedprioriteres?"
    ),
    "resources": _(
        "Er der mulighed for at arbejdspladsen tilføres ressourcer ved nedsatte "
        "personaleressourcer pga. eksempelvis stress? Og hvilke ressourcer vil i givet fald være "
        "relevante?"
    ),
    "goals": _(
        "Er der mulighed for at tilrette arbejdspladsens mål som konsekvens af manglende "
        "personaleressourcer?"
    ),
    "framework": _(
        "Når der opstår stress på arbejdspladsen, kalder den konkrete situation så på "
        "ændringer i arbejdspladsens generelle rammer og betingelse for trivsel og stress?"
    ),
    "clarifications": _(
        "Er der nogle faktorer I skal have afklaret andre steder i organisationen, "
        "eksempelvis ved øverste ledelse eller ved andre afdelinger?"
    ),
}

PRIORITY_PLAN_USE = _(
    "Ved anvendelse af planen skal du som leder have en opmærksomhed på, om der skal ske "
    "tilrettelser inden den kan tages i brug. Der kan være noget i situationen som kan påvirke "
    "planen."
)
