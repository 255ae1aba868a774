"""The personal drop link's life: it ends when its person leaves the workplace, is new
every round, and its person renews it from their own page."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from riskmapping.balls import services
from riskmapping.models import BallRound, DropRecord, MailboxBall
from tests.helpers import round_running_since_yesterday
from workplaces.access import takes_part_in
from workplaces.models import Membership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_round(cast, solhoj) -> BallRound:
    return round_running_since_yesterday(solhoj, cast["leder"])


def test_a_person_removed_from_the_workplace_gets_a_danish_page_and_no_form(
    client, cast, today_round
):
    link = services.token_for(today_round, cast["medarbejder"]).get_absolute_url()
    Membership.objects.filter(user=cast["medarbejder"]).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    response = client.get(link)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Linket virker ikke længere" in html
    assert "<textarea" not in html
    response = client.post(link, {"colour": "red", "note": "Stadig her?"})
    assert response.status_code == 410
    assert not MailboxBall.objects.exists()


def test_every_round_gets_new_links(client, cast, solhoj, today_round):
    old = services.token_for(today_round, cast["medarbejder"])
    BallRound.objects.filter(pk=today_round.pk).update(status=BallRound.Status.DONE)
    later = services.plan_round(
        solhoj, by=cast["leder"], first_day=timezone.localdate(), weekends_count=True
    )
    services.start_round(later, by=cast["leder"])
    new = services.token_for(later, cast["medarbejder"])
    assert new.token != old.token
    assert client.get(old.get_absolute_url()).status_code == 404
    assert client.get(new.get_absolute_url()).status_code == 200


def test_the_participant_renews_their_link_from_their_own_page(
    client_as, client, cast, today_round
):
    old = services.token_for(today_round, cast["medarbejder"]).get_absolute_url()
    own_page = reverse(
        "riskmapping:ball-drop", kwargs={"slug": "plejecenter-solhoj", "pk": today_round.pk}
    )
    medarbejder = client_as("medarbejder")
    html = medarbejder.get(own_page).content.decode()
    assert old in html
    assert "Forny mit link" in html
    renew = reverse(
        "riskmapping:drop-link-renew", kwargs={"slug": "plejecenter-solhoj", "pk": today_round.pk}
    )
    html = medarbejder.post(renew, follow=True).content.decode()
    assert "Dit personlige link er fornyet. Det gamle link virker ikke længere." in html
    new = services.token_for(today_round, cast["medarbejder"]).get_absolute_url()
    assert new != old
    assert new in html
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_the_links_one_query_says_who_takes_part_as_takes_part_in_does(cast, today_round):
    """services.drop_link answers takes_part in the query that finds the link; it must
    agree with workplaces.access.takes_part_in for everyone the rule turns away."""
    person = cast["medarbejder"]
    membership = Membership.objects.get(user=person, workplace=today_round.workplace)
    today = timezone.localdate()
    token = services.token_for(today_round, person).token

    def both() -> tuple[bool, bool]:
        found = services.drop_link(token, today=today)
        person.refresh_from_db()
        return found.takes_part, takes_part_in(person, today_round)

    assert both() == (True, True)
    cases = [
        ("left yesterday", {"ends_on": today - timedelta(days=1)}),
        ("starts tomorrow", {"starts_on": today + timedelta(days=1)}),
        ("moved to another workplace", {"workplace": cast["outsider"].memberships.get().workplace}),
    ]
    for _case, change in cases:
        Membership.objects.filter(pk=membership.pk).update(**change)
        assert both() == (False, False), _case
        Membership.objects.filter(pk=membership.pk).update(
            starts_on=None, ends_on=None, workplace=today_round.workplace
        )
    assert both() == (True, True)
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert both() == (False, False)
    User.objects.filter(pk=person.pk).update(is_active=True)
    today_round.participants.remove(person)
    assert both() == (False, False)


def test_the_link_reads_whether_its_person_dropped_today(client, cast, today_round):
    token = services.token_for(today_round, cast["medarbejder"]).token
    today = timezone.localdate()
    assert services.drop_link(token, today=today).dropped_today is False
    services.drop_ball(today_round, participant=cast["medarbejder"], colour="red", note="x")
    assert services.drop_link(token, today=today).dropped_today is True
    assert services.drop_link(token, today=today + timedelta(days=1)).dropped_today is False
    assert services.drop_link(token, today=today, dropped=False).dropped_today is None
    assert services.drop_link(token[:-1] + "?", today=today) is None


def test_a_drops_two_rows_read_back_through_the_models(cast, today_round):
    """The drop's INSERTs are written out (services.RECORD_INSERT, BALL_INSERT): the rows
    they leave are what the models read, with random keys, and a second drop is refused."""
    person, today = cast["medarbejder"], timezone.localdate()
    services.drop_ball(today_round, participant=person, colour="green", note="God  dag æøå")
    ball = MailboxBall.objects.get(round=today_round)
    assert (ball.day, ball.colour, ball.note) == (today, "green", "God  dag æøå")
    record = DropRecord.objects.get(round=today_round)
    assert (record.participant, record.day) == (person, today)
    assert min(ball.pk, record.pk) > 2**20
    assert ball.pk != record.pk
    with pytest.raises(ValidationError, match="allerede smidt"):
        services.drop_ball(today_round, participant=person, colour="red", note="igen")
    assert MailboxBall.objects.filter(round=today_round).count() == 1
    assert services.has_dropped(today_round, participant=person, day=today)
