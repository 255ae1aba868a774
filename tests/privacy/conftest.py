from datetime import UTC, date, datetime

import pytest

from riskmapping.balls import services as balls
from riskmapping.models import Ball, BallRound
from workplaces.models import User, Workplace
from workplaces.services import record_changes

CANARY = "KANARIE-7f3a"


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def finished_round(cast, solhoj: Workplace, time_machine):
    """`finished_round(first_day, closed_on)`: a digital round at Solhøj with three balls
    and notes, closed (its status history written) on `closed_on`."""

    def make(first_day: date, closed_on: date, *, workplace: Workplace = solhoj) -> BallRound:
        leder: User = cast["leder"]
        time_machine.move_to(noon(first_day))
        ball_round = balls.plan_round(workplace, by=leder, first_day=first_day, weekends_count=True)
        balls.start_round(ball_round, by=leder)
        for colour, note in [("red", "Travlt"), ("red", "For få på vagt"), ("green", "God dag")]:
            Ball.objects.create(
                round=ball_round, day=first_day, colour=colour, note=f"{note} {CANARY}"
            )
        Ball.objects.filter(round=ball_round, colour="green").update(hidden_reason="Navn nævnt")
        time_machine.move_to(noon(closed_on))
        BallRound.objects.filter(pk=ball_round.pk).update(status=BallRound.Status.DONE)
        record_changes(
            ball_round, workplace=workplace, by=leder, changes=[("Status", "Møde", "Afsluttet")]
        )
        ball_round.refresh_from_db()
        return ball_round

    return make
