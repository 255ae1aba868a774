"""seed_demo gives Solhøj a priority plan and `leder` a key conversation with `medarbejder1`."""

from django.core.management import call_command

import pytest

from conversations.models import FollowUpPlan, KeyConversation
from guidelines.models import PriorityPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module, settings):
    settings.DEBUG = True  # as seed_demo wants, for the test that runs it again


def test_solhoj_has_a_priority_plan(demo):
    plan = PriorityPlan.objects.get(workplace__slug="plejecenter-solhoj")
    assert plan.reviewed_at is not None
    assert {task["priority"] for task in plan.tasks} == {"keep", "deprioritise"}
    assert plan.revisions.count() >= 1
    assert plan.uses.exists()


def test_leder_holds_a_key_conversation_with_medarbejder1(demo, client):
    conversation = KeyConversation.objects.get(
        manager__username="leder", employee__username="medarbejder1"
    )
    assert conversation.handovers
    assert conversation.next_meeting_on > conversation.held_on
    assert FollowUpPlan.objects.filter(conversation=conversation, kind="relief").exists()

    client.force_login(conversation.employee)
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert "Vagtplanen for februar" in html
    assert conversation.private_notes not in html


def test_running_it_again_adds_nothing(demo):
    counts = (KeyConversation.objects.count(), PriorityPlan.objects.get().revisions.count())
    call_command("seed_demo")
    assert counts == (
        KeyConversation.objects.count(),
        PriorityPlan.objects.get().revisions.count(),
    )
