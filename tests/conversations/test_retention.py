"""Key conversations are deleted by a nightly task once HR's retention period has passed."""

from datetime import UTC, date, datetime

from django.conf import settings
from django.urls import reverse

import pytest

from conversations import services, tasks
from conversations.models import FollowUpPlan, KeyConversation, RetentionPeriod
from tests.factories import KeyConversationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def made_at(cast, solhoj, time_machine):
    """`made_at(day)`: a conversation last changed at noon UTC on that day."""

    def make(day: date) -> KeyConversation:
        time_machine.move_to(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
        employee = UserFactory()
        MembershipFactory(user=employee, workplace=solhoj)
        return KeyConversationFactory(workplace=solhoj, manager=cast["leder"], employee=employee)

    return make


def test_deletes_what_is_due_and_nothing_else(made_at, time_machine):
    old = made_at(date(2025, 11, 25))
    FollowUpPlan.objects.create(conversation=old, kind="relief", steps=[])
    services.log_access(old, by=old.manager, kind="conversation.viewed")
    just_in_time = made_at(date(2025, 11, 27))
    recent = made_at(date(2026, 6, 1))

    time_machine.move_to(datetime(2026, 11, 26, 1, 30, tzinfo=UTC))  # 02.30 in Copenhagen
    assert tasks.delete_expired_conversations.delay().get() == 1

    assert set(KeyConversation.objects.values_list("pk", flat=True)) == {just_in_time.pk, recent.pk}
    assert not FollowUpPlan.objects.exists()
    assert not services.access_log(old).exists()
    assert tasks.delete_expired_conversations() == 0  # running it again is harmless


def test_a_change_restarts_the_period(made_at, time_machine, cast):
    conversation = made_at(date(2025, 1, 10))
    time_machine.move_to(date(2025, 12, 1))
    services.update_conversation(
        conversation,
        by=cast["leder"],
        held_on=conversation.held_on,
        calm=True,
        hope=True,
        immediate_action=True,
        calendar="Stadig ryddet",
        handovers=[],
        colleagues_message="",
        told_by="",
        next_meeting_on=None,
        private_notes="",
    )
    time_machine.move_to(date(2026, 2, 1))
    assert services.delete_expired_conversations() == 0
    time_machine.move_to(date(2026, 12, 2))
    assert services.delete_expired_conversations() == 1


def test_opening_it_does_not_extend_it(client_as, made_at, time_machine):
    conversation = made_at(date(2025, 1, 10))
    time_machine.move_to(date(2026, 1, 9))
    client_as("leder").get(conversation.get_absolute_url())
    time_machine.move_to(date(2026, 1, 12))
    assert services.delete_expired_conversations() == 1


def test_hr_sets_a_shorter_period_in_the_admin(client_as, made_at, time_machine):
    older = made_at(date(2026, 1, 15))
    newer = made_at(date(2026, 8, 15))
    time_machine.move_to(date(2026, 9, 1))
    client = client_as("hr")
    period = RetentionPeriod.objects.get()  # the default, made by a migration
    assert period.months == 12
    url = reverse("admin:conversations_retentionperiod_change", args=[period.pk])
    assert client.post(url, {"months": 6}).status_code == 302
    assert services.retention_months() == 6
    # One period for the whole municipality: no second one, and it cannot be deleted.
    assert client.get(reverse("admin:conversations_retentionperiod_add")).status_code == 403
    delete = reverse("admin:conversations_retentionperiod_delete", args=[period.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403

    assert services.delete_expired_conversations() == 1
    assert list(KeyConversation.objects.all()) == [newer]
    assert not KeyConversation.objects.filter(pk=older.pk).exists()


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("0", "Denne værdi skal være større end eller lig 1."),
        ("121", "Denne værdi skal være mindre end eller lig 120."),
        ("tolv", "Indtast et heltal."),
    ],
)
def test_hr_gets_a_danish_message_for_a_bad_period(client_as, months, message):
    period = RetentionPeriod.objects.get()
    response = client_as("hr").post(
        reverse("admin:conversations_retentionperiod_change", args=[period.pk]), {"months": months}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RetentionPeriod.objects.get().months == 12


def test_without_any_period_the_default_applies():
    RetentionPeriod.objects.all().delete()
    assert services.retention_months() == 12


@pytest.mark.parametrize("persona", ["leder", "amir", "medarbejder"])
def test_only_hr_sets_the_period(client_as, persona):
    response = client_as(persona).get(reverse("admin:conversations_retentionperiod_changelist"))
    assert response.status_code == 302  # Django's admin sends non-staff to its login


def test_the_default_is_twelve_months_and_both_people_see_the_date(client, made_at):
    conversation = made_at(date(2026, 2, 28))
    assert services.retention_months() == 12
    assert services.deletion_due(conversation) == date(2027, 2, 28)
    for person in (conversation.manager, conversation.employee):
        client.force_login(person)
        html = client.get(conversation.get_absolute_url()).content.decode()
        assert "automatisk efter 28. februar 2027" in html


def test_beat_runs_the_task_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["key-conversation-retention"]
    assert entry["task"] == "conversations.tasks.delete_expired_conversations"
    assert entry["task"] == tasks.delete_expired_conversations.name
    assert entry["schedule"].hour == {2}
