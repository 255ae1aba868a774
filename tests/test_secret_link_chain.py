"""Issue 21: drop links and kiosks go through a shorter middleware chain
(stressprogram/lean.py). What they leave out is the session and the login; every rule
that concerns them still holds, which is what these tests walk through."""

import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from riskmapping.balls import kiosk, services, views
from riskmapping.models import DropRecord, MailboxBall
from stressprogram import once
from tests.helpers import round_running_since_yesterday

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def ball_round(cast, solhoj):
    return round_running_since_yesterday(solhoj, cast["leder"])


@pytest.fixture
def link(cast, ball_round) -> str:
    return services.token_for(ball_round, cast["medarbejder"]).get_absolute_url()


@pytest.fixture
def kiosk_link(cast, ball_round) -> str:
    token = kiosk.enable_kiosk(ball_round, by=cast["leder"]).kiosk_token
    return reverse("riskmapping:kiosk", args=[token])


def test_the_secret_link_middleware_comes_first_and_covers_drop_links_and_kiosks(link):
    assert settings.MIDDLEWARE[0] == "stressprogram.lean.SecretLinkMiddleware"
    assert link.startswith(tuple(settings.SECRET_LINK_PREFIXES))
    assert reverse("riskmapping:kiosk", args=["x"]).startswith(tuple(settings.SECRET_LINK_PREFIXES))
    left_out = set(settings.MIDDLEWARE) - set(settings.SECRET_LINK_MIDDLEWARE)
    assert left_out == {
        "stressprogram.lean.SecretLinkMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",  # a cookie's instead
        "workplaces.middleware.SessionTimeoutMiddleware",
        "axes.middleware.AxesMiddleware",
    }


def test_a_drop_link_reads_no_session_and_sets_no_session_cookie(client_as, link):
    # Even someone logged in: the link is who they are here, the session stays unread.
    medarbejder = client_as("medarbejder")
    with CaptureQueriesContext(connection) as queries:
        page = medarbejder.get(link)
        sent = medarbejder.post(link, {"colour": "green", "note": "En god dag", **_token(page)})
    assert page.status_code == 200
    assert sent.status_code == 302
    assert not any("django_session" in q["sql"] for q in queries.captured_queries)
    for response in (page, sent):
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert "X-Session-Expires-In" not in response
    assert Client().get(link).cookies.keys() <= {settings.CSRF_COOKIE_NAME}


def _token(response) -> dict[str, str]:
    return {"csrfmiddlewaretoken": CSRF.search(response.content.decode()).group(1)}


def test_a_cross_site_post_to_a_drop_link_is_refused(link):
    phone = Client(enforce_csrf_checks=True)
    # Another site's form: no CSRF cookie, no token (or a made-up one).
    assert phone.post(link, {"colour": "red", "note": "Udefra"}).status_code == 403
    forged = {"colour": "red", "note": "Udefra", "csrfmiddlewaretoken": "x" * 64}
    assert phone.post(link, forged).status_code == 403
    # The page's own form, with the cookie it set, goes through.
    page = phone.get(link)
    assert phone.post(link, {"colour": "red", "note": "Herfra", **_token(page)}).status_code == 302
    assert list(MailboxBall.objects.values_list("note", flat=True)) == ["Herfra"]


def test_one_ball_per_person_per_day_holds_on_the_short_chain(client, link):
    for note in ("Først", "Igen"):
        client.post(link, {"colour": "red", "note": note})
    assert DropRecord.objects.count() == MailboxBall.objects.count() == 1
    assert "Tak for din bold" in client.get(link).content.decode()


def test_a_good_send_is_one_statement_and_the_ball(client, cast, ball_round, link):
    """The send that goes well writes the record with the link's check in one statement,
    then the ball in its own: no lookup before, no use counted (issue 21)."""
    with CaptureQueriesContext(connection) as queries:
        sent = client.post(link, {"colour": "green", "note": "En god dag"})
    assert sent.status_code == 302
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 2
    assert statements[0].startswith("INSERT INTO riskmapping_droprecord")
    assert statements[1].startswith("INSERT INTO riskmapping_mailboxball")
    assert DropRecord.objects.get().participant == cast["medarbejder"]
    assert MailboxBall.objects.get().note == "En god dag"


