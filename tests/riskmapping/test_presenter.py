"""The meeting room's screen (riskmapping.presenter): a secret, read-only link to one
meeting's screen that holds no login, follows the manager's phase changes for as long as the
meeting lasts and stops working when it ends; guessing is limited."""

from datetime import timedelta

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

import pytest

from riskmapping.balls import services
from riskmapping.dialogue import services as dialogue
from riskmapping.models import BallRound
from riskmapping.sorting import services as sorting
from tests.riskmapping.dialogue_setup import STARTS_AT, running

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"


def _enable(client: Client, name: str, pk: int):
    url = reverse(f"riskmapping:{name}", kwargs={"slug": SLUG, "pk": pk})
    return client.post(url, follow=True)


def _staff_meeting(ball_round: BallRound, by) -> BallRound:
    """Every note under a heading, then the staff meeting."""
    heading = {c: sorting.add_category(ball_round, colour=c, title=c) for c in ("red", "green")}
    for ball in ball_round.balls.all():
        sorting.file_note(ball_round, ball.pk, category=heading[ball.colour])
    return services.begin_meeting(ball_round, by=by)


def _screen_url(meeting) -> str:
    meeting.refresh_from_db()
    return reverse("riskmapping:presenter", kwargs={"token": meeting.presenter_token})


def test_the_screen_follows_a_two_hour_dialogue_meeting_and_stops_after_it(
    client_as, cast, solhoj, time_machine
):
    time_machine.move_to(STARTS_AT, tick=False)
    meeting = running(cast, solhoj, phase="intro")
    manager = client_as("leder")
    board = _enable(manager, "dialogue-presenter-enable", meeting.pk).content.decode()
    screen_url = _screen_url(meeting)
    assert screen_url in board  # the manager sees the link to open on the room's screen
    screen = Client()  # the room's screen: no login, no session of anyone's
    page = screen.get(screen_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Introduktion" in html
    assert 'action="/workplaces/' not in html  # read-only: no controls, nothing to post
    assert "sessionid" not in screen.cookies
    live = reverse("riskmapping:presenter-live", kwargs={"token": meeting.presenter_token})
    phase_url = reverse("riskmapping:dialogue-phase", kwargs={"slug": SLUG, "pk": meeting.pk})

    # Two hours: the manager moves the phases on from their own device every 20 minutes
    # (and the screen polls between, which is no one's activity); the screen follows.
    seen = []
    for step in range(1, 7):
        time_machine.move_to(STARTS_AT + timedelta(minutes=20 * step), tick=False)
        meeting.refresh_from_db()
        if meeting.status == "running":
            manager.post(phase_url, {"action": "skip", "phase": meeting.phase})
        meeting.refresh_from_db()
        response = screen.get(live, {"version": meeting.version - 1})
        assert response.status_code == 200, step
        title = str(dialogue.timer(meeting).phase.title)
        assert title in response.content.decode()
        seen.append(title)
        # Nothing changed since: nothing to send.
        assert screen.get(live, {"version": meeting.version}).status_code == 204
    assert len(set(seen)) == 6
    time_machine.move_to(STARTS_AT + timedelta(hours=2), tick=False)
    assert screen.get(screen_url).status_code == 200

    # The manager ends the meeting: the link stops working.
    meeting.refresh_from_db()
    while meeting.status == "running":
        meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
    assert screen.get(screen_url).status_code == 404
    assert screen.get(live).status_code == 404


def test_the_staff_meeting_has_a_screen_until_the_round_is_done(client_as, cast, past_round):
    ball_round = _staff_meeting(past_round(), cast["leder"])
    manager = client_as("leder")
    _enable(manager, "presenter-enable", ball_round.pk)
    screen_url = _screen_url(ball_round)
    screen = Client()
    html = screen.get(screen_url).content.decode()
    assert "Boldmetoden: mødet om løsningsforslag" in html
    assert "Til mødesiden på telefonen" not in html
    # A new link: the old one stops working.
    old = screen_url
    _enable(manager, "presenter-enable", ball_round.pk)
    assert screen.get(old).status_code == 404
    screen_url = _screen_url(ball_round)
    assert screen.get(screen_url).status_code == 200
    services.finish_round(BallRound.objects.get(pk=ball_round.pk), by=cast["leder"])
    assert screen.get(screen_url).status_code == 404


def test_only_the_manager_makes_a_link_and_only_while_the_meeting_is_on(
    client_as, cast, past_round
):
    ball_round = past_round()  # still sorting: no staff meeting yet
    response = _enable(client_as("leder"), "presenter-enable", ball_round.pk)
    assert "Skærmen kan kun vises, mens mødet holdes." in response.content.decode()
    ball_round.refresh_from_db()
    assert ball_round.presenter_token == ""
    _staff_meeting(ball_round, cast["leder"])
    url = reverse("riskmapping:presenter-enable", kwargs={"slug": SLUG, "pk": ball_round.pk})
    assert client_as("tr").post(url).status_code == 403


def test_guessing_a_screen_link_is_limited(client):
    cache.clear()
    for n in range(30):
        assert client.get(f"/s/gaet-et-link-{n:04d}-xxxxxxxxxxxx/").status_code == 404
    refused = client.get("/s/gaet-et-link-igen-xxxxxxxxxxxx/")
    assert refused.status_code == 429
    assert "For mange" in refused.content.decode()
