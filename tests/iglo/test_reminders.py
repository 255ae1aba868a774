"""Reminders of deadlines, follow-up and measurement: each once, at the workplace's hour."""

from datetime import UTC, date, datetime

from django.core import mail
from django.utils import timezone

import pytest

from iglo import services
from iglo.models import IgloAction, IgloPlan, Level
from tests.helpers import run_hourly
from workplaces import reminders
from workplaces.models import ReminderDelivery

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 12, 10)
MEASURE = date(2026, 12, 15)
FOLLOW_UP = date(2026, 12, 20)


@pytest.fixture
def scheduled(cast, solhoj) -> IgloPlan:
    plan = services.start_plan(
        solhoj,
        by=cast["leder"],
        title="Travlhed i aftenvagten",
        responsible_manager=cast["leder"],
        follow_up_on=FOLLOW_UP,
    )
    for level, person in [
        (Level.INDIVIDUAL, cast["medarbejder"]),
        (Level.GROUP, cast["tr"]),
        (Level.LEADERSHIP, cast["leder"]),
    ]:
        services.add_action(
            plan,
            by=cast["leder"],
            level=level,
            text=f"{level.label}: æøå",
            responsible_member=person,
            deadline=DEADLINE,
        )
    services.add_action(
        plan,
        by=cast["leder"],
        level=Level.ORGANISATION,
        text="Normen tages op i MED",
        responsible_function="MED-udvalget",
        deadline=DEADLINE,
        measure_on=MEASURE,
        measure_how="Referat fra MED-mødet",
    )
    return services.set_status(plan, by=cast["leder"], status=IgloPlan.Status.ACTIVE)


def _sent(moments: list[datetime]) -> list[tuple[date, int, str, str]]:
    return sorted(
        (timezone.localtime(t).date(), timezone.localtime(t).hour, m.to[0].split("@")[0], m.subject)
        for t, m in zip(moments, mail.outbox, strict=True)
    )


def test_every_reminder_goes_once_at_the_workplace_hour(scheduled, solhoj):
    solhoj.reminder_hour = 7
    solhoj.save()

    moments = run_hourly(datetime(2026, 12, 5, 0, 0, tzinfo=UTC), 24 * 17)

    sent = _sent(moments)
    assert {hour for _d, hour, _to, _s in sent} == {7}
    soon = [(d, to) for d, _h, to, s in sent if s.startswith("Frist om få dage")]
    passed = [(d, to) for d, _h, to, s in sent if s.startswith("Fristen er overskredet")]
    measure = [(d, to) for d, _h, to, s in sent if s.startswith("Mål effekten")]
    follow = [(d, to) for d, _h, to, s in sent if s.startswith("Tid til opfølgning")]
    assert soon == [(date(2026, 12, 7), p) for p in ["leder", "medarbejder", "tr"]]
    assert passed == [(date(2026, 12, 11), p) for p in ["leder", "medarbejder", "tr"]]
    assert measure == [(MEASURE, p) for p in ["amir", "leder", "tr"]]
    assert follow == [(FOLLOW_UP, p) for p in ["amir", "leder", "tr"]]
    assert len(sent) == 12


def test_reminder_mail_is_danish_with_link_reason_and_html(scheduled, solhoj):
    run_hourly(datetime(2026, 12, 7, 0, 0, tzinfo=UTC), 24)
    message = next(m for m in mail.outbox if m.to == ["medarbejder@example.dk"])
    assert message.subject == "Frist om få dage: Individ: æøå – Plejecenter Solhøj"
    assert f"/workplaces/plejecenter-solhoj/iglo/{scheduled.pk}/" in message.body
    assert "10. december 2026" in message.body
    assert "Du får denne mail, fordi du står som ansvarlig for handlingen" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'/workplaces/plejecenter-solhoj/iglo/{scheduled.pk}/"' in html


def test_a_done_action_gets_no_overdue_reminder(scheduled, solhoj):
    IgloAction.objects.filter(plan=scheduled).update(status=IgloAction.Status.DONE)
    run_hourly(datetime(2026, 12, 11, 0, 0, tzinfo=UTC), 24)
    assert [m for m in mail.outbox if m.subject.startswith("Fristen")] == []


def test_a_moved_deadline_is_reminded_again_and_a_claim_that_went_stale_is_not_sent(
    scheduled, solhoj, cast
):
    action = IgloAction.objects.get(plan=scheduled, level=Level.GROUP)
    [claimed] = [
        pk
        for pk in reminders.claim(solhoj, date(2026, 12, 7))
        if ReminderDelivery.objects.get(pk=pk).recipient == cast["tr"]
    ]
    # The deadline moves before the claim is sent: the old reminder no longer applies.
    services.save_action(
        action,
        by=cast["leder"],
        expected_version=action.version,
        **{
            **{n: getattr(action, n) for n in services.ACTION_FIELDS},
            "deadline": date(2026, 12, 30),
        },
    )
    assert reminders.send(claimed) is False
    assert mail.outbox == []
    run_hourly(datetime(2026, 12, 27, 0, 0, tzinfo=UTC), 24)
    assert [m.to for m in mail.outbox if m.subject.startswith("Frist om få dage")] == [
        ["tr@example.dk"]
    ]


def test_a_draft_plan_sends_nothing(cast, solhoj):
    plan = services.start_plan(solhoj, by=cast["leder"], title="Kladde", follow_up_on=FOLLOW_UP)
    services.add_action(
        plan,
        by=cast["leder"],
        level=Level.GROUP,
        text="x",
        responsible_member=cast["tr"],
        deadline=DEADLINE,
    )
    run_hourly(datetime(2026, 12, 6, 0, 0, tzinfo=UTC), 24 * 16, step_minutes=120)
    assert mail.outbox == []
