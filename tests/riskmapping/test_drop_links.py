"""The personal drop link's life: it ends when its person leaves the workplace, is new
every round, and its person renews it from their own page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from riskmapping.balls import services
from riskmapping.models import BallRound, MailboxBall
from tests.helpers import round_running_since_yesterday
from workplaces.models import Membership

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
