"""Shared setup of the dialogue-method tests: Solhøj's cast plus employees, and a meeting."""

from datetime import datetime
from zoneinfo import ZoneInfo

from riskmapping.dialogue import services as dialogue
from riskmapping.models import DialogueMeeting
from tests.factories import MembershipFactory, UserFactory
from workplaces.models import User, Workplace

CPH = ZoneInfo("Europe/Copenhagen")
STARTS_AT = datetime(2026, 12, 8, 13, 0, tzinfo=CPH)


def employees(workplace: Workplace, n: int, *, prefix: str = "ansat") -> list[User]:
    people = []
    for i in range(n):
        user = UserFactory(username=f"{prefix}{i:02d}")
        MembershipFactory(user=user, workplace=workplace)
        people.append(user)
    return people


def planned(cast: dict, workplace: Workplace, *, extra: int = 6) -> DialogueMeeting:
    """A meeting at `workplace` with the cast and `extra` more employees invited."""
    employees(workplace, extra)
    return dialogue.plan_meeting(
        workplace, by=cast["leder"], starts_at=STARTS_AT, room="Mødelokale 2"
    )


def running(cast: dict, workplace: Workplace, *, phase: str = "groups", extra: int = 6):
    meeting = planned(cast, workplace, extra=extra)
    meeting = dialogue.move(meeting, dialogue.START, by=cast["leder"])
    while dialogue.PHASES[meeting.phase].key != phase:
        meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
    return meeting