def test_sends_after_the_days_ball_say_so_and_are_counted_against_floods(
    client, cast, ball_round, link, monkeypatch
):
    monkeypatch.setattr(views, "DROP_LINK_USES", 3)
    drop_token = services.token_for(ball_round, cast["medarbejder"])
    cache.delete(f"ratelimit:drop-link-use:{drop_token.pk}")
    answers = [client.post(link, {"colour": "red", "note": f"Nr. {n}"}) for n in range(5)]
    assert [answer.status_code for answer in answers] == [302, 200, 200, 200, 429]
    # As from a second tab: the day's ball is in, so the thank-you page.
    assert "Tak for din bold" in answers[1].content.decode()
    assert "For mange forsøg" in answers[4].content.decode()
    assert list(MailboxBall.objects.values_list("note", flat=True)) == ["Nr. 0"]
    cache.delete(f"ratelimit:drop-link-use:{drop_token.pk}")


def test_a_send_with_a_bad_note_keeps_the_page_and_its_words(client, link):
    answer = client.post(link, {"colour": "red", "note": "   "})
    assert answer.status_code == 200
    assert "Skriv på sedlen, hvorfor dagen var sådan." in answer.content.decode()
    long_note = "x" * 1001
    answer = client.post(link, {"colour": "blue", "note": long_note})
    assert answer.status_code == 200
    assert long_note in answer.content.decode()
    assert not DropRecord.objects.exists()
    assert not MailboxBall.objects.exists()


def test_secret_link_pages_keep_their_security_headers(client, link, kiosk_link):
    for url in (link, kiosk_link, "/b/forkert-hemmelighed/"):
        response = client.get(url)
        assert "Content-Security-Policy" in response, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
    for url in (link, kiosk_link):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_an_unknown_address_under_a_secret_prefix_is_a_danish_404(client):
    for url in ("/b/", "/b/a/b/", "/k/x/y/", "/b/x"):
        response = client.get(url)
        assert response.status_code in (301, 404), url
        if response.status_code == 404:
            assert "Siden findes ikke" in response.content.decode()


def test_the_drop_link_speaks_the_language_chosen(client, link):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert 'lang="en"' in client.get(link).content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert 'lang="da"' in client.get(link).content.decode()


def test_the_kiosk_thanks_through_a_cookie(client, cast, ball_round, kiosk_link):
    assert client.get(kiosk_link).status_code == 200
    drop_token = services.token_for(ball_round, cast["medarbejder"])
    code = kiosk.day_code(drop_token, services.timezone.localdate())
    thanks = client.post(
        kiosk_link, {"code": code, "colour": "red", "note": "Ved skærmen"}, follow=True
    )
    assert "Tak for din bold. Den ligger nu i glasmontren." in thanks.content.decode()
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert MailboxBall.objects.get().note == "Ved skærmen"


# The drop page kept rendered (stressprogram.once.render_once) ---------------------------


def _day_code(page) -> str:
    return re.search(r'class="day-code">([^<]+)<', page.content.decode())[1]


