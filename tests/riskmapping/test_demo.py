from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import timezone

import pytest

from iglo.models import IgloPlan
from riskmapping.balls import services
from riskmapping.models import Ball, BallRound, Category, DropRecord, Participation, Proposal

pytestmark = pytest.mark.django_db

# A Wednesday noon: the demo is seeded and read on one day, whenever the suite runs.
NOON = datetime(2026, 12, 2, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_solhoj_has_a_finished_round_and_a_running_one_on_its_sixth_day(settings, time_machine):
    time_machine.move_to(NOON)
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


def test_the_demo_shows_every_stage_at_times_people_meet(settings, client):
    """A finished round with results, a running one, a held dialogue meeting and a plan under
    follow-up, each reachable from the history; every planned time within a working day."""
    from riskmapping.models import DialogueMeeting  # noqa: PLC0415
    from workplaces.models import User  # noqa: PLC0415

    settings.DEBUG = True
    call_command("seed_demo")
    rounds = BallRound.objects.filter(workplace__slug="plejecenter-solhoj")
    assert set(rounds.values_list("status", flat=True)) == {"done", "running"}
    held = DialogueMeeting.objects.get(workplace__slug="hjemmeplejen-nord", status="done")
    assert IgloPlan.objects.filter(status=IgloPlan.Status.ACTIVE).exists()
    times = [held.starts_at] + [
        moment for r in rounds for moment in (r.intro_at, r.sorting_meeting_at, r.staff_meeting_at)
    ]
    for moment in times:
        local = timezone.localtime(moment)
        assert 8 <= local.hour <= 15, local
        assert local.minute == 0, local

    client.force_login(User.objects.get(username="leder"))
    page = client.get("/workplaces/plejecenter-solhoj/boldmetoden/historik/").content.decode()
    for ball_round in rounds:
        assert f"/boldmetoden/{ball_round.pk}/" in page
    done = rounds.get(status="done")
    assert f"/boldmetoden/{done.pk}/rapport.pdf" in page
    client.force_login(User.objects.get(username="leder2"))
    page = client.get("/workplaces/hjemmeplejen-nord/boldmetoden/historik/").content.decode()
    assert f"/dialogmetoden/{held.pk}/referat.pdf" in page
