from django.core.management import call_command

import pytest

from iglo.models import IgloAction, IgloPlan
from riskmapping.dialogue import services as dialogue
from riskmapping.models import DialogueMeeting, StickyNote

pytestmark = pytest.mark.django_db


def test_hjemmeplejen_nord_has_a_finished_meeting_and_a_planned_one(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    meetings = DialogueMeeting.objects.filter(workplace__slug="hjemmeplejen-nord")
    assert sorted(meetings.values_list("status", flat=True)) == ["done", "planned"]
    held = meetings.get(status="done")
    assert held.groups.count() >= 2
    counts = dialogue.group_counts(held)
    assert all(c["red"] <= 3 and c["green"] <= 3 for c in counts.values())
    assert StickyNote.objects.filter(meeting=held, colour="red", category__isnull=True).count() == 0
    found = dialogue.results(held)
    assert len(found["red_categories"]) == 4
    assert found["by_track"]["now"]
    assert found["by_track"]["later"]
    assert not found["by_track"]["none"]
    plan = IgloPlan.objects.get(source=IgloPlan.Source.DIALOGUE_MEETING)
    assert plan.title == "Planlægning og kørelister"
    assert IgloAction.objects.filter(plan=plan).count() == 2
    assert dialogue.participant_count(held) > 0