def test_the_kept_drop_page_is_each_persons_own(cast, ball_round):
    """Two people of the same round open their links on the same day: the page is kept once
    for the round, but each gets their own day code, address and a CSRF token that works,
    and neither sees the other's."""
    today = services.timezone.localdate()
    pages = {}
    for persona in ("medarbejder", "amir", "tr"):
        drop_token = services.token_for(ball_round, cast[persona])
        phone = Client(enforce_csrf_checks=True)
        page = phone.get(drop_token.get_absolute_url())
        pages[persona] = (phone, drop_token, page)
        assert _day_code(page) == kiosk.day_code(drop_token, today)
    for persona, (phone, drop_token, page) in pages.items():
        html = page.content.decode()
        others = [other for name, other in pages.items() if name != persona]
        for _phone, other_token, other_page in others:
            assert other_token.token not in html
            assert _day_code(other_page) not in html
        assert f'name="next" type="hidden" value="{drop_token.get_absolute_url()}"' in html
        sent = phone.post(
            drop_token.get_absolute_url(), {"colour": "red", "note": "x", **_token(page)}
        )
        assert sent.status_code == 302, persona
    assert DropRecord.objects.count() == MailboxBall.objects.count() == 3


def test_the_kept_drop_page_follows_the_state_the_name_and_the_language(client, link, solhoj):
    assert "Smid dagens bold" in client.get(link).content.decode()
    solhoj.name = "Solhøj Plejecenter & Co"
    solhoj.save()
    page = client.get(link).content.decode()
    assert "Solhøj Plejecenter &amp; Co" in page
    client.post(link, {"colour": "green", "note": "God dag", **_token(client.get(link))})
    assert "Tak for din bold" in client.get(link).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Thank you for your ball" in client.get(link).content.decode()


def test_rounds_of_two_workplaces_share_one_kept_page_each_with_its_own_name(
    client, cast, ball_round, other_workplace
):
    """The page is kept per day of the round and state, not per round: a worker renders it
    once for every workplace's first visit of the day. The workplace's name is filled in,
    escaped, like the day code; neither workplace's page names the other."""
    other_round = round_running_since_yesterday(other_workplace, cast["outsider"])
    other_workplace.name = "Hjemmeplejen <Nord>"
    other_workplace.save()
    once._pages.clear()
    ours = client.get(services.token_for(ball_round, cast["medarbejder"]).get_absolute_url())
    theirs = client.get(services.token_for(other_round, cast["outsider"]).get_absolute_url())
    assert len(once._pages) == 1
    ours, theirs = ours.content.decode(), theirs.content.decode()
    assert "Boldmetoden · Plejecenter Solhøj" in ours
    assert "Hjemmeplejen" not in ours
    assert "Boldmetoden · Hjemmeplejen &lt;Nord&gt;" in theirs
    assert "<title>Smid dagens bold · Hjemmeplejen &lt;Nord&gt;" in theirs
    assert "Solhøj" not in theirs


def test_a_message_to_show_is_rendered_on_the_drop_page(client, cast, ball_round, kiosk_link):
    """The kiosk's thanks lie in a cookie; a drop link opened next in the same browser shows
    them, rendered afresh rather than from the kept page."""
    drop_token = services.token_for(ball_round, cast["medarbejder"])
    code = kiosk.day_code(drop_token, services.timezone.localdate())
    client.get(kiosk_link)
    client.post(kiosk_link, {"code": code, "colour": "red", "note": "Ved skærmen"})
    other = services.token_for(ball_round, cast["amir"]).get_absolute_url()
    page = client.get(other).content.decode()
    assert "Tak for din bold. Den ligger nu i glasmontren." in page
    assert (
        "Tak for din bold. Den ligger nu i glasmontren." not in client.get(other).content.decode()
    )


def test_kept_pages_are_bounded_least_recently_served_first(client, cast, ball_round, monkeypatch):
    monkeypatch.setattr(once, "KEPT_PAGES", 2)
    once._pages.clear()
    links = [services.token_for(ball_round, cast[p]).get_absolute_url() for p in ("amir", "tr")]
    client.get(links[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(links[0])
    assert len(once._pages) == 2
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.get(links[1])  # the Danish page again: now the most recent
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    services.drop_ball(ball_round, participant=cast["tr"], colour="red", note="x")
    client.get(links[1])  # the English thanks: the English open page goes
    assert len(once._pages) == 2
    assert [key[1:2] + key[-1:] for key in once._pages] == [("da", False), ("en", True)]
