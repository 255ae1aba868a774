from datetime import date

import pytest

from riskmapping import services
from riskmapping.models import BallRound

MONDAY = date(2026, 12, 7)


@pytest.fixture
def running(cast, solhoj) -> BallRound:
    """A round at Solhøj from Monday 7 December 2026, weekends not counted."""
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=MONDAY, weekends_count=False
    )
    return services.start_round(ball_round, by=cast["leder"])
