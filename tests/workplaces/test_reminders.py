from collections import Counter
from datetime import UTC, date, datetime, timedelta

from django.core import mail
from django.utils import timezone

import pytest

from tests.factories import MembershipFactory, UserFactory, WorkplaceFactory
from tests.helpers import run_hourly
from workplaces import reminders
from workplaces.models import ReminderDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    workplace = WorkplaceFactory(reminder_hour=8)
    for name in ("anne", "bo", "carl"):
        MembershipFactory(workplace=workplace, user=UserFactory(username=name))
    return workplace


def test_nothing_before_the_workplace_hour_and_all_at_it(nudge, team):
    # 26 November: Copenhagen is UTC+1, so 08:00 local is 07:00 UTC.
    assert reminders.tick(datetime(2026, 11, 26, 6, 59, tzinfo=UTC), queue=lambda *a: 0) == []
    sent = run_hourly(datetime(2026, 11, 26, 7, 0, tzinfo=UTC), 1)
    assert len(sent) == 3
    assert {m.to[0] for m in mail.outbox} == {"anne@example.dk", "bo@example.dk", "carl@example.dk"}


@pytest.mark.parametrize(
    ("start", "label"),
    [
        (datetime(2027, 3, 27, 0, 0, tzinfo=UTC), "spring: 02.00 does not exist on 28 March"),
        (datetime(2026, 10, 24, 0, 0, tzinfo=UTC), "autumn: 02.00 happens twice on 25 October"),
    ],
)
@pytest.mark.parametrize("hour", [2, 3, 8])
def test_one_reminder_per_person_per_day_across_daylight_saving(nudge, team, start, label, hour):
    team.reminder_hour = hour
    team.save()
    sent = run_hourly(start, 48, step_minutes=30)

    per_person_day = Counter(
        (m.to[0], timezone.localtime(t).date()) for m, t in zip(mail.outbox, sent, strict=True)
    )
    assert set(per_person_day.values()) == {1}, label
    assert len(per_person_day) == 3 * 2, label
    for moment in sent:
        local = timezone.localtime(moment)
        # At the hour, or at the first moment after it where the hour was skipped.
        assert local.hour in {hour, hour + 1}, (label, local)


def test_running_the_batch_twice_sends_nothing_more(nudge, team):
    today = date(2026, 11, 26)
    assert reminders.remind_workplace(team, today) == 3
    assert reminders.remind_workplace(team, today) == 0
    assert len(mail.outbox) == 3
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 3


def test_a_claim_that_never_went_out_is_swept_up(nudge, team):
    today = date(2026, 11, 26)
    claimed = reminders.claim(team, today)
    assert len(claimed) == 3
    tick_at = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    # An hour before the tick (not before the real clock, which may be any day and hour).
    ReminderDelivery.objects.update(claimed_at=tick_at - timedelta(hours=1))
    team.reminder_hour = 23
    team.save()
    # Before the workplace's own hour, the sweep alone queues it.
    queued = reminders.tick(
        tick_at,
        queue=lambda pk, day: reminders.remind_workplace(team, today),
    )
    assert queued == [team.pk]
    assert len(mail.outbox) == 3


def test_moot_reminders_and_inactive_people_get_no_mail(nudge, team):
    MembershipFactory(workplace=team, user=UserFactory(username="moot"))
    gone = UserFactory(username="gone", is_active=False)
    MembershipFactory(workplace=team, user=gone)
    reminders.remind_workplace(team, date(2026, 11, 26))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anne@example.dk",
        "bo@example.dk",
        "carl@example.dk",
    ]
    assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()
