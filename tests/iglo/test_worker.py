"""A real Celery worker runs the reminder batch twice: the deadline reminder goes once."""

from datetime import date, timedelta

import pytest

from iglo import services
from iglo.models import IgloPlan, Level
from tests.factories import MembershipFactory, UserFactory, WorkplaceFactory
from tests.test_celery_worker import celery_worker  # noqa: F401 -- the fixture
from workplaces.tasks import remind_workplace

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 12, 7)


def test_worker_sends_a_deadline_reminder_once_when_the_batch_runs_twice(celery_worker):  # noqa: F811
    workplace = WorkplaceFactory(name="Plejecenter Solhøj", slug="plejecenter-solhoj")
    leder = UserFactory(username="leder", first_name="Åse")
    MembershipFactory(user=leder, workplace=workplace, manager=True)
    plan = services.start_plan(
        workplace, by=leder, title="Travlhed", responsible_manager=leder, follow_up_on=TODAY
    )
    for level in Level:
        services.add_action(
            plan,
            by=leder,
            level=level,
            text=f"Handling – {level.label}",
            responsible_member=leder if level == Level.GROUP else None,
            responsible_function="" if level == Level.GROUP else "MED-udvalget",
            deadline=TODAY + timedelta(days=2 if level == Level.GROUP else 60),
        )
    services.set_status(plan, by=leder, status=IgloPlan.Status.ACTIVE)
    # Make the follow-up date lie ahead, so only the deadline reminder is due.
    IgloPlan.objects.filter(pk=plan.pk).update(follow_up_on=TODAY + timedelta(days=30))

    results = [
        remind_workplace.apply_async(
            kwargs={"workplace_id": workplace.pk, "today": TODAY.isoformat()},
            queue=celery_worker.queue,
        )
        for _ in range(2)
    ]
    for result in results:
        celery_worker.wait_for_task(result.id)

    [message] = celery_worker.mails()
    assert message["To"] == "leder@example.dk"
    assert message["Subject"].strip() == "Frist om få dage: Handling – Gruppe – Plejecenter Solhøj"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "9. december 2026" in text
    assert message.get_body(preferencelist=("html",)) is not None
