"""Demo content for Bilag 5 (called by `manage.py seed_demo`): a running round at Plejecenter
Solhøj on its 6th day, with the balls of the first five days."""

import random
from datetime import timedelta

from django.utils import timezone

from riskmapping import services
from riskmapping.models import Ball, BallRound
from workplaces.models import User, Workplace

NOTES = {
    Ball.Colour.RED: [
        "Aftenvagten var underbemandet, og jeg nåede ikke min pause.",
        "Telefonen afbrød mig hele tiden under medicinrunden.",
        "Vagtplanen blev ændret med kort varsel.",
        "For mange nye opgaver uden tid til oplæring.",
    ],
    Ball.Colour.GREEN: [
        "God overlevering fra morgenvagten – jeg vidste præcis, hvad der skulle ske.",
        "Vi hjalp hinanden på gangen, og der var tid til en snak med beboerne.",
        "Rolig dag med tid til fordybelse.",
    ],
}

SKIP_SHARE = 0.25  # not everyone drops every day


def seed() -> None:
    solhoj = Workplace.objects.filter(slug="plejecenter-solhoj").first()
    if solhoj is None or BallRound.objects.filter(workplace=solhoj).exists():
        return
    leder = User.objects.get(username="leder")
    today = timezone.localdate()
    first_day = today - timedelta(days=5)  # care homes count weekends: today is day 6
    ball_round = services.plan_round(
        solhoj,
        by=leder,
        first_day=first_day,
        weekends_count=True,
        intro_at=timezone.now() - timedelta(days=6),
        sorting_meeting_at=timezone.now() + timedelta(days=10),
        staff_meeting_at=timezone.now() + timedelta(days=12),
    )
    services.start_round(ball_round, by=leder)
    picker = random.Random(5)  # noqa: S311 -- demo data, not a secret
    people = list(ball_round.participants.order_by("pk"))
    for offset in range(5):
        day = first_day + timedelta(days=offset)
        for person in people:
            if picker.random() < SKIP_SHARE:
                continue
            colour = picker.choice([Ball.Colour.RED, Ball.Colour.RED, Ball.Colour.GREEN])
            note = picker.choice(NOTES[colour])
            services.drop_ball(ball_round, participant=person, colour=colour, note=note, today=day)
    services.empty_mailbox(before=today)
