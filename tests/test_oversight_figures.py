"""HR's dashboard from kept figures (issue 21): each workplace's figures are kept under its
stamp, so a change through the app shows on the next view, the figures that depend on the
date roll over at midnight, and the page sorts and filters as the CSV does in SQL."""

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from guidelines import services as guidelines
from guidelines.models import PriorityPlan
from iglo import services as iglo
from iglo.models import IgloPlan
from oversight.dashboard import SORTS
from riskmapping.balls import paper
from riskmapping.balls import services as riskmapping
from riskmapping.dialogue import services as dialogue
from riskmapping.models import Ball, BallRound, DropRecord, MailboxBall
from tests.factories import AreaFactory, WorkplaceFactory
from tests.oversight_rounds import at, ball_round
from tests.test_oversight import _csv
from workplaces.models import User, Workplace

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")


def _row(client, workplace: Workplace):
    response = client.get(URL, {"q": workplace.name})
    (row,) = [r for r in response.context["rows"] if r.workplace.pk == workplace.pk]
    return row


def test_a_change_through_the_app_shows_on_the_next_view(client_as, solhoj, leder):
    client = client_as("hr")
    assert _row(client, solhoj).guideline == "Ikke påbegyndt"

    guideline = guidelines.guideline_for(solhoj)
    assert _row(client, solhoj).guideline == "Under udarbejdelse (trin 1)"
    guidelines.publish(guideline, by=leder, review_months=12)
    assert _row(client, solhoj).guideline.startswith("Version 1 · opfølgning ")

    knowledge = guidelines.knowledge_for(solhoj)
    guidelines.save_knowledge(
        knowledge,
        by=leder,
        expected_version=knowledge.version,
        answers=knowledge.answers,
        definition=knowledge.definition,
        discussed_in_committee_on=date(2026, 3, 2),
        discussed_with_employees_on=None,
    )
    assert _row(client, solhoj).knowledge == "I LokalMED 2. marts 2026"

    plan = iglo.start_plan(solhoj, by=leder, title="Travlhed")
    assert _row(client, solhoj).iglo.startswith("0 aktive · 0 fulgt op · 1 kladde")

    today = timezone.localdate()
    running = riskmapping.plan_round(
        solhoj, by=leder, first_day=today - timedelta(30), weekends_count=False, participants=[]
    )
    riskmapping.start_round(running, by=leder)
    row = _row(client, solhoj)
    assert row.ball_round.status == BallRound.Status.RUNNING
    assert row.latest_share is None
    # Drops change nothing the dashboard shows while the round runs.
    people = User.objects.bulk_create(User(username=f"dropper-{i}") for i in range(5))
    DropRecord.objects.bulk_create(
        DropRecord(round=running, participant=u, day=running.first_day) for u in people
    )
    Ball.objects.bulk_create(
        Ball(round=running, day=running.first_day, colour=colour, note="…")
        for colour in ["red"] * 2 + ["green"] * 3
    )
    riskmapping.advance_round(running, by=leder, to=BallRound.Status.SORTING)
    row = _row(client, solhoj)
    assert row.ball_round.status == BallRound.Status.SORTING
    assert str(row.latest_share) == "40 % røde · 60 % grønne"

    meeting = dialogue.plan_meeting(solhoj, by=leder, starts_at=at(today + timedelta(7)), room="A")
    assert _row(client, solhoj).risk_mapping[-1].startswith("Dialogmetoden: Planlagt")
    dialogue.cancel_meeting(meeting, by=leder, reason="Sygdom")
    assert _row(client, solhoj).risk_mapping[-1].startswith("Dialogmetoden: Aflyst")
    assert plan.status == IgloPlan.Status.DRAFT


def test_corrected_paper_counts_show_on_the_next_view(client_as, solhoj, leder):
    client = client_as("hr")
    first_day = timezone.localdate() - timedelta(30)
    on_paper = ball_round(
        solhoj,
        first_day=first_day,
        people=5,
        red=1,
        green=1,
        mode=BallRound.Mode.PAPER,
        status=BallRound.Status.SORTING,
    )
    assert str(_row(client, solhoj).latest_share) == "50 % røde · 50 % grønne"
    changes = paper.paper_changes(on_paper, {first_day: (3, 1)})
    paper.save_paper_counts(
        on_paper, by=leder, counts={first_day: (3, 1)}, confirm=paper.changes_key(changes)
    )
    assert str(_row(client, solhoj).latest_share) == "75 % røde · 25 % grønne"


def test_a_day_closed_after_the_round_stopped_shows_on_the_next_view(client_as, solhoj, leder):
    """The last day's balls reach the counts when the hourly job closes the day, which may
    be after the manager moved the round on to sorting: that, too, changes the figures."""
    client = client_as("hr")
    last_day = timezone.localdate() - timedelta(1)
    sorting = ball_round(
        solhoj,
        first_day=last_day - timedelta(13),
        people=5,
        red=1,
        green=1,
        status=BallRound.Status.SORTING,
    )
    assert str(_row(client, solhoj).latest_share) == "50 % røde · 50 % grønne"
    MailboxBall.objects.bulk_create(
        MailboxBall(round=sorting, day=last_day, colour="red", note="") for _ in range(2)
    )
    assert riskmapping.empty_mailbox() == 2
    assert str(_row(client, solhoj).latest_share) == "75 % røde · 25 % grønne"


