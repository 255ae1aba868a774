from django.core.management import call_command
from django.utils import timezone

import pytest

from iglo.models import IgloPlan
from riskmapping import services
from riskmapping.models import Ball, BallRound, Category, DropRecord, Participation, Proposal

pytestmark = pytest.mark.django_db


def test_solhoj_has_a_finished_round_and_a_running_one_on_its_sixth_day(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (BallRound.objects.count(), Ball.objects.count(), IgloPlan.objects.count())
    call_command("seed_demo")  # idempotent
    assert (BallRound.objects.count(), Ball.objects.count(), IgloPlan.objects.count()) == counts
    running = BallRound.objects.get(workplace__slug="plejecenter-solhoj", status="running")
    assert running.day_number(timezone.localdate()) == 6
    # The days are over: who dropped on which of them is gone, who took part is kept.
    assert Ball.objects.filter(round=running).count() > 0
    assert not DropRecord.objects.exists()
    assert Participation.objects.filter(round=running).count() > 0
    assert all(row["red"] + row["green"] == 0 for row in services.counts(running)[5:])

    done = BallRound.objects.get(workplace__slug="plejecenter-solhoj", status="done")
    assert 55 <= (timezone.localdate() - done.last_day).days <= 70  # about two months ago
    assert not done.balls.filter(category__isnull=True).exists()  # every note sorted
    planned = Category.objects.filter(ball_round=done, iglo_plan__isnull=False)
    assert planned.count() == 2
    assert all(c.colour == "red" for c in planned)
    assert set(
        Proposal.objects.filter(category__ball_round=done).values_list("track", flat=True)
    ) == {
        "now",
        "later",
    }
    assert Category.members.through.objects.filter(category__ball_round=done).exists()
    # The running round is compared with the finished one, and the next may start when
    # the IGLO actions are measured.
    comparison = services.comparison(running)
    assert comparison["earlier"] == done
    assert comparison["then"]["red"] is not None
    assert [row["title"] for row in comparison["headings"]] == [c.title for c in planned]
    workplace = done.workplace
    assert len(services.suggested_first_days(workplace)) >= 1
