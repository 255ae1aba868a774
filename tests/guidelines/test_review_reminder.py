from datetime import UTC, date, datetime

from django.core import mail
from django.utils import timezone

import pytest

from guidelines import services
from guidelines.models import GuidelineVersion
from tests.factories import WorkEnvironmentGroupFactory
from tests.helpers import run_hourly

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast, solhoj):
    group = WorkEnvironmentGroupFactory(name="AMG Solhøj")
    group.workplaces.add(solhoj)
    group.members.add(cast["leder"], cast["amir"])
    return services.publish(services.guideline_for(solhoj), by=cast["leder"], review_months=12)


@pytest.mark.parametrize(
    ("review_due", "start"),
    [
        (date(2027, 3, 28), datetime(2027, 3, 27, 0, 0, tzinfo=UTC)),  # clocks go forward
        (date(2026, 10, 25), datetime(2026, 10, 24, 0, 0, tzinfo=UTC)),  # clocks go back
    ],
)
def test_review_reminder_goes_once_to_manager_and_amg_on_the_day(
    published, solhoj, review_due, start
):
    GuidelineVersion.objects.filter(pk=published.pk).update(review_due=review_due)
    solhoj.reminder_hour = 2
    solhoj.save()

    sent = run_hourly(start, 72, step_minutes=30)

    assert sorted(m.to[0] for m in mail.outbox) == ["amir@example.dk", "leder@example.dk"]
    assert {timezone.localtime(t).date() for t in sent} == {review_due}
    message = mail.outbox[0]
    assert message.subject == (
        "Tid til opfølgning på de lokale retningslinjer – Plejecenter Solhøj"
    )
    assert "/workplaces/plejecenter-solhoj/guideline/" in message.body
    assert "Du får denne mail, fordi du er leder eller sidder i arbejdsmiljøgruppen" in (
        message.body
    )
    assert message.alternatives[0].mimetype == "text/html"


def test_no_reminder_before_the_review_date(published, solhoj):
    GuidelineVersion.objects.filter(pk=published.pk).update(review_due=date(2026, 12, 1))
    run_hourly(datetime(2026, 11, 28, 0, 0, tzinfo=UTC), 48)
    assert mail.outbox == []


def test_a_newer_version_makes_the_old_reminder_moot(published, cast, solhoj):
    GuidelineVersion.objects.filter(pk=published.pk).update(review_due=date(2026, 11, 26))
    from workplaces import reminders  # noqa: PLC0415

    claimed = reminders.claim(solhoj, date(2026, 11, 26))
    services.publish(services.guideline_for(solhoj), by=cast["leder"], review_months=12)
    assert [reminders.send(pk) for pk in claimed] == [False, False]
    assert mail.outbox == []
