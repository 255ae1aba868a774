"""Demo content for Bilag 1-2 (called by `manage.py seed_demo`)."""

from datetime import date, timedelta

from django.utils import timezone

from guidelines import services
from guidelines.models import Acknowledgement, GuidelineVersion
from workplaces.models import User, Workplace

SOLHOJ_ANSWERS = [
    "For nogle er stress travlhed, for andre en følelse af ikke at slå til.",
    "Ikke helt – vi bruger ordet om alt fra en travl vagt til sygemelding.",
    "Ja, på LokalMED-mødet i marts. Vi bruger definitionen nedenfor.",
    "Vi har talt om, at løsningen ofte bliver, at den enkelte skal 'tage sig sammen'.",
    "Beboerne kommer altid først – også før pauser.",
    "Den, der altid siger ja til en ekstra vagt.",
]


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
            review_due=services.add_months(published.date(), 12),
        )
        for username in ["amir", "tr", *[f"medarbejder{i}" for i in range(1, 8)]]:
            Acknowledgement.objects.get_or_create(
                version=version, user=User.objects.get(username=username)
            )
