"""The daily ball reminder through a real Celery worker: the batch task queued again and
again (a repeated beat tick, a retry, a second worker) sends each participant who has not
dropped one mail a day, and none to a participant who dropped."""

from datetime import timedelta

from django.utils import timezone

import pytest

from riskmapping.balls import services
from tests.test_celery_worker import celery_worker  # noqa: F401 -- the worker fixture
from workplaces.models import ReminderDelivery
from workplaces.tasks import remind_workplace

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _remind(worker, workplace_id: int, day, times: int) -> None:
    results = [
        remind_workplace.apply_async(
            kwargs={"workplace_id": workplace_id, "today": day.isoformat()}, queue=worker.queue
        )
        for _ in range(times)
    ]
    for result in results:
        worker.wait_for_task(result.id)


def test_worker_sends_the_ball_reminder_once_per_participant_per_day(
    celery_worker,  # noqa: F811
    cast,
    solhoj,
):
    today = timezone.localdate()
    ball_round = services.plan_round(solhoj, by=cast["leder"], first_day=today, weekends_count=True)
    services.start_round(ball_round, by=cast["leder"])
    services.drop_ball(ball_round, participant=cast["amir"], colour="green", note="x", today=today)

    _remind(celery_worker, solhoj.pk, today, times=3)
    mails = celery_worker.mails()
    waiting = ("medarbejder", "tr", "leder")
    assert sorted(m["To"] for m in mails) == sorted(cast[p].email for p in waiting)
    for message in mails:
        person = next(cast[p] for p in waiting if cast[p].email == message["To"])
        link = services.token_for(ball_round, person).get_absolute_url()
        assert link in message.get_body(preferencelist=("plain",)).get_content()
        assert "Boldmetoden, dag 1 af 14" in " ".join(message["Subject"].split())

    # The next day everyone who has not dropped that day gets one more, amir included.
    tomorrow = today + timedelta(days=1)
    _remind(celery_worker, solhoj.pk, tomorrow, times=2)
    # The mail folder does not keep the order of sending: tell the days by their subject.
    mails = [m for m in celery_worker.mails() if "dag 2 af 14" in " ".join(m["Subject"].split())]
    assert len(celery_worker.mails()) == len(waiting) + 4
    assert sorted(m["To"] for m in mails) == sorted(
        cast[p].email for p in ("amir", "medarbejder", "tr", "leder")
    )
    assert ReminderDelivery.objects.filter(kind="ball-drop", sent_at__isnull=True).count() == 0
    assert ReminderDelivery.objects.filter(kind="ball-drop").count() == 7
