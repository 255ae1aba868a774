"""Demo content for Bilag 1-3 (called by `manage.py seed_demo`)."""

from datetime import date, timedelta

from django.utils import timezone

from guidelines import services
from guidelines.models import Acknowledgement, GuidelineVersion, Priority, PriorityPlanRevision
from stressprogram.dates import add_months
from workplaces.models import User, Workplace

SOLHOJ_ANSWERS = [
    "For nogle er stress travlhed, for andre en følelse af ikke at slå til.",
    "Ikke helt – vi bruger ordet om alt fra en travl vagt til sygemelding.",
    "Ja, på LokalMED-mødet i marts. Vi bruger definitionen nedenfor.",
    "Vi har talt om, at løsningen ofte bliver, at den enkelte skal 'tage sig sammen'.",
    "Beboerne kommer altid først – også før pauser.",
    "Den, der altid siger ja til en ekstra vagt.",
]

SOLHOJ_TASKS = [
    ("Personlig pleje, medicin og måltider", Priority.KEEP, "Altid to faste på hver vagt"),
    ("Pårørendesamtaler ved indflytning og forværring", Priority.KEEP, ""),
    ("Dokumentation af ændringer i beboernes tilstand", Priority.KEEP, "Kort og samme dag"),
    ("Sangeftermiddage og udflugter", Priority.DEPRIORITISE, "Flyttes, ikke aflyses"),
    ("Kvalitetsgruppens møder", Priority.DEPRIORITISE, "Udskydes op til to måneder"),
    ("Oprydning i depoter og fællesrum", Priority.DEPRIORITISE, ""),
]


def seed_priority_plan(solhoj: Workplace, leder: User) -> None:
    plan = services.priority_plan_for(solhoj)
    if PriorityPlanRevision.objects.filter(plan=plan).exists():
        return
    services.save_priority_plan(
        plan,
        by=leder,
        expected_version=plan.version,
        tasks=[{"task": t, "priority": p, "note": n} for t, p, n in SOLHOJ_TASKS],
        resources="Ja: timer fra kommunens vikarkorps og ekstra timer til deltidsansatte, der "
        "ønsker det. Aftales med områdelederen.",
        goals="Målet om to aktiviteter om ugen kan sættes ned til én i en periode.",
        framework="Vi ser på, om vagtplanen lægges for tæt, når der opstår stress.",
        clarifications=[
            {"question": "Budget til vikarer ud over 4 uger", "with_whom": "top_management"},
            {
                "question": "Hjælp fra sygeplejen til medicinrunden",
                "with_whom": "other_departments",
            },
        ],
    )
    services.save_priority_plan(
        plan,
        by=User.objects.get(username="tr"),
        expected_version=plan.version,
        tasks=plan.tasks,
        resources=plan.resources,
        goals=plan.goals,
        framework=plan.framework,
        clarifications=plan.clarifications,
    )
    services.record_plan_use(
        plan,
        by=leder,
        used_on=timezone.localdate() - timedelta(days=60),
        situation="To kolleger i aftenvagten sygemeldt i en længere periode",
        adjustments="Udflugterne blev aflyst i stedet for flyttet; vikarkorpset tog weekenderne.",
    )


def seed() -> None:
    solhoj = Workplace.objects.filter(slug="plejecenter-solhoj").first()
    if solhoj is None:
        return
    leder = User.objects.get(username="leder")
    knowledge = services.knowledge_for(solhoj)
    if not any(knowledge.answers):
        services.save_knowledge(
            knowledge,
            by=User.objects.get(username="amir"),
            expected_version=knowledge.version,
            answers=SOLHOJ_ANSWERS,
            definition=knowledge.definition,
            discussed_in_committee_on=date(2026, 3, 12),
            discussed_with_employees_on=date(2026, 4, 2),
        )
    guideline = services.guideline_for(solhoj)
    if not GuidelineVersion.objects.filter(guideline=guideline).exists():
        cell = guideline.cells.get(level="manager", zone="wellbeing")
        services.save_cell(
            cell,
            by=leder,
            expected_version=cell.version,
            items=[*cell.items, "Holder trivselsmøde med hvert team hver 3. måned"],
        )
        version = services.publish(guideline, by=leder, review_months=12)
        # Published in the spring, so the review date shows as coming up.
        published = timezone.now() - timedelta(days=200)
        GuidelineVersion.objects.filter(pk=version.pk).update(
            published_at=published,
            review_due=add_months(published.date(), 12),
        )
        for username in ["amir", "tr", *[f"medarbejder{i}" for i in range(1, 8)]]:
            Acknowledgement.objects.get_or_create(
                version=version, user=User.objects.get(username=username)
            )
    seed_priority_plan(solhoj, leder)
