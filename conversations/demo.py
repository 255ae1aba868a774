"""Demo content for Bilag 4 (called by `manage.py seed_demo`): `leder` holds a key
conversation with `medarbejder1`, with agreements, a follow-up date and a relief plan."""

from datetime import timedelta

from django.utils import timezone

from conversations import services
from conversations.models import FollowUpPlan, KeyConversation
from workplaces.models import User, Workplace

RELIEF_STEPS = [
    "Kun dagvagter, ingen aftenvagter de næste fire uger",
    "Opfølgende samtale: hvordan virker aflastningen?",
]


def seed() -> None:
    solhoj = Workplace.objects.filter(slug="plejecenter-solhoj").first()
    if solhoj is None:
        return
    leder = User.objects.get(username="leder")
    employee = User.objects.get(username="medarbejder1")
    if KeyConversation.objects.filter(manager=leder, employee=employee).exists():
        return
    today = timezone.localdate()
    held_on = today - timedelta(days=3)
    conversation = services.start_conversation(
        solhoj,
        by=leder,
        employee=employee,
        held_on=held_on,
        calm=True,
        hope=True,
        immediate_action=True,
        calendar="Personalemødet torsdag og kvalitetsgruppen er aflyst for dig de næste to uger.",
        handovers=[
            {"task": "Kontaktperson for beboeren på stue 12", "to": "Bente fra dagholdet"},
            {"task": "Vagtplanen for februar", "to": "Leder"},
        ],
        colleagues_message="At du har fået nogle opgaver taget af dig i en periode. "
        "Ikke mere end det.",
        told_by="Leder, på morgenmødet i morgen",
        next_meeting_on=today + timedelta(days=11),
        private_notes="Har sovet dårligt i flere uger. Tal om kriseordningen næste gang.",
    )
    services.save_follow_up_plan(
        conversation,
        by=leder,
        kind=FollowUpPlan.Kind.RELIEF,
        steps=[
            {"on": (held_on + timedelta(days=1)).isoformat(), "step": RELIEF_STEPS[0]},
            {"on": (today + timedelta(days=11)).isoformat(), "step": RELIEF_STEPS[1]},
        ],
    )
