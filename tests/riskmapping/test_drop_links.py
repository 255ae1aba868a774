"""The personal drop link's life: it ends when its person leaves the workplace, is new
every round, and its person renews it from their own page; and the queries that stand in
for the models' rules on its busy path (issue 21) give the rules' answers."""

import importlib
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from riskmapping.balls import services
from riskmapping.models import BallRound, DropRecord, DropToken, MailboxBall, open_since
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


def test_open_since_is_the_drop_days_as_a_query_asks_for_them():
    """services.SEND_SQL asks whether a round is open on a day as "its first day lies
    between open_since(day) and the day": the same answer as BallRound.drop_days, for rounds
    starting on any weekday, with weekends counted or not, across the turn of a year."""
    start = date(2026, 12, 1)
    for first_day in (start + timedelta(days=n) for n in range(21)):
        for weekends_count in (True, False):
            ball_round = BallRound(first_day=first_day, weekends_count=weekends_count)
            drop_days = set(ball_round.drop_days)
            for day in (start + timedelta(days=n) for n in range(-3, 50)):
                since = open_since(day)[0 if weekends_count else 1]
                assert (since <= first_day <= day) == (day in drop_days), (ball_round, day)


def _rows() -> tuple[int, int]:
    return DropRecord.objects.count(), MailboxBall.objects.count()


def _send(token: str, day: date | None = None) -> bool:
    day = day or timezone.localdate()
    return services.send_ball(token, colour="red", note="Travlt", today=day)


def test_a_send_is_written_on_the_days_the_round_is_open_and_no_others(cast, today_round):
    """services.send_ball checks in its one statement what drop_ball checks through the
    models: on every day around the round, with weekends counted or not, it writes the
    record and the ball exactly when the round is open, and nothing otherwise."""
    token = services.token_for(today_round, cast["medarbejder"]).token
    for weekends_count in (True, False):
        BallRound.objects.filter(pk=today_round.pk).update(weekends_count=weekends_count)
        today_round.refresh_from_db()
        days = [today_round.first_day + timedelta(days=n) for n in range(-2, 24)]
        for day in days:
            assert _send(token, day) is today_round.is_open_on(day), (weekends_count, day)
        opened = sum(today_round.is_open_on(day) for day in days)
        assert opened == 14
        assert _rows() == (14, 14)
        DropRecord.objects.all().delete()
        MailboxBall.objects.all().delete()


def test_a_send_is_refused_wherever_drop_ball_refuses_it(cast, solhoj, today_round):
    """Everyone and everything the rules turn away: the one statement writes nothing, and
    drop_ball (the way the page then takes) gives the reason."""
    person, today = cast["medarbejder"], timezone.localdate()
    drop_token = services.token_for(today_round, person)
    membership = Membership.objects.get(user=person, workplace=solhoj)
    other_workplace = cast["outsider"].memberships.get().workplace
    changes = [
        (Membership, membership.pk, {"ends_on": today - timedelta(days=1)}),
        (Membership, membership.pk, {"starts_on": today + timedelta(days=1)}),
        (Membership, membership.pk, {"workplace": other_workplace}),
        (User, person.pk, {"is_active": False}),
        (BallRound, today_round.pk, {"status": BallRound.Status.SORTING}),
        (BallRound, today_round.pk, {"mode": BallRound.Mode.PAPER}),
        (BallRound, today_round.pk, {"first_day": today + timedelta(days=1)}),
    ]
    for model, pk, change in changes:
        saved = model.objects.filter(pk=pk).values(*change).get()
        model.objects.filter(pk=pk).update(**change)
        assert _send(drop_token.token) is False, change
        with pytest.raises(ValidationError):
            services.drop_ball(
                BallRound.objects.get(pk=today_round.pk),
                participant=User.objects.get(pk=person.pk),
                colour="red",
                note="Travlt",
            )
        model.objects.filter(pk=pk).update(**saved)
    today_round.participants.remove(person)
    assert _send(drop_token.token) is False
    today_round.participants.add(person)
    assert _rows() == (0, 0)
    # A note the rules refuse (the page's form refuses it first).
    assert services.send_ball(drop_token.token, colour="blue", note="x", today=today) is False
    assert services.send_ball(drop_token.token, colour="red", note="a\x00b", today=today) is False
    # A guess that has the link's first characters (which find its row) but not the rest.
    assert _send(drop_token.token[:-4] + "abcd") is False
    assert _rows() == (0, 0)
    # The right link, once a day: the day's second send writes nothing.
    assert _send(drop_token.token) is True
    assert _send(drop_token.token) is False
    assert _rows() == (1, 1)
    # A renewed link: the old one's secret sends nothing.
    old = services.token_for(today_round, cast["leder"])
    services.renew_drop_link(today_round, participant=cast["leder"])
    assert _send(old.token) is False
    assert _send(services.token_for(today_round, cast["leder"]).token) is True
    assert _rows() == (2, 2)


def test_a_send_compares_the_secrets_hash_and_the_links_sent_before_get_one(cast, today_round):
    """The send finds the link by its first characters and compares the SHA-256 of the
    secret, never the secret itself; links made before there was a hash get theirs from
    the migration."""
    drop_token = services.token_for(today_round, cast["medarbejder"])
    DropToken.objects.filter(pk=drop_token.pk).update(verifier="")
    assert _send(drop_token.token) is False
    migration = importlib.import_module("riskmapping.migrations.0009_drop_link_verifier")
    migration.fill_verifiers(apps, None)
    drop_token.refresh_from_db()
    assert len(drop_token.verifier) == 64
    assert drop_token.token not in drop_token.verifier
    assert _send(drop_token.token) is True
