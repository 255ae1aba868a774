"""Demo content for Bilag 7 (called by `manage.py seed_demo`)."""

from datetime import timedelta

from django.utils import timezone

from iglo import services
from iglo.models import IgloAction, IgloPlan, Level
from workplaces.models import User, Workplace

TITLE = "Travlhed og afbrydelser i aftenvagten"


def seed() -> None:
    solhoj = Workplace.objects.filter(slug="plejecenter-solhoj").first()
    if solhoj is None or IgloPlan.objects.filter(workplace=solhoj, title=TITLE).exists():
        return
    leder = User.objects.get(username="leder")
    amir = User.objects.get(username="amir")
    today = timezone.localdate()
    plan = services.create_plan_from_risk_factor(
        solhoj,
        by=leder,
        title=TITLE,
        description=(
            "Mange røde bolde handlede om aftenvagten: for få hænder, mange afbrydelser fra "
            "telefonen og ingen tid til pauser."
        ),
        source=IgloPlan.Source.BALL_ROUND,
        source_label="Boldmetoden, foråret",
        proposals=[],
    )
    services.save_plan(
        plan,
        by=leder,
        expected_version=plan.version,
        title=plan.title,
        description=plan.description,
        responsible_manager=leder,
        follow_up_on=today + timedelta(days=60),
    )
    actions = [
        (Level.INDIVIDUAL, "Hver medarbejder aftaler én fast pause i aftenvagten med sin makker.",
         amir, "", today + timedelta(days=14), "Pausen holdes mindst 4 ud af 5 vagter."),
        (Level.GROUP, "Teamet laver en fast fordeling af telefonvagten i aftenvagten.",
         User.objects.get(username="tr"), "", today - timedelta(days=5),
         "Færre afbrydelser i boldmetodens næste runde."),
        (Level.LEADERSHIP, "Lederen ser på vagtplanen og lægger en ekstra person ind kl. 17-21.",
         leder, "", today + timedelta(days=30), "Antal vagter med fuld bemanding."),
        (Level.ORGANISATION, "Bemandingsnormen for aftenvagter tages op i MED-udvalget.",
         None, "MED-udvalget", today + timedelta(days=90), "Beslutning i MED-udvalget."),
    ]  # fmt: skip
    for level, text, person, function, deadline, how in actions:
        action = services.add_action(
            plan,
            by=leder,
            level=level,
            text=text,
            responsible_member=person,
            responsible_function=function,
            deadline=deadline,
            measure_on=deadline + timedelta(days=30),
            measure_how=how,
            status=IgloAction.Status.IN_PROGRESS,
        )
    del action
    services.set_status(plan, by=leder, status=IgloPlan.Status.ACTIVE)
