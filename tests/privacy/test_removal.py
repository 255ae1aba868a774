"""When a person leaves, HR removes them: the person becomes "Tidligere medarbejder",
their key conversations and drop links go, and the balls, counts and plans stay."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from conversations.models import KeyConversation
from iglo import services as iglo
from iglo.models import CalendarFeed, IgloAction, IgloPlan
from privacy import services as privacy
from riskmapping.balls import services as balls
from riskmapping.models import Ball, DropRecord, DropToken
from tests.factories import KeyConversationFactory, LocalCommitteeFactory, UserFactory
from workplaces import audit
from workplaces.models import Change, LocalCommittee, Membership, MembershipChange, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(cast, solhoj):
    """`medarbejder` with a key conversation, a ball dropped, a plan action and history."""
    leder, person = cast["leder"], cast["medarbejder"]
    KeyConversationFactory(workplace=solhoj, manager=leder, employee=person)
    yesterday = timezone.localdate() - timedelta(days=1)
    ball_round = balls.start_round(
        balls.plan_round(solhoj, by=leder, first_day=yesterday, weekends_count=True), by=leder
    )
    for participant, colour in [(person, "red"), (cast["tr"], "green")]:
        balls.drop_ball(
            ball_round, participant=participant, colour=colour, note="Travlt", today=yesterday
        )
    balls.empty_mailbox()
    balls.token_for(ball_round, person)
    plan = iglo.start_plan(solhoj, by=leder, title="Travlhed")
    action = iglo.add_action(
        plan, by=person, level="group", text="Pauser", responsible_member=cast["amir"]
    )
    iglo.save_plan(
        plan,
        by=leder,
        expected_version=plan.version,
        title="Travlhed",
        description="",
        responsible_manager=leder,
        follow_up_on=None,
    )
    # The history now reads "Ansvarlig person: <amir> → <person>".
    iglo.save_action(
        action,
        by=leder,
        expected_version=action.version,
        **{**{f: getattr(action, f) for f in iglo.ACTION_FIELDS}, "responsible_member": person},
    )
    CalendarFeed.objects.create(user=person)
    LocalCommitteeFactory().members.add(person)
    return ball_round


def test_hr_removes_a_person_and_the_counts_and_plans_survive(client_as, cast, leaving):
    person = cast["medarbejder"]
    User.objects.filter(pk=person.pk).update(person_key="0" * 64)  # as the import sets it
    name = person.display_name
    counts_before = balls.counts(leaving)
    history_before = Change.objects.count()
    their_session = Client()
    their_session.force_login(person)
    conversation = KeyConversation.objects.get(employee=person)
    assert their_session.get(conversation.get_absolute_url()).status_code == 200
    assert audit.events_for(audit.KEY_CONVERSATION, conversation.pk).exists()
    client = client_as("hr")
    url = reverse("privacy:person-anonymise", kwargs={"pk": person.pk})

    page = client.get(url).content.decode()
    assert f"Fjern {name}" in page
    assert "Det kan ikke fortrydes" in page
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:workplaces_user_change", args=[person.pk]
    )
    assert "vises nu som »Tidligere medarbejder«" in response.content.decode()

    person.refresh_from_db()
    assert person.display_name == privacy.FORMER_EMPLOYEE
    assert (person.email, person.employee_number, person.is_active) == ("", None, False)
    assert person.person_key is None  # the import cannot tie them to their CPR number again
    assert not person.has_usable_password()
    # Logged out everywhere, and the old login is gone.
    assert their_session.get(reverse("home")).status_code == 302
    login = Client().post(reverse("login"), {"username": "medarbejder", "password": "demo"})
    assert login.status_code == 200  # the form again, with its error
    # Gone: their key conversation, drop link, days dropped, calendar address, committee seat.
    assert not KeyConversation.objects.filter(employee=person).exists()
    assert not audit.events_for(audit.KEY_CONVERSATION, conversation.pk).exists()
    assert not DropToken.objects.filter(participant=person).exists()
    assert not DropRecord.objects.filter(participant=person).exists()
    assert not CalendarFeed.objects.filter(user=person).exists()
    assert not LocalCommittee.objects.filter(members=person).exists()
    assert not Membership.objects.active().filter(user=person).exists()
    assert MembershipChange.objects.filter(person=person, kind="removed", by=cast["hr"]).exists()
    # Stays: every ball and its note, the counts, the plan, its history, named anew.
    assert Ball.objects.count() == 2
    assert balls.counts(leaving) == counts_before
    assert IgloAction.objects.get().responsible_name == privacy.FORMER_EMPLOYEE
    assert IgloPlan.objects.get().responsible_manager == cast["leder"]
    assert Change.objects.count() == history_before
    history = Change.objects.filter(content_type=ContentType.objects.get_for_model(IgloPlan))
    assert not history.filter(before__contains=name).exists()
    assert not history.filter(after__contains=name).exists()
    assert history.filter(after=privacy.FORMER_EMPLOYEE).exists()
    assert history.filter(by=person).exists()  # what they did stays theirs, by a former employee
    # The member list no longer shows them; the plan page reads "Tidligere medarbejder".
    members = client_as("leder").get(reverse("workplaces:member-list", args=["plejecenter-solhoj"]))
    assert name not in members.content.decode()
    plan_page = client_as("leder").get(IgloPlan.objects.get().get_absolute_url()).content.decode()
    assert privacy.FORMER_EMPLOYEE in plan_page


def test_removing_twice_changes_nothing(client_as, cast, leaving):
    person = cast["medarbejder"]
    url = reverse("privacy:person-anonymise", kwargs={"pk": person.pk})
    client = client_as("hr")
    client.post(url)
    changes = MembershipChange.objects.count()
    response = client.post(url, follow=True)
    assert "Personen er allerede fjernet." in response.content.decode()
    assert MembershipChange.objects.count() == changes


def test_hr_cannot_remove_themselves_or_a_superuser(client_as, cast):
    root = UserFactory(username="root", is_superuser=True)
    client = client_as("hr")
    for person in (cast["hr"], root):
        url = reverse("privacy:person-anonymise", kwargs={"pk": person.pk})
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        person.refresh_from_db()
        assert person.is_active


def test_nobody_else_removes_anyone(client_as, cast):
    url = reverse("privacy:person-anonymise", kwargs={"pk": cast["medarbejder"].pk})
    for persona in ("leder", "amir", "medarbejder", "outsider"):
        assert client_as(persona).post(url).status_code == 403
    assert User.objects.get(pk=cast["medarbejder"].pk).is_active


def test_the_admin_page_of_a_person_links_to_removal(client_as, cast):
    person = cast["medarbejder"]
    html = client_as("hr").get(reverse("admin:workplaces_user_change", args=[person.pk]))
    assert reverse("privacy:person-anonymise", kwargs={"pk": person.pk}) in html.content.decode()
    own = client_as("hr").get(reverse("admin:workplaces_user_change", args=[cast["hr"].pk]))
    assert reverse("privacy:person-anonymise", kwargs={"pk": cast["hr"].pk}) not in (
        own.content.decode()
    )


def test_a_future_engagement_goes_and_an_ended_one_stays(cast, solhoj, other_workplace):
    person = cast["medarbejder"]
    today = timezone.localdate()
    Membership.objects.create(
        user=person, workplace=other_workplace, starts_on=today + timedelta(days=30)
    )
    Membership.objects.filter(user=person, workplace=solhoj).update(ends_on=date(2020, 1, 31))
    privacy.anonymise_person(person, by=cast["hr"])
    assert list(Membership.objects.filter(user=person).values_list("ends_on", flat=True)) == [
        date(2020, 1, 31)
    ]


def test_removing_someone_who_dropped_keeps_the_round_above_the_threshold(cast, solhoj):
    """Five took part; one leaves. The round still counts five people, so its figures stay
    shown (the threshold hides figures of fewer than five) and comparisons do not shift."""
    from stressprogram.anonymity import shown_count  # noqa: PLC0415
    from tests.factories import MembershipFactory  # noqa: PLC0415

    leder = cast["leder"]
    others = [UserFactory(username=f"kollega{n}") for n in range(2)]
    for other in others:
        MembershipFactory(user=other, workplace=solhoj)
    yesterday = timezone.localdate() - timedelta(days=1)
    ball_round = balls.start_round(
        balls.plan_round(solhoj, by=leder, first_day=yesterday, weekends_count=True), by=leder
    )
    people = [cast["medarbejder"], cast["amir"], cast["tr"], *others]
    for person in people:
        balls.drop_ball(
            ball_round, participant=person, colour="red", note="Travlt", today=yesterday
        )
    balls.empty_mailbox()
    before = balls.round_totals([ball_round])[ball_round.pk]
    assert before["participants"] == 5

    privacy.anonymise_person(cast["medarbejder"], by=cast["hr"])

    ball_round.refresh_from_db()
    after = balls.round_totals([ball_round])[ball_round.pk]
    assert after == before
    assert shown_count(after["red"], after["participants"]) == 5
    # Removing them again (or a person who never dropped) counts nobody twice.
    privacy.anonymise_person(cast["medarbejder"], by=cast["hr"])
    privacy.anonymise_person(cast["leder"], by=cast["hr"])
    ball_round.refresh_from_db()
    assert balls.round_totals([ball_round])[ball_round.pk]["participants"] == 5
