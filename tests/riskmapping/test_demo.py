from django.core.management import call_command
from django.utils import timezone

import pytest

from riskmapping import services
from riskmapping.models import Ball, BallRound, DropRecord

pytestmark = pytest.mark.django_db


def test_solhoj_has_a_running_round_on_its_sixth_day(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    ball_round = BallRound.objects.get(workplace__slug="plejecenter-solhoj")
    assert ball_round.status == BallRound.Status.RUNNING
    assert ball_round.day_number(timezone.localdate()) == 6
    assert Ball.objects.count() == DropRecord.objects.count() > 0
    assert all(row["red"] + row["green"] == 0 for row in services.counts(ball_round)[5:])
