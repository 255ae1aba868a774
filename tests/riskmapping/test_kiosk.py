"""Kiosk mode: the break room's screen shows the glass displays and lets participants drop
their one anonymous ball of the day, with their code of the day, through a secret link
the manager enables, renews and revokes."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from riskmapping.balls import kiosk, services
from riskmapping.models import BallRound, DropRecord, MailboxBall
from tests.factories import MembershipFactory, UserFactory
from workplaces.access import opens_kiosk
from workplaces.models import Change, Membership

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


def _enable(client, ball_round: BallRound):
    url = reverse("riskmapping:kiosk-enable", kwargs={"slug": SLUG, "pk": ball_round.pk})
    return client.post(url, follow=True)


def _kiosk_url(ball_round: BallRound) -> str:
    ball_round.refresh_from_db()
    return reverse("riskmapping:kiosk", kwargs={"token": ball_round.kiosk_token})


def test_manager_enables_renews_and_revokes_the_kiosk(client_as, client, today_round):
    manager = client_as("leder")
    html = manager.get(today_round.get_absolute_url()).content.decode()
    assert "Slå kiosken til" in html

    html = _enable(manager, today_round).content.decode()
    assert "Kiosken er slået til." in html
    first = _kiosk_url(today_round)
    assert len(today_round.kiosk_token) >= 40
    assert first in html  # the link is shown to the manager, to open on the screen

    html = _enable(manager, today_round).content.decode()
    assert "Kiosken har fået et nyt link. Det gamle virker ikke længere." in html
    second = _kiosk_url(today_round)
    assert second != first
    client.logout()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    manager = client_as("leder")
    revoke = reverse("riskmapping:kiosk-revoke", kwargs={"slug": SLUG, "pk": today_round.pk})
    assert "Kiosken er slået fra." in manager.post(revoke, follow=True).content.decode()
    today_round.refresh_from_db()
    assert today_round.kiosk_token == ""
    client.logout()
    assert client.get(second).status_code == 404
    fields = list(
        Change.objects.filter(field="Kiosk").order_by("pk").values_list("after", flat=True)
    )
    assert fields == ["nyt link", "nyt link", "slået fra"]


def test_no_kiosk_for_a_paper_round_or_one_not_running(client_as, cast, solhoj):
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=timezone.localdate(), weekends_count=True
    )
    html = _enable(client_as("leder"), ball_round).content.decode()
    assert "Kiosken kan kun slås til, mens runden er i gang." in html
    ball_round.mode = BallRound.Mode.PAPER
    ball_round.save()
    services.start_round(ball_round, by=cast["leder"])
    html = _enable(client_as("leder"), ball_round).content.decode()
    assert "En runde på papir har ingen kiosk" in html
    ball_round.refresh_from_db()
    assert ball_round.kiosk_token == ""


def _code(ball_round: BallRound, person) -> str:
    return kiosk.day_code(services.token_for(ball_round, person), timezone.localdate())


def test_kiosk_shows_the_glass_displays_and_drops_the_ball_of_the_code(client, cast, today_round):
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    services.drop_ball(today_round, participant=cast["tr"], colour="red", note="Hemmelig")
    url = _kiosk_url(today_round)

    html = client.get(url).content.decode()
    # Today's balls stay out of the glass until the day is over (test_display.py).
    assert "0 røde bolde" in html
    assert "0 grønne bolde" in html
    assert html.count('class="ball ball-red"') == 0
    assert "Hemmelig" not in html
    assert 'hx-trigger="every 5s"' in html
    assert "Rød bold – en dag med mange belastninger" in html
    assert "Din kode for i dag" in html

    code = _code(today_round, cast["medarbejder"])
    typed = f"{code[:3].lower()} {code[3:]}"  # as read off a phone
    response = client.post(
        url, {"code": typed, "colour": "green", "note": "Godt samarbejde"}, follow=True
    )
    html = response.content.decode()
    assert "Tak for din bold. Den ligger nu i glasmontren." in html
    assert "1 grøn bold" not in html  # today's balls count once the day is over
    assert DropRecord.objects.filter(participant=cast["medarbejder"]).count() == 1


def test_one_ball_per_person_per_day_at_the_kiosk_and_by_link(client, cast, today_round):
    """Issue 19.1: two drops by one person at the kiosk, then one by their personal link:
    one ball stored."""
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    url = _kiosk_url(today_round)
    code = _code(today_round, cast["medarbejder"])
    assert client.post(url, {"code": code, "colour": "red", "note": "Første"}).status_code == 302
    response = client.post(url, {"code": code, "colour": "red", "note": "Anden"})
    assert "Du har allerede smidt en bold i dag." in response.content.decode()
    link = services.token_for(today_round, cast["medarbejder"]).get_absolute_url()
    response = client.post(link, {"colour": "red", "note": "Tredje"})
    html = response.content.decode()
    assert "Tak for din bold" in html  # the thank-you of one who has dropped, no form
    assert "<textarea" not in html
    assert list(MailboxBall.objects.values_list("note", flat=True)) == ["Første"]


def test_kiosk_refuses_an_unknown_code_in_danish_and_logs_it(client, cast, today_round, caplog):
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    url = _kiosk_url(today_round)
    yesterdays = kiosk.day_code(
        services.token_for(today_round, cast["medarbejder"]),
        timezone.localdate() - timedelta(days=1),
    )
    for wrong in ("ABCDEF", yesterdays, ""):
        response = client.post(url, {"code": wrong, "colour": "red", "note": "Gæt"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Koden passer ikke." in html or "Skriv din kode for i dag." in html
    assert not MailboxBall.objects.exists()
    assert not DropRecord.objects.exists()
    assert "Unknown code typed at the kiosk" in caplog.text
    assert yesterdays not in caplog.text


def test_guessing_codes_is_stopped(client, cast, today_round, monkeypatch):
    monkeypatch.setattr(kiosk, "CODE_MISSES", 3)
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    url = _kiosk_url(today_round)
    statuses = [
        client.post(
            url, {"code": f"ZZZZZ{i}", "colour": "red", "note": "g"}, REMOTE_ADDR="10.0.0.5"
        ).status_code
        for i in range(2, 7)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    # Even the right code waits out the window from that address.
    code = _code(today_round, cast["medarbejder"])
    response = client.post(
        url, {"code": code, "colour": "red", "note": "x"}, REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 429
    assert not MailboxBall.objects.exists()


def test_a_renewed_link_changes_the_code(cast, today_round):
    old = _code(today_round, cast["medarbejder"])
    services.renew_drop_link(today_round, participant=cast["medarbejder"])
    assert _code(today_round, cast["medarbejder"]) != old
    assert kiosk.participant_by_code(today_round, old, day=timezone.localdate()) is None


def test_htmx_refresh_returns_only_the_glass_displays(client, cast, today_round):
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    kiosk.kiosk_drop(today_round, code=_code(today_round, cast["tr"]), colour="red", note="x")
    html = client.get(_kiosk_url(today_round), HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="kiosk-glasses"')
    assert "0 røde bolde" in html
    assert "<form" not in html
    assert "<html" not in html


def test_kiosk_refuses_an_empty_note_in_danish(client, cast, today_round):
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    response = client.post(_kiosk_url(today_round), {"colour": "red", "note": "  "})
    assert response.status_code == 200
    assert "Skriv på sedlen, hvorfor dagen var sådan." in response.content.decode()
    assert not MailboxBall.objects.exists()


def test_kiosk_link_is_404_when_wrong_revoked_or_round_not_running(client, cast, today_round):
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    token = today_round.kiosk_token

    def status(value: str) -> int:
        return client.get(reverse("riskmapping:kiosk", kwargs={"token": value})).status_code

    assert status(token) == 200
    assert status(token[:-1] + ("A" if token[-1] != "A" else "B")) == 404
    assert status(token[:12]) == 404
    assert status("x") == 404
    today_round.status = BallRound.Status.SORTING
    today_round.save()
    assert status(token) == 404


def test_kiosk_on_a_day_without_balls_shows_only_the_glasses(client, cast, today_round):
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    today_round.first_day = timezone.localdate() + timedelta(days=1)
    today_round.save()
    url = _kiosk_url(today_round)
    html = client.get(url).content.decode()
    assert "Der kan ikke smides bolde i denne runde i dag." in html
    client.post(url, {"colour": "red", "note": "x"})
    assert not MailboxBall.objects.exists()


def test_opens_kiosk_compares_the_whole_secret():
    ball_round = BallRound(kiosk_token="abc")
    assert opens_kiosk(ball_round, "abc")
    assert not opens_kiosk(ball_round, "abd")
    assert not opens_kiosk(BallRound(kiosk_token=""), "")


def test_kiosk_drops_are_rate_limited_per_link_and_address(client, cast, today_round, monkeypatch):
    monkeypatch.setattr(kiosk, "DROP_LIMIT", 3)
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    url = _kiosk_url(today_round)
    codes = []
    for _ in range(7):
        person = UserFactory()
        MembershipFactory(workplace=today_round.workplace, user=person)
        today_round.participants.add(person)
        codes.append(_code(today_round, person))
    statuses = [
        client.post(
            url, {"code": codes[i], "colour": "red", "note": f"seddel {i}"}, REMOTE_ADDR="10.0.0.7"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    response = client.post(
        url, {"code": codes[4], "colour": "red", "note": "igen"}, REMOTE_ADDR="10.0.0.7"
    )
    assert "For mange forsøg" in response.content.decode()
    assert response["Retry-After"] == str(kiosk.DROP_WINDOW)
    assert MailboxBall.objects.count() == 3
    # Another address, or a renewed link, counts afresh.
    assert (
        client.post(
            url, {"code": codes[5], "colour": "red", "note": "a"}, REMOTE_ADDR="10.0.0.8"
        ).status_code
        == 302
    )
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    renewed = _kiosk_url(today_round)
    assert (
        client.post(
            renewed, {"code": codes[6], "colour": "red", "note": "b"}, REMOTE_ADDR="10.0.0.7"
        ).status_code
        == 302
    )


def test_kiosk_page_and_refresh_are_rate_limited(client, cast, today_round, monkeypatch):
    monkeypatch.setattr(kiosk, "PAGE_LIMIT", 2)
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    url = _kiosk_url(today_round)
    statuses = [client.get(url, REMOTE_ADDR="10.0.0.9").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_code_of_someone_who_has_left_drops_nothing(client, cast, today_round):
    kiosk.enable_kiosk(today_round, by=cast["leder"])
    code = _code(today_round, cast["medarbejder"])
    Membership.objects.filter(user=cast["medarbejder"]).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    response = client.post(_kiosk_url(today_round), {"code": code, "colour": "red", "note": "x"})
    assert "Du deltager ikke i denne boldrunde." in response.content.decode()
    assert not MailboxBall.objects.exists()
