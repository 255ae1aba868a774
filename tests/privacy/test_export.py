"""Mine data: a person downloads what the app holds about them, as JSON and as PDF, and
never their balls."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from conversations.models import FollowUpPlan
from guidelines import services as guidelines
from iglo import services as iglo
from iglo.models import CalendarFeed
from privacy import services as privacy
from riskmapping.balls import services as balls
from riskmapping.models import Ball, BallRound, Category
from tests.factories import (
    KeyConversationFactory,
    LocalCommitteeFactory,
    WorkEnvironmentGroupFactory,
)
from tests.helpers import pdf_text
from tests.privacy.conftest import CANARY
from workplaces.models import HelpRequest, Membership, MembershipChange

pytestmark = pytest.mark.django_db

BALL_NOTE = f"Bolden {CANARY}"


@pytest.fixture
def medarbejders_data(cast, solhoj):
    """Something of every kind for `medarbejder`, and a ball they dropped yesterday."""
    leder, medarbejder = cast["leder"], cast["medarbejder"]
    conversation = KeyConversationFactory(
        workplace=solhoj,
        manager=leder,
        employee=medarbejder,
        calendar="Mødet torsdag er aflyst",
        private_notes="Sover dårligt, ondt i ryggen",
    )
    FollowUpPlan.objects.create(
        conversation=conversation,
        kind=FollowUpPlan.Kind.RETURN,
        steps=[{"on": "2026-03-02", "step": "Halv tid i to uger"}],
    )
    # The leader's conversation with someone else is not medarbejder's business.
    KeyConversationFactory(
        workplace=solhoj, manager=leder, employee=cast["tr"], calendar="TR's kalender"
    )
    plan = iglo.start_plan(solhoj, by=leder, title="Travlhed om morgenen")
    iglo.add_action(
        plan, by=leder, level="individual", text="Gå ned i tid i to måneder",
        responsible_member=medarbejder,
    )  # fmt: skip
    HelpRequest.objects.create(
        workplace=solhoj, kind="course", message="Kursus i januar?", requested_by=medarbejder
    )
    version = guidelines.publish(guidelines.guideline_for(solhoj), by=leder, review_months=12)
    guidelines.acknowledge(version, user=medarbejder)
    LocalCommitteeFactory(name="LokalMED Sundhed").members.add(medarbejder)

    yesterday = timezone.localdate() - timedelta(days=1)
    ball_round = balls.plan_round(solhoj, by=leder, first_day=yesterday, weekends_count=True)
    balls.start_round(ball_round, by=leder)
    balls.drop_ball(
        ball_round, participant=medarbejder, colour="red", note=BALL_NOTE, today=yesterday
    )
    balls.empty_mailbox()
    assert Ball.objects.get().note == BALL_NOTE
    return conversation


def test_json_holds_their_data_and_nothing_of_others(client_as, cast, medarbejders_data):
    response = client_as("medarbejder").get(reverse("privacy:my-data-json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mine-data-medarbejder')
    data = json.loads(response.content)

    assert data["account"]["username"] == "medarbejder"
    assert data["account"]["email"] == "medarbejder@example.dk"
    assert [(m["workplace"], m["role"]) for m in data["memberships"]] == [
        ("Plejecenter Solhøj", "Medarbejder")
    ]
    assert data["committees"] == ["LokalMED Sundhed"]
    assert [a["guideline_version"] for a in data["acknowledgements"]] == [1]
    [conversation] = data["key_conversations"]
    assert conversation["calendar"] == "Mødet torsdag er aflyst"
    assert conversation["manager"] == cast["leder"].display_name
    assert conversation["deleted_on"]
    assert [a["action"] for a in data["iglo_actions"]] == ["Gå ned i tid i to måneder"]
    assert [r["message"] for r in data["help_requests"]] == ["Kursus i januar?"]
    [ball_round] = data["ball_rounds"]
    assert ball_round["dropped_a_ball"] is True
    assert "ingen tabel forbinder en bold med den, der smed den" in data["balls"]

    # The manager's private notes are health data about them: art. 15 covers them.
    assert conversation["private_notes"] == "Sover dårligt, ondt i ryggen"
    [plan] = conversation["follow_up_plans"]
    assert plan["steps"] == [{"on": "2026-03-02", "step": "Halv tid i to uger"}]

    text = response.content.decode()
    assert CANARY not in text  # not the ball's note
    assert "TR's kalender" not in text


def test_a_manager_does_not_get_the_conversations_they_hold(client_as, medarbejders_data):
    data = json.loads(client_as("leder").get(reverse("privacy:my-data-json")).content)
    assert data["key_conversations"] == []
    assert "Nøglesamtaler, du selv har holdt som leder, er ikke med" in data["not_included"]


def test_pdf_reads_back_with_the_same_data(client_as, cast, medarbejders_data, tmp_path):
    response = client_as("medarbejder").get(reverse("privacy:my-data-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content, tmp_path)
    assert "Mine data" in text
    assert cast["medarbejder"].display_name in text
    assert "Plejecenter Solhøj" in text
    assert "Mødet torsdag er aflyst" in text
    assert "Lederens private noter: Sover dårligt, ondt i ryggen" in text
    assert "2. marts 2026: Halv tid i to uger" in text  # a Danish date, not 2026-03-02
    assert "2026-03-02" not in text
    assert "Gå ned i tid i to måneder" in text
    assert "Kursus i januar?" in text
    assert "du har smidt bolde i runden" in text
    assert "ingen tabel forbinder en bold med den, der smed den" in text
    assert CANARY not in text
    assert "TR's kalender" not in text


def test_page_shows_the_data_and_the_downloads(client_as, medarbejders_data):
    html = client_as("medarbejder").get(reverse("privacy:my-data")).content.decode()
    assert "Mødet torsdag er aflyst" in html
    assert reverse("privacy:my-data-pdf") in html
    assert reverse("privacy:my-data-json") in html
    assert privacy.balls_statement() in html
    assert CANARY not in html


def test_the_user_menu_links_to_it(client_as):
    html = client_as("tr").get(reverse("home")).content.decode()
    assert f'href="{reverse("privacy:my-data")}"' in html


def test_every_list_reads_back_as_dates_times_and_labels(cast, solhoj, medarbejders_data):
    """The short lists come in one round trip as JSON; each value is read back by its
    model field, so the export says the same as the models do."""
    medarbejder = cast["medarbejder"]
    planned = timezone.localdate() + timedelta(days=9)
    HelpRequest.objects.filter(requested_by=medarbejder).update(
        status=HelpRequest.Status.PLANNED, planned_on=planned, reply="Vi ses"
    )
    MembershipChange.objects.create(
        workplace=solhoj, person=medarbejder, kind=MembershipChange.Kind.ROLE_CHANGED,
        role=Membership.Role.EMPLOYEE,
    )  # fmt: skip
    WorkEnvironmentGroupFactory(name="AMG Solhøj").members.add(medarbejder)
    heading = Category.objects.create(
        ball_round=BallRound.objects.get(), colour="red", title="Travlhed om aftenen"
    )
    heading.members.add(medarbejder)
    CalendarFeed.objects.create(user=medarbejder)

    data = privacy.personal_data(medarbejder)

    [request] = data["help_requests"]
    assert (request["status"], request["planned_on"], request["reply"]) == (
        "Planlagt",
        planned,
        "Vi ses",
    )
    assert request["kind"] == HelpRequest.Kind.COURSE.label
    assert request["created_at"].utcoffset() == timezone.localtime().utcoffset()
    [change] = data["membership_history"]
    assert (change["change"], change["role"]) == ("rolle ændret", "Medarbejder")
    assert abs(change["at"] - timezone.now()) < timedelta(minutes=1)
    assert data["committees"] == ["AMG Solhøj", "LokalMED Sundhed"]
    assert data["ball_round_headings_joined"] == ["Travlhed om aftenen"]
    assert data["has_calendar_feed"] is True
    [action] = data["iglo_actions"]
    assert (action["level"], action["status"]) == ("Individ", "Ikke startet")
    assert data["ball_rounds"][0]["dropped_a_ball"] is True
    assert data["iglo_plans_as_manager"] == []
    iglo.start_plan(solhoj, by=cast["leder"], title="Støj", responsible_manager=cast["leder"])
    [plan] = privacy.personal_data(cast["leder"])["iglo_plans_as_manager"]
    assert (plan["plan"], plan["status"], plan["follow_up_on"]) == ("Støj", "Kladde", None)


def test_a_person_with_nothing_gets_empty_sections(client_as):
    data = json.loads(client_as("hr").get(reverse("privacy:my-data-json")).content)
    assert data["account"]["is_hr_admin"] is True
    for key in ("memberships", "key_conversations", "iglo_actions", "help_requests"):
        assert data[key] == []


def test_export_query_count_does_not_grow_with_the_data(client_as, cast, solhoj):
    from tests.helpers import queries_at_two_sizes  # noqa: PLC0415

    leder = cast["leder"]
    plan = iglo.start_plan(solhoj, by=leder, title="Støj")

    def grow(n: int) -> None:
        for _ in range(n):
            iglo.add_action(plan, by=leder, level="group", text="Tiltag", responsible_member=leder)
            KeyConversationFactory(workplace=solhoj, manager=cast["amir"], employee=leder)

    client = client_as("leder")
    small, large = queries_at_two_sizes(
        lambda: client.get(reverse("privacy:my-data-json")), grow, small=1, large=4
    )
    assert small == large
