"""The daily ball reminder: at the workplace's hour, on drop days only, to those who have not
dropped yet, once a day."""

from datetime import UTC, date, datetime

from django.core import mail
from django.utils import timezone

import pytest

from riskmapping.balls import kiosk, services
from riskmapping.models import BallRound
from tests.helpers import run_hourly
from tests.riskmapping.conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_one_mail_a_drop_day_to_each_who_has_not_dropped(running: BallRound, cast, solhoj):
    solhoj.reminder_hour = 14
    solhoj.save()
    # Monday 7 … Wednesday 16 December 2026 (the weekend of 12–13 has no drop days).
    friday = date(2026, 12, 11)
    for person in ("amir", "leder", "tr"):
        services.drop_ball(running, participant=cast[person], colour="red", note="x", today=friday)

    moments = run_hourly(datetime(2026, 12, 6, 23, 0, tzinfo=UTC), 24 * 10)

    sent = sorted(
        (timezone.localtime(t).date(), timezone.localtime(t).hour, m.to[0].split("@")[0])
        for t, m in zip(moments, mail.outbox, strict=True)
    )
    days = sorted({d for d, _h, _to in sent})
    assert days == [date(2026, 12, d) for d in (7, 8, 9, 10, 11, 14, 15, 16)]
    assert {h for _d, h, _to in sent} == {14}
    assert [to for d, _h, to in sent if d == friday] == ["medarbejder"]
    assert len([1 for d, _h, _to in sent if d == MONDAY]) == 4


def test_mail_is_danish_with_the_personal_link_and_how_it_stops(running, cast, solhoj):
    solhoj.reminder_hour = 7
    solhoj.save()
    run_hourly(datetime(2026, 12, 7, 5, 0, tzinfo=UTC), 3)
    message = next(m for m in mail.outbox if m.to == [cast["medarbejder"].email])
    link = services.token_for(running, cast["medarbejder"])
    assert message.subject.startswith("Boldmetoden, dag 1 af 14")
    assert link.get_absolute_url() in message.body
    assert "Mailene stopper, når runden slutter (24. december 2026)" in message.body
    assert "Der skal ikke anføres navn." in message.body
    # Sent at 7: it cannot ask how the day went yet, so it asks for the ball at its end.
    assert "Smid din bold, når din arbejdsdag er ved at være slut" in message.body
    assert "i dag var dag" not in message.body
    html = message.alternatives[0][0]
    assert link.get_absolute_url() in html
    # The code of the day for the break room's kiosk, in both parts.
    code = kiosk.day_code(link, MONDAY)
    assert f"skriv din kode for i dag: {code}" in message.body
    assert code in html


def test_an_afternoon_mail_asks_how_the_day_went(running, cast, solhoj):
    solhoj.reminder_hour = 14
    solhoj.save()
    run_hourly(datetime(2026, 12, 7, 12, 0, tzinfo=UTC), 2)
    message = next(m for m in mail.outbox if m.to == [cast["medarbejder"].email])
    assert "Din arbejdsdag er ved at være slut: i dag var dag 1 af 14" in message.body


def test_a_new_workplace_is_reminded_at_the_end_of_a_day_shift():
    from workplaces.models import Workplace  # noqa: PLC0415

    assert Workplace._meta.get_field("reminder_hour").default == 14


def test_no_mail_once_dropped_between_claim_and_send(running, cast, solhoj):
    from riskmapping.balls.reminders import BallDropDue  # noqa: PLC0415
    from workplaces import reminders  # noqa: PLC0415

    claims = reminders.claim(solhoj, MONDAY)
    services.drop_ball(
        running, participant=cast["medarbejder"], colour="green", note="x", today=MONDAY
    )
    sent = sum(reminders.send(pk) for pk in claims)
    assert sent == 3
    assert BallDropDue.kind == "ball-drop"


def test_no_mail_for_a_planned_round(cast, solhoj):
    services.plan_round(solhoj, by=cast["leder"], first_day=MONDAY, weekends_count=False)
    run_hourly(datetime(2026, 12, 7, 0, 0, tzinfo=UTC), 24)
    assert mail.outbox == []


def test_no_mail_for_a_paper_round(cast, solhoj):
    """On paper the balls go in the break room's glass displays: no link, no mail."""
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=MONDAY,
        weekends_count=False,
        mode=BallRound.Mode.PAPER,
    )
    services.start_round(ball_round, by=cast["leder"])
    run_hourly(datetime(2026, 12, 6, 23, 0, tzinfo=UTC), 24 * 3)
    assert mail.outbox == []
