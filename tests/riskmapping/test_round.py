"""Planning and running a round; dropping balls; the glass displays."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from riskmapping.balls import services
from riskmapping.models import BallRound, DropRecord, MailboxBall
from tests.factories import MembershipFactory, UserFactory
from tests.riskmapping.conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_participants_default_to_the_active_members(cast, solhoj):
    MembershipFactory(workplace=solhoj, user=UserFactory(), ends_on=date(2020, 1, 1))
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=MONDAY, weekends_count=True
    )
    names = sorted(u.username for u in ball_round.participants.all())
    assert names == ["amir", "leder", "medarbejder", "tr"]
    assert ball_round.status == BallRound.Status.PLANNED


def test_fourteen_drop_days_skip_weekends_unless_they_count(cast, solhoj):
    weekdays = BallRound(first_day=MONDAY, weekends_count=False)
    assert len(weekdays.drop_days) == 14
    assert all(d.weekday() < 5 for d in weekdays.drop_days)
    assert weekdays.last_day == date(2026, 12, 24)
    every_day = BallRound(first_day=MONDAY, weekends_count=True)
    assert every_day.drop_days == [MONDAY + timedelta(days=i) for i in range(14)]
    # A Saturday start without weekends begins on Monday.
    assert BallRound(first_day=date(2026, 12, 5), weekends_count=False).drop_days[0] == MONDAY


def test_one_unfinished_round_per_workplace(running, cast, solhoj):
    with pytest.raises(ValidationError, match="allerede en boldrunde"):
        services.plan_round(solhoj, by=cast["leder"], first_day=MONDAY, weekends_count=False)


def test_only_one_running_round_even_past_the_service(running, cast, solhoj):
    other = BallRound.objects.create(workplace=solhoj, first_day=MONDAY)
    with pytest.raises(ValidationError, match="allerede en boldrunde i gang"):
        services.start_round(other, by=cast["leder"])


def test_meetings_must_follow_the_drop_days(cast, solhoj):
    too_early = timezone.make_aware(timezone.datetime(2026, 12, 20, 10, 0))
    with pytest.raises(ValidationError, match="efter den sidste dag med bolde"):
        services.plan_round(
            solhoj,
            by=cast["leder"],
            first_day=MONDAY,
            weekends_count=False,
            sorting_meeting_at=too_early,
        )


def test_drop_ball_stores_an_anonymous_ball_and_a_separate_record(running, cast):
    services.drop_ball(
        running, participant=cast["tr"], colour="red", note=" For få hænder ", today=MONDAY
    )
    ball = MailboxBall.objects.get()
    assert (ball.round, ball.day, ball.colour, ball.note) == (
        running,
        MONDAY,
        "red",
        "For få hænder",
    )
    assert DropRecord.objects.filter(round=running, participant=cast["tr"], day=MONDAY).exists()


def test_second_ball_the_same_day_is_refused_in_danish(running, cast):
    services.drop_ball(running, participant=cast["tr"], colour="red", note="a", today=MONDAY)
    with pytest.raises(ValidationError, match="Du har allerede smidt en bold i dag"):
        services.drop_ball(running, participant=cast["tr"], colour="green", note="b", today=MONDAY)
    assert MailboxBall.objects.count() == 1
    services.drop_ball(
        running, participant=cast["tr"], colour="green", note="c", today=MONDAY + timedelta(1)
    )
    assert MailboxBall.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"note": "  "}, "Skriv på sedlen"),
        ({"note": "x" * 1001}, "højst have 1000 tegn"),
        ({"colour": "blue"}, "rød eller en grøn"),
        ({"today": date(2026, 12, 12)}, "kan ikke smides bolde"),  # a Saturday
        ({"today": date(2026, 12, 28)}, "kan ikke smides bolde"),  # after the last day
    ],
)
def test_invalid_drops_get_danish_errors(running, cast, change, message):
    args = {"participant": cast["tr"], "colour": "red", "note": "ok", "today": MONDAY, **change}
    with pytest.raises(ValidationError, match=message):
        services.drop_ball(running, **args)
    assert not MailboxBall.objects.exists()
    assert not DropRecord.objects.exists()


def test_outsider_and_planned_round_cannot_drop(running, cast, solhoj):
    with pytest.raises(ValidationError, match="deltager ikke"):
        services.drop_ball(
            running, participant=cast["outsider"], colour="red", note="x", today=MONDAY
        )
    running.status = BallRound.Status.PLANNED
    with pytest.raises(ValidationError, match="kan ikke smides bolde"):
        services.drop_ball(running, participant=cast["tr"], colour="red", note="x", today=MONDAY)


def test_counts_per_day_and_colour(running, cast):
    tuesday = MONDAY + timedelta(days=1)
    for person, colour, day in [
        ("tr", "red", MONDAY),
        ("amir", "red", MONDAY),
        ("leder", "green", MONDAY),
        ("tr", "green", tuesday),
    ]:
        services.drop_ball(running, participant=cast[person], colour=colour, note="x", today=day)
    rows = services.counts(running)
    assert len(rows) == 14
    assert rows[0] == {"day": MONDAY, "number": 1, "red": 2, "green": 1}
    assert rows[1] == {"day": tuesday, "number": 2, "red": 0, "green": 1}
    assert services.totals(rows) == {"red": 2, "green": 2}
