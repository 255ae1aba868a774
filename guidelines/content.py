"""The municipality's own texts for Bilag 1-3, word for word from the stress policy.

They are the defaults a workplace starts from; what people then write is stored in the
models. The cell assignment of the TRF examples follows shared/seed/reading-notes.md.
"""

# Bilag 1: "Overvej følgende i arbejdsmiljøgruppen"
REFLECTION_QUESTIONS = (
    "Hvad betyder ordet stress for jer hver især?",
    "Ved I hvad jeres kollegaer/leder/organisation mener med ordet stress?",
    "Har I drøftet internt, hvilken forståelse og definition af stress I arbejder efter?",
    "Hvilke logikker om årsager og løsninger eksisterer på jeres arbejdsplads, er det noget "
    "I har drøftet?",
    "Hvilke grundlæggende antagelser præger kulturen på jeres arbejdsplads?",
    "Hvad er ”en god medarbejder”, og hvilken adfærd bliver især respekteret og belønnet?",
)

KNOWLEDGE_INTRO = (
    "Det er vigtigt at forstå, hvad stress er, før I som arbejdsmiljøgruppe begynder at "
    "håndtere det. Hvis I har en fælles forståelse af hvad stress er, vil det give jer et "
    "bedre grundlag for at gå i gang med at håndtere opståede stressproblematikker."
)

# Bilag 2: "Stress er en fysisk og psykisk reaktion på en oplevet belastning over tid."
DEFAULT_DEFINITION = "Stress er en fysisk og psykisk reaktion på en oplevet belastning over tid."

# Zone -> (name, heading in the figure, description, general text)
ZONES = {
    "wellbeing": (
        "Trivselszonen",
        "Balance og trivsel i hverdagen",
        "Medarbejderen løser opgaver og fungerer godt i afdelingen. Kun kortvarige og "
        "forbigående stresssymptomer",
        "Selv når vi trives og har det godt, er det naturligt at opleve kortvarige perioder "
        "med stress. Så længe stressen er forbigående, er det en naturlig reaktion, der "
        "hjælper os med at overkomme belastning.",
    ),
    "risk": (
        "Risikozonen",
        "Længere tids ubalance",
        "Medarbejderen har ikke hensigtsmæssige opgaveløsning og fungerer ikke længere "
        "optimalt i afdelingen. Vedvarende stresssymptomer, der begynder at påvirke helbred "
        "og arbejdsevne negativt",
        "Længere perioder med stress kan udløse en række fysiske psykiske og "
        "adfærdsmæssige symptomer, der kan have negative konsekvenser for arbejdsevne og "
        "helbred.",
    ),
    "danger": (
        "Farezonen",
        "Massivt og langvarig overbelastning",
        "Medarbejderen har markant forringet arbejdsevne. Tiltagende symptomer og fare for "
        "fysiske og mentale helbredsproblemer",
        "Hvis ikke man kommer ud af stresstilstanden og tilbage i balance, kan stress få "
        "alvorlige konsekvenser og udgøre en egentlig fare for både helbred og arbejdsevne.",
    ),
}

LEVELS = {
    "employee": "Den enkelte medarbejder",
    "team": "Teamet",
    "committee": "Arbejdsmiljøgruppen/LokalMED",
    "manager": "Personaleleder",
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
    "wellbeing": "Hvem har hvilket ansvar, når det gælder om at fremme trivsel og forebygge, at "
    "stress bliver et problem på jeres arbejdsplads?",
    "risk": "Hvem har hvilket ansvar, når det gælder om at opdage medarbejdere på jeres "
    "arbejdsplads, der er i risiko for at blive negativt påvirket af stress og forebygge "
    "forværring?",
    "danger": "Hvem har hvilket ansvar, når det gælder om at hjælpe medarbejdere på jeres "
    "arbejdsplads, med at komme sig over de negative følgevirkninger, som længerevarende "
    "stress kan have for helbred og arbejdsevne?",
}

# Trin 1–4 of "Sådan kommer I, i gang - trin for trin".
STEPS = {
    1: "Arbejdsmiljøgruppens/LokalMEDs forarbejde",
    2: "Personaleleders forarbejde",
    3: "Workshop med medarbejderne (ca. 2 timer)",
    4: "Opfølgning og forankring",
}

STEP_INTROS = {
    1: "Sæt ord på, hvad I allerede gør – og overvej samtidig, om der er noget andet, I skal "
    "begynde at gøre. I jeres lokale retningslinjer, skal man kunne finde svar på, hvad der er "
    "henholdsvis arbejdsmiljøgruppen og LokalMEDs opgave og ansvar i de forskellige zoner.",
    2: "Sæt ord på, hvad du allerede gør – og overvej samtidig, om der er noget andet, du skal "
    "begynde at gøre. I jeres lokale retningslinjer, skal man kunne finde svar på, hvad der er "
    "din (ledelses-)opgave og dit (ledelses-)ansvar i de forskellige zoner.",
}

COMMITTEE_HELP_QUESTIONS = (
    "Hvad er jeres opgave, når det gælder om at fremme trivsel og forebygge stress på "
    "arbejdspladsen?",
    "Hvad er jeres opgave, når I bliver bekendt med stress hos en eller flere på arbejdspladsen?",
    "Hvad er Jeres opgave, når I skal håndtere nedsat arbejdsevne, sygefravær og tilbagevenden "
    "til arbejdspladsen hos en af dine medarbejdere?",
)

