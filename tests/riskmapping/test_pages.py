"""The ball-method page, the process plan, and the two ways to drop a ball."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

import pytest

from riskmapping.balls import services
from riskmapping.models import BallRound, DropRecord, MailboxBall
from tests.helpers import queries_at_two_sizes

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"


@pytest.fixture
def today_round(cast, solhoj) -> BallRound:
    """Running since yesterday, every day counting: today is day 2."""
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=timezone.localdate() - timedelta(days=1),
        weekends_count=True,
    )
    return services.start_round(ball_round, by=cast["leder"])


def _page(client):
    return client.get(reverse("riskmapping:ballround", kwargs={"slug": SLUG}))


def test_page_without_a_round_shows_the_intro_script(client_as):
    html = _page(client_as("leder")).content.decode()
    assert "Ingen runde endnu." in html
    assert "Vi har konstateret, at der er stress på vores arbejdsplads" in html
    assert "Vær så konkret som mulig. Der skal ikke anføres navn." in html
    assert reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG}) in html


def test_only_the_manager_sees_plan_link(client_as):
    html = _page(client_as("amir")).content.decode()
    assert reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG}) not in html


def test_manager_plans_and_starts_a_round(client_as, cast):
    client = client_as("leder")
    monday = "2026-12-07"
    response = client.post(
        reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG}),
        {
            "first_day": monday,
            "intro_at": "2026-12-03T09:00",
            "sorting_meeting_at": "2027-01-04T10:00",
            "staff_meeting_at": "2027-01-06T13:00",
            "participants": [cast["medarbejder"].pk, cast["tr"].pk],
        },
    )
    assert response.status_code == 302
    ball_round = BallRound.objects.get()
    assert not ball_round.weekends_count
    assert {u.username for u in ball_round.participants.all()} == {"medarbejder", "tr"}
    response = client.post(
        reverse("riskmapping:ballround-start", kwargs={"slug": SLUG, "pk": ball_round.pk}),
        follow=True,
    )
    assert "Boldrunden er i gang." in response.content.decode()
    ball_round.refresh_from_db()
    assert ball_round.status == BallRound.Status.RUNNING


def test_plan_form_shows_danish_error(client_as, cast, today_round):
    response = client_as("leder").post(
        reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG}),
        {"first_day": "2027-03-01", "participants": [cast["tr"].pk]},
    )
    assert response.status_code == 200
    assert "allerede en boldrunde, der ikke er afsluttet" in response.content.decode()


def test_glass_displays_show_counts_as_text_not_notes(client_as, cast, today_round):
    services.drop_ball(today_round, participant=cast["tr"], colour="red", note="Hemmelig seddel")
    html = _page(client_as("medarbejder")).content.decode()
    assert "1 rød bold" not in html  # one drop today: no figure (tests/riskmapping/test_display)
    assert "Tallene vises, når mindst 5 har smidt bolde" in html
    assert "Dag 2 af 14." in html
    assert "Hemmelig seddel" not in html


def test_logged_in_participant_drops_and_is_thanked(client_as, today_round):
    client = client_as("medarbejder")
    url = reverse("riskmapping:ball-drop", kwargs={"slug": SLUG, "pk": today_round.pk})
    html = client.get(url).content.decode()
    assert "Rød bold – en dag med mange belastninger" in html
    assert "Grøn bold – en energigivende dag" in html
    assert "Vær så konkret som mulig. Der skal ikke anføres navn." in html
    response = client.post(url, {"colour": "green", "note": "God overlevering"}, follow=True)
    html = response.content.decode()
    assert "Tak for din bold" in html
    assert "1 grøn bold" not in html  # today's balls are in no figure while the day runs
    assert "Dagens bolde kommer i glassene, når dagen er gået" in html
    response = client.post(url, {"colour": "red", "note": "igen"})
    assert MailboxBall.objects.count() == 1


def test_empty_note_is_refused_in_danish(client_as, today_round):
    url = reverse("riskmapping:ball-drop", kwargs={"slug": SLUG, "pk": today_round.pk})
    response = client_as("tr").post(url, {"colour": "red", "note": ""})
    assert "Skriv på sedlen, hvorfor dagen var sådan." in response.content.decode()
    assert not MailboxBall.objects.exists()


def test_member_left_out_of_the_round_gets_404(client_as, cast, today_round):
    today_round.participants.remove(cast["tr"])
    url = reverse("riskmapping:ball-drop", kwargs={"slug": SLUG, "pk": today_round.pk})
    assert client_as("tr").get(url).status_code == 404


def test_token_link_drops_for_its_person_without_login(client, cast, today_round):
    link = services.token_for(today_round, cast["amir"])
    url = reverse("riskmapping:token-drop", kwargs={"token": link.token})
    response = client.post(url, {"colour": "red", "note": "Telefonen"}, follow=True)
    assert "Tak for din bold" in response.content.decode()
    assert DropRecord.objects.get().participant == cast["amir"]
    assert MailboxBall.objects.get().note == "Telefonen"


def test_token_link_is_404_when_wrong_or_closed(client, cast, today_round, solhoj):
    link = services.token_for(today_round, cast["amir"])

    def status(token: str) -> int:
        return client.get(reverse("riskmapping:token-drop", kwargs={"token": token})).status_code

    assert status(link.token) == 200
    assert status(link.token[:-1] + ("A" if link.token[-1] != "A" else "B")) == 404
    assert status(link.token[:12]) == 404
    assert status("x") == 404
    today_round.participants.remove(cast["amir"])
    assert status(link.token) == 410  # the Danish page of a link that has ended
    today_round.participants.add(cast["amir"])
    # Closed once the round is no longer running, and before or after its days.
    today_round.status = BallRound.Status.SORTING
    today_round.save()
    assert status(link.token) == 404
    today_round.status = BallRound.Status.RUNNING
    today_round.first_day = timezone.localdate() + timedelta(days=1)
    today_round.save()
    assert status(link.token) == 404
    today_round.first_day = timezone.localdate() - timedelta(days=20)
    today_round.save()
    assert status(link.token) == 404


def test_one_persons_link_does_not_drop_for_another(client, cast, today_round):
    amir = services.token_for(today_round, cast["amir"])
    tr = services.token_for(today_round, cast["tr"])
    assert amir.token != tr.token
    client.post(
        reverse("riskmapping:token-drop", kwargs={"token": amir.token}),
        {"colour": "red", "note": "x"},
    )
    assert not services.has_dropped(today_round, participant=cast["tr"], day=timezone.localdate())


def test_personal_link_form_reads_no_glass_displays(client, cast, today_round):
    # Every participant opens the form daily: the link, their place in the round and
    # whether they dropped today, in one query (services.drop_link), no glass displays.
    token = services.token_for(today_round, cast["amir"]).token
    url = reverse("riskmapping:token-drop", kwargs={"token": token})

    def get() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as context:
            html = client.get(url).content.decode()
        # The rate limit counts in the cache: a database table (and savepoints) only where
        # there is no Redis.
        queries = [q["sql"] for q in context.captured_queries]
        return html, [
            sql for sql in queries if "django_cache" not in sql and "SAVEPOINT" not in sql
        ]

    html, form = get()
    assert "Smid dagens bold" in html
    assert len(form) == 1
    assert not any("mailboxball" in sql for sql in form)
    client.post(url, {"colour": "red", "note": "Telefonen"})
    html, thanks = get()
    assert "Tak for din bold" in html
    assert "1 rød bold" not in html
    assert len(thanks) == 1


def test_page_query_count_is_constant(client_as, cast, today_round):
    from tests.factories import MembershipFactory, UserFactory  # noqa: PLC0415

    client = client_as("leder")

    def grow(n):
        for _ in range(n):
            person = UserFactory()
            MembershipFactory(workplace=today_round.workplace, user=person)
            today_round.participants.add(person)
            services.drop_ball(today_round, participant=person, colour="red", note="x")

    small, large = queries_at_two_sizes(lambda: _page(client), grow, small=1, large=10)
    assert small == large <= 10


def test_workplace_home_shows_the_round_status(client_as, today_round, solhoj):
    html = client_as("medarbejder").get(solhoj.get_absolute_url()).content.decode()
    assert "Runde i gang: dag 2 af 14" in html
    assert reverse("riskmapping:ballround", kwargs={"slug": SLUG}) in html


def test_workplace_home_without_a_round(client_as, solhoj):
    html = client_as("medarbejder").get(solhoj.get_absolute_url()).content.decode()
    assert "Ingen runde endnu" in html


def _running_from(cast, solhoj, first_day) -> BallRound:
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=first_day, weekends_count=True
    )
    return services.start_round(ball_round, by=cast["leder"])


def test_a_round_before_its_first_day_says_when_it_starts(client_as, cast, solhoj):
    first_day = timezone.localdate() + timedelta(days=3)
    _running_from(cast, solhoj, first_day)
    html = _page(client_as("medarbejder")).content.decode()
    assert "Dag 0 af 14" not in html
    assert f"Runden begynder {date_format(first_day, 'DATE_FORMAT')}." in html


def test_a_round_after_its_last_day_says_it_has_ended(client_as, cast, solhoj):
    ball_round = _running_from(cast, solhoj, timezone.localdate() - timedelta(days=20))
    html = _page(client_as("medarbejder")).content.decode()
    assert "Dag 14 af 14" not in html
    ended = date_format(ball_round.last_day, "DATE_FORMAT")
    assert f"Rundens 14 dage sluttede {ended}. Der smides ikke flere bolde." in html
    home = client_as("leder").get(solhoj.get_absolute_url()).content.decode()
    assert f"Rundens 14 dage sluttede {ended}." in home
    assert "Runde i gang: dag 14 af 14" not in home


def test_a_weekend_day_of_a_round_says_no_balls_today(cast, solhoj):
    # A round without weekends that began on a Monday: its first Saturday is no drop day.
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=monday, weekends_count=False
    )
    ball_round = services.start_round(ball_round, by=cast["leder"])
    saturday = monday + timedelta(days=5)
    assert services.round_day_text(ball_round, saturday) == (
        "Dag 5 af 14. Der smides ikke bolde i dag."
    )
    assert services.round_day_text(ball_round, monday) == "Dag 1 af 14."


def test_nothing_begun_yet_gets_no_badge_on_the_workplace_home(client_as, solhoj):
    html = client_as("medarbejder").get(solhoj.get_absolute_url()).content.decode()
    for line in ("Intet dialogmøde endnu", "Ingen runde endnu", "Ingen handleplaner endnu"):
        assert re.search(rf'<p class="small mb-2">\s*{line}</p>', html), line
