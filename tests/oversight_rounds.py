"""Finished ball rounds with given figures, made directly (no 14 days of dropping), for the
oversight's tests: HR's dashboard, trends, exports and the browser test."""

from datetime import date, datetime, time
from itertools import count

from django.utils import timezone

from riskmapping.models import Ball, BallRound, DropRecord, PaperCount
from workplaces.models import User, Workplace

_people = count()


def ball_round(
    workplace: Workplace,
    *,
    first_day: date,
    people: int,
    red: int,
    green: int,
    status: str = BallRound.Status.DONE,
    mode: str = BallRound.Mode.DIGITAL,
    staff_meeting_at: datetime | None = None,
) -> BallRound:
    """A round in which `people` took part and `red` and `green` balls were counted: on
    paper as one day's count, digitally as balls and one drop record per person."""
    ball_round = BallRound.objects.create(
        workplace=workplace,
        first_day=first_day,
        status=status,
        mode=mode,
        staff_meeting_at=staff_meeting_at,
    )
    users = User.objects.bulk_create(
        User(username=f"deltager-{next(_people)}") for _ in range(people)
    )
    if mode == BallRound.Mode.PAPER:
        ball_round.participants.set(users)
        PaperCount.objects.create(round=ball_round, day=first_day, red=red, green=green)
        return ball_round
    DropRecord.objects.bulk_create(
        DropRecord(round=ball_round, participant=u, day=first_day) for u in users
    )
    Ball.objects.bulk_create(
        Ball(round=ball_round, day=first_day, colour=colour, note="…")
        for colour, n in ((Ball.Colour.RED, red), (Ball.Colour.GREEN, green))
        for _ in range(n)
    )
    return ball_round


def at(day: date, hour: int = 13) -> datetime:
    """A Copenhagen time on `day`."""
    return timezone.make_aware(datetime.combine(day, time(hour)))