MANAGER_HELP_QUESTIONS = (
    "Hvad er din opgave, når det gælder om at fremme trivsel og forebygge stress på "
    "arbejdspladsen?",
    "Hvad er din opgave, når du bliver bekendt med stress hos en eller flere på arbejdspladsen?",
    "Hvad er din opgave, når du skal håndtere nedsat arbejdsevne, sygefravær og tilbagevenden "
    "til arbejdspladsen hos en af dine medarbejdere?",
)

WORKSHOP_AGENDA = (
    "Rammesæt workshoppen for medarbejderne og forklar, hvad formålet er med at have jeres "
    "egne lokale retningslinjer",
    "Introducer TRF - modellen",
    "Orienter om indholdet i Leder- og arbejdsmiljøgruppens/LokalMEDs felter i TRF-modellen, "
    "som I har forberedt.",
    "Inddel medarbejderne i to grupper. Lad den ene gruppe arbejde med "
    "team/arbejdspladsniveauet, den anden med medarbejder-niveauet. Brug evt. eksemplet i "
    "denne retningslinje som inspiration/udgangspunkt for arbejdet.",
    "Lad grupperne præsentere deres udspil i plenum, og kvalificér i fællesskab alle niveauer, "
    "så de er konkrete og brugbare for jer.",
)

FOLLOW_UP = (
    "Følg op og opdater jeres lokale retningslinjer 1-2 gange om året i arbejdsmiljøgruppen.",
    "Det kan være en god idé også at tage jeres lokale retningslinjer op i 1:1 samtaler mellem "
    "leder og medarbejder og sikre, at den enkelte medarbejder forpligter sig til lokale "
    "retningslinjer",
    "Husk også at introducere jeres lokale retningslinjer for nye medarbejdere i forbindelse "
    "med nyansættelser.",
)

# Bilag 3 – Prioriteringsplan: Hvornår, Hvem, Hvorfor, Hvordan.
PRIORITY_PLAN_INTRO = (
    (
        "Hvornår",
        "Alle arbejdspladser skal udarbejde en prioriteringsplan, så det er tydeligt, hvad der "
        "skal prioriteres, hvis der opstår stress ved en eller flere medarbejdere. "
        "Prioriteringsdrøftelserne tages når der er ro på og ingen store aktuelle "
        "problemstillinger vedr. stress, hvor man ikke er presset af konkrete akutte "
        "problemstillinger som skal løses her og nu.",
    ),
    (
        "Hvem",
        "Leder har ansvaret for til hver en tid at sikre, at arbejdet planlægges og udføres så "
        "det er forsvarligt. Det er derfor dit ansvar som leder, at der udarbejdes en plan for "
        "prioritering for arbejdspladsen. Selve udarbejdelsen skal ske i et samarbejde med de "
        "tillidsvalgte medarbejdere.",
    ),
    (
        "Hvorfor",
        # The seed repeats "at man har en velovervejet plan for"; it is shown once.
        "Formålet med en prioriteringsplan er, at man har en velovervejet plan for, hvordan man "
        "skal prioritere ressourcer og opgaver ved indgribende ændringer i arbejdet (ex. Sygdom, "
        "langtidsfravær, nye/ændrede krav, forandringer osv.)",
    ),
    (
        "Hvordan",
        "Prioriteringsplanen skal indeholde en stillingtagen til både hvordan jeres ressourcer "
        "anvendes bedst muligt og hvilke opgaver der skal prioriteres. Planen skal løbende "
        "tilpasses ændrede ressourcer og opgaver. Ved anvendelse af planen skal du som leder "
        "have en opmærksomhed på, om der skal ske tilrettelser inden den kan tages i brug. Der "
        "kan være noget i situationen som kan påvirke planen.",
    ),
)

PRIORITY_PLAN_LEAD = (
    "Du skal som leder - i samarbejde med de tillidsvalgte medarbejdere, overveje følgende"
)

# The five questions, one per section of the plan.
PRIORITY_QUESTIONS = {
    "tasks": "Hvilke opgaver skal prioriteres ved nedsatte personaleressourcer og hvilke kan "
    "nedprioriteres?",
    "resources": "Er der mulighed for at arbejdspladsen tilføres ressourcer ved nedsatte "
    "personaleressourcer pga. eksempelvis stress? Og hvilke ressourcer vil i givet fald være "
    "relevante?",
    "goals": "Er der mulighed for at tilrette arbejdspladsens mål som konsekvens af manglende "
    "personaleressourcer?",
    "framework": "Når der opstår stress på arbejdspladsen, kalder den konkrete situation så på "
    "ændringer i arbejdspladsens generelle rammer og betingelse for trivsel og stress?",
    "clarifications": "Er der nogle faktorer I skal have afklaret andre steder i organisationen, "
    "eksempelvis ved øverste ledelse eller ved andre afdelinger?",
}

PRIORITY_PLAN_USE = (
    "Ved anvendelse af planen skal du som leder have en opmærksomhed på, om der skal ske "
    "tilrettelser inden den kan tages i brug. Der kan være noget i situationen som kan påvirke "
    "planen."
)
