from datetime import date, timedelta

import pytest

from riskmapping.balls import services
from riskmapping.models import BallRound

MONDAY = date(2026, 12, 7)


@pytest.fixture
def running(cast, solhoj) -> BallRound:
    """A round at Solhøj from Monday 7 December 2026, weekends not counted."""
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=MONDAY, weekends_count=False
    )
    return services.start_round(ball_round, by=cast["leder"])


@pytest.fixture
def past_round(cast, solhoj):
    """`past_round(drops)`: a round at Solhøj whose 14 days are over (every day counting),
    its balls dropped on its first days by its participants in turn, now being sorted.
    `drops` is a list of (colour, note); `first_day` defaults to 20 days ago. Solhøj gets
    a fifth member, so five drops are enough for its figures and notes to be shown."""
    from django.utils import timezone  # noqa: PLC0415

    from tests.factories import MembershipFactory  # noqa: PLC0415

    MembershipFactory(workplace=solhoj)

    def make(
        drops=(
            ("red", "Travlt"),
            ("red", "Telefonen"),
            ("green", "God dag"),
            ("red", "Vagtplanen"),
            ("green", "Gode kolleger"),
        ),
        *,
        first_day: date | None = None,
    ) -> BallRound:
        leder = cast["leder"]
        first_day = first_day or timezone.localdate() - timedelta(days=20)
        ball_round = services.plan_round(solhoj, by=leder, first_day=first_day, weekends_count=True)
        services.start_round(ball_round, by=leder)
        people = list(ball_round.participants.order_by("pk"))
        for index, (colour, note) in enumerate(drops):
            services.drop_ball(
                ball_round,
                participant=people[index % len(people)],
                colour=colour,
                note=note,
                today=ball_round.drop_days[index // len(people)],
            )
        return services.begin_sorting(ball_round, by=leder)

    return make