def test_figures_that_depend_on_the_date_roll_over_at_midnight(
    client_as, solhoj, leder, time_machine
):
    evening = timezone.make_aware(datetime.combine(date(2026, 6, 10), time(23, 50)))
    time_machine.move_to(evening)
    client = client_as("hr")
    plan = iglo.start_plan(solhoj, by=leder, title="Travlhed")
    iglo.add_action(plan, by=leder, level="group", text="Pauser", deadline=date(2026, 6, 10))
    IgloPlan.objects.filter(pk=plan.pk).update(status=IgloPlan.Status.ACTIVE)
    iglo.add_action(plan, by=leder, level="group", text="Møder", deadline=date(2026, 6, 11))
    assert _row(client, solhoj).overdue_actions == 0  # due today: not over yet

    time_machine.move_to(evening + timedelta(minutes=20))  # 00.10 the next day
    row = _row(client, solhoj)
    assert row.overdue_actions == 1
    assert row.is_overdue


def test_the_yearly_plan_review_falls_due_at_its_moment(client_as, solhoj, time_machine):
    now = timezone.make_aware(datetime.combine(date(2026, 6, 10), time(10)))
    time_machine.move_to(now)
    client = client_as("hr")
    PriorityPlan.objects.create(
        workplace=solhoj, reviewed_at=now - timedelta(days=365) + timedelta(minutes=10)
    )
    assert not _row(client, solhoj).is_overdue
    time_machine.move_to(now + timedelta(minutes=20))
    assert _row(client, solhoj).is_overdue


def test_a_second_view_reads_the_kept_figures(client_as, solhoj, other_workplace):
    client = client_as("hr")
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with CaptureQueriesContext(connection) as second:
        response = client.get(URL)
    # The rows' figures and their ball rounds are computed once, then kept.
    assert len(second) == len(first) - 2
    assert [r.workplace.name for r in response.context["rows"]] == [
        "Hjemmeplejen Nord",
        "Plejecenter Solhøj",
    ]


def test_the_whole_lists_kept_numbers_follow_a_change_at_one_workplace(
    client_as, solhoj, other_workplace, leder
):
    """The numbers every row is sorted by are kept for the whole list as one (issue 21);
    a change at one workplace reaches the next view of the list in any order or filter."""
    client = client_as("hr")
    before = client.get(URL, {"sort": "-iglo"}).context
    assert [r.overdue_actions for r in before["rows"]] == [0, 0]
    assert not any(r.is_overdue for r in before["rows"] if r.workplace == solhoj)
    plan = iglo.start_plan(solhoj, by=leder, title="Travlhed")
    yesterday = timezone.localdate() - timedelta(days=1)
    iglo.add_action(plan, by=leder, level="group", text="Pauser", deadline=yesterday)
    IgloPlan.objects.filter(pk=plan.pk).update(status=IgloPlan.Status.ACTIVE)
    iglo.add_action(plan, by=leder, level="group", text="Møder", deadline=yesterday)
    rows = client.get(URL, {"sort": "iglo"}).context["rows"]
    assert [(r.workplace.name, r.overdue_actions) for r in rows] == [
        ("Plejecenter Solhøj", 2),
        ("Hjemmeplejen Nord", 0),
    ]
    after = client.get(URL, {"status": "action"}).context
    assert "Plejecenter Solhøj" in [r.workplace.name for r in after["rows"]]
    assert after["totals"]["overdue"] == before["totals"]["overdue"] + 1


@pytest.fixture
def varied(solhoj, other_workplace, leder):
    """Workplaces in three areas with names in both cases and Danish letters, figures both
    missing and present, and ties, so every sort has something to order."""
    today = timezone.localdate()
    areas = [AreaFactory(name="Ældre"), AreaFactory(name="børn"), AreaFactory(name="Teknik")]
    names = ["Åhuset", "aktivitet", "Bøgen", "bøgen", "Zebra", "æbletræet", "Nord 2", "01 Start"]
    made = [
        WorkplaceFactory(name=name, area=areas[i % 3], mobile=bool(i % 2))
        for i, name in enumerate(names)
    ]
    for i, workplace in enumerate(made[:5]):
        if i % 2:
            guidelines.publish(
                guidelines.guideline_for(workplace), by=leder, review_months=6 if i == 1 else 12
            )
        if i % 3 == 0:
            ball_round(workplace, first_day=today - timedelta(20 + i), people=5, red=2, green=3)
        if i in (1, 2):
            IgloPlan.objects.create(
                workplace=workplace,
                title="Plan",
                status=IgloPlan.Status.ACTIVE,
                follow_up_on=today - timedelta(i),
            )
    PriorityPlan.objects.create(workplace=made[3], reviewed_at=timezone.now() - timedelta(400))
    PriorityPlan.objects.create(workplace=made[4], reviewed_at=timezone.now() - timedelta(10))
    return made


@pytest.mark.parametrize("status", ["", "action", "ok"])
def test_the_page_sorts_and_filters_as_the_csv(client_as, varied, status):
    client = client_as("hr")
    for key in SORTS:
        for sort in (key, f"-{key}"):
            params = {"sort": sort, "status": status}
            page = [r.workplace.name for r in client.get(URL, params).context["rows"]]
            rows = _csv(client.get(reverse("oversight:dashboard-csv"), params))
            assert page == [r[1] for r in rows[1 : rows.index([])]], sort
