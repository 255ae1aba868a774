"""Security properties (issue #10), each a test that fails when it stops holding.

Content-Security-Policy and no inline code on any page; session limits; the login lockout;
cookies and HSTS as deployed; no-store caching; rate limits, length and constant-time
comparison of secret links; the audit log; the accessibility statement.
"""

import base64
import hmac
import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

import pytest
from csp.middleware import CSPMiddleware

from iglo import services as iglo_services
from iglo import views as iglo_views
from riskmapping.balls import views as riskmapping_views
from stressprogram.middleware import ContentSecurityPolicyMiddleware
from tests.conftest import PERSONAS
from tests.factories import KeyConversationFactory, UserFactory
from tests.test_permissions import MATRIX
from tests.test_settings import _run
from workplaces import audit, tasks
from workplaces.middleware import EXPIRES_HEADER, LOGIN_AT, PASSIVE_HEADER, SEEN_AT
from workplaces.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db

ANON, EMP, AMIR, TR, LEDER, OUT, HR = PERSONAS
SLUG = "plejecenter-solhoj"
START = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
IDLE = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


# Content-Security-Policy ---------------------------------------------------------------

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


@pytest.mark.parametrize(("persona", "name"), [(ANON, "login"), (LEDER, "home"), (HR, "home")])
def test_every_page_has_the_strict_policy(client_as, persona, name):
    response = client_as(persona).get(reverse(name))
    assert response.status_code == 200
    assert _policy(response) == EXPECTED_POLICY


def test_the_policy_is_on_errors_and_secret_links_too(client_as):
    client = client_as(LEDER)
    assert _policy(client.get("/workplaces/findes-ikke/")) == EXPECTED_POLICY
    assert _policy(client_as(ANON).get("/b/forkert-hemmelighed/")) == EXPECTED_POLICY


# Inline code the policy would block: style attributes, scripts without src (JSON data
# blocks are not run, so they are allowed), on…= handlers and javascript: links.
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son\w+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
JSON_SCRIPT = re.compile(r"""type\s*=\s*["']application/(ld\+)?json""", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    """Every piece of inline script or style in a page (empty when the CSP is met)."""
    found = [
        tag[:120]
        for tag in TAG.findall(html)
        if STYLE_ATTRIBUTE.search(tag) or EVENT_HANDLER.search(tag) or JS_URL.search(tag)
    ]
    found += [s for s in INLINE_SCRIPT.findall(html) if not JSON_SCRIPT.search(s)]
    found += re.findall(r"<style\b[^>]*>", html, re.IGNORECASE)
    return found


def test_the_inline_code_finder_finds_inline_code():
    page = (
        '<p style="color:red">x</p><button onclick="go()">y</button>'
        '<script>alert(1)</script><a href="javascript:go()">z</a><style>p{}</style>'
        '<script src="/static/js/session.js" defer></script>'
        '<script id="d" type="application/json">{}</script>'
    )
    assert len(inline_code(page)) == 5
    assert inline_code('<p class="person">Person on the list</p>') == []


def _walk_params() -> list[tuple[str, str]]:
    """Every GET URL of the permission matrix as the manager; as HR and anonymous too where
    only they get the page."""
    params = []
    for name, (method, _kwargs, expected) in sorted(MATRIX.items()):
        if method != "get":
            continue
        params.append((name, LEDER))
        if expected[HR] == 200 and expected[LEDER] != 200:
            params.append((name, HR))
        if expected[ANON] == 200 and expected[LEDER] != 200:
            params.append((name, ANON))
    return params


@pytest.mark.parametrize(("name", "persona"), _walk_params())
def test_no_page_has_inline_script_or_style(client_as, name, persona):
    _method, kwargs, _expected = MATRIX[name]
    if callable(kwargs):
        kwargs = kwargs()
    response = client_as(persona).get(reverse(name, kwargs=kwargs))
    if response.streaming or not response["Content-Type"].startswith("text/html"):
        return  # PDFs, CSV, JSON, calendars: no HTML for a browser to run
    html = response.content.decode()
    assert inline_code(html) == [], (name, persona, response.status_code)
    assert response.has_header("Content-Security-Policy")


def test_htmx_injects_no_indicator_style():
    html = (settings.BASE_DIR / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in html
    css = (settings.BASE_DIR / "static/css/app.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


# Sessions -------------------------------------------------------------------------------


def _login_form(client, username="leder", password="demo", address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_login_gives_a_fresh_session_key(client, cast):
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before

    assert _login_form(client).status_code == 302

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session[SESSION_KEY] == str(cast[LEDER].pk)


def test_thirty_idle_minutes_end_the_session(client, cast, time_machine):
    time_machine.move_to(START)
    client.force_login(cast[LEDER])
    time_machine.move_to(START + IDLE - timedelta(seconds=5))
    assert client.get(reverse("home")).status_code == 200  # active again: a new half hour
    time_machine.move_to(START + 2 * IDLE - timedelta(seconds=10))
    assert client.get(reverse("home")).status_code == 200

    time_machine.move_to(START + 3 * IDLE)
    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert SESSION_KEY not in client.session
    assert "fordi du ikke har været aktiv" in response.content.decode()


def test_twelve_hours_end_the_session_however_active(client, cast, time_machine):
    time_machine.move_to(START)
    client.force_login(cast[LEDER])
    moment = START
    while moment + timedelta(minutes=20) < START + timedelta(hours=12):
        moment += timedelta(minutes=20)
        time_machine.move_to(moment)
        assert client.get(reverse("home")).status_code == 200, moment

    time_machine.move_to(START + timedelta(hours=12, seconds=1))
    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "logget ind i mange timer" in response.content.decode()


def test_activity_is_written_at_most_once_a_minute(client, cast, time_machine):
    time_machine.move_to(START)
    client.force_login(cast[LEDER])
    key = client.session.session_key

    def stored() -> dict:
        return Session.objects.get(session_key=key).get_decoded()

    assert stored()[LOGIN_AT] == stored()[SEEN_AT] == int(START.timestamp())
    written = Session.objects.get(session_key=key).session_data

    time_machine.move_to(START + timedelta(seconds=59))
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).session_data == written  # not written

    time_machine.move_to(START + timedelta(seconds=61))
    client.get(reverse("home"))
    assert stored()[SEEN_AT] == int(START.timestamp()) + 61
    assert stored()[LOGIN_AT] == int(START.timestamp())


def test_polling_is_not_activity(client, cast, time_machine):
    time_machine.move_to(START)
    client.force_login(cast[LEDER])
    for minutes in (10, 20, 29):
        time_machine.move_to(START + timedelta(minutes=minutes))
        response = client.get(reverse("home"), headers={PASSIVE_HEADER: "1", "HX-Request": "true"})
        assert response.status_code == 200

    time_machine.move_to(START + IDLE + timedelta(seconds=1))
    response = client.get(reverse("home"), headers={PASSIVE_HEADER: "1", "HX-Request": "true"})

    # htmx reloads the page, which leads to the login form.
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    assert SESSION_KEY not in client.session


def test_the_page_knows_how_long_is_left_and_forlaeng_extends_it(client, cast, time_machine):
    time_machine.move_to(START)
    client.force_login(cast[LEDER])
    time_machine.move_to(START + timedelta(minutes=28, seconds=30))

    page = client.get(reverse("home"))
    html = page.content.decode()
    assert 'data-session-expires-in="1800"' in html  # activity just now
    assert f'data-session-warning="{settings.SESSION_IDLE_WARNING}"' in html
    assert 'id="session-warning"' in html
    assert "Forlæng" in html
    assert page[EXPIRES_HEADER] == "1800"

    # Asking (GET, passive) changes nothing; "Forlæng" (POST) counts as activity.
    time_machine.move_to(START + timedelta(minutes=57))
    asked = client.get(reverse("session-keepalive"), headers={PASSIVE_HEADER: "1"})
    assert (asked.status_code, asked[EXPIRES_HEADER]) == (204, "90")
    kept = client.post(reverse("session-keepalive"), headers={"HX-Request": "true"})
    assert (kept.status_code, kept[EXPIRES_HEADER]) == (204, "1800")

    time_machine.move_to(START + timedelta(minutes=57) + IDLE - timedelta(seconds=5))
    assert client.get(reverse("home")).status_code == 200


def test_forlaeng_without_javascript_goes_back(client_as):
    client = client_as(LEDER)
    response = client.post(reverse("session-keepalive"), {"next": "/iglo/calendar/"})
    assert response["Location"] == "/iglo/calendar/"
    response = client.post(reverse("session-keepalive"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_anonymous_pages_carry_no_session_countdown(client):
    html = client.get(reverse("login")).content.decode()
    assert "data-session-expires-in" not in html
    assert 'id="session-warning"' not in html


def test_deactivating_a_user_ends_their_session(client, cast):
    leder = cast[LEDER]
    client.force_login(leder)
    key = client.session.session_key
    assert client.get(reverse("home")).status_code == 200

    leder.is_active = False
    leder.save(update_fields=["is_active"])
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=key).exists()


# Login lockout (django-axes) ------------------------------------------------------------


def test_the_lockout_settings_are_five_per_user_and_address_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_lockout_is_per_address(client, cast):
    for _ in range(5):
        _login_form(client, password="forkert", address="192.0.2.10")
    assert _login_form(client, address="192.0.2.10").status_code == 429
    assert _login_form(client, address="192.0.2.99").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, cast, time_machine):
    time_machine.move_to(START)
    for _ in range(5):
        _login_form(client, password="forkert")
    time_machine.move_to(START + timedelta(minutes=14))
    assert _login_form(client).status_code == 429
    # Fifteen minutes after the last attempt (an attempt while locked counts as one).
    time_machine.move_to(START + timedelta(minutes=14 + 14))
    assert _login_form(client).status_code == 429
    time_machine.move_to(START + timedelta(minutes=28 + 15, seconds=1))
    assert _login_form(client).status_code == 302


def test_lockout_and_errors_do_not_tell_whether_a_user_exists(client, cast):
    wrong_password = _login_form(client, password="forkert").content.decode()
    unknown_user = _login_form(client, username="findesikke", password="x").content.decode()
    assert "Indtast venligst korrekt brugernavn og adgangskode" in wrong_password
    assert "Indtast venligst korrekt brugernavn og adgangskode" in unknown_user

    for _ in range(5):
        _login_form(client, username="findesikke", password="x", address="192.0.2.20")
        _login_form(client, password="forkert", address="192.0.2.21")
    locked_unknown = _login_form(client, username="findesikke", password="x", address="192.0.2.20")
    locked_known = _login_form(client, address="192.0.2.21")
    assert locked_unknown.status_code == locked_known.status_code == 429
    assert "For mange forsøg" in locked_unknown.content.decode()
    assert "For mange forsøg" in locked_known.content.decode()


# Content-Security-Policy built once (stressprogram.middleware) ---------------------------


def _with_policy(middleware_class, response: HttpResponse, *, nonce: bool = False) -> str:
    request = RequestFactory().get("/")

    def view(request):
        if nonce:
            str(request.csp_nonce)
        return response

    return middleware_class(view)(request).get("Content-Security-Policy")


def test_the_policy_built_once_is_django_csps_own_and_yields_to_a_views_own():
    """Every response gets the header django-csp would build; a view's own policy or a
    nonce still go through django-csp, so a future page may use them."""
    for response in (HttpResponse("x"), HttpResponse("x", status=404)):
        assert _with_policy(ContentSecurityPolicyMiddleware, response) == _with_policy(
            CSPMiddleware, response
        )
    assert "object-src 'none'" in _with_policy(ContentSecurityPolicyMiddleware, HttpResponse())
    own = HttpResponse()
    own._csp_update = {"img-src": ["https://kort.example.dk"]}
    assert "https://kort.example.dk" in _with_policy(ContentSecurityPolicyMiddleware, own)
    exempt = HttpResponse()
    exempt._csp_exempt = True
    assert _with_policy(ContentSecurityPolicyMiddleware, exempt) is None
    assert _with_policy(ContentSecurityPolicyMiddleware, HttpResponse(), nonce=True) == (
        _with_policy(CSPMiddleware, HttpResponse(), nonce=True)
    )


# Cookies, HSTS, deploy check (as deployed: DEBUG off, in a subprocess) -----------------

AS_DEPLOYED = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
page = client.get("/healthz/", secure=True, headers={"host": "stress.example.dk"})
plain = client.get("/healthz/", headers={"host": "stress.example.dk"})
print(json.dumps({
    "session": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.SESSION_COOKIE_SAMESITE, settings.SESSION_COOKIE_AGE],
    "csrf": [settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_SAMESITE],
    "language": [settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SAMESITE],
    "hsts": page.get("Strict-Transport-Security"),
    "csp": page.get("Content-Security-Policy"),
    "status": page.status_code,
    "plain": [plain.status_code, plain.get("Location")],
}))
"""


def test_cookies_and_hsts_as_deployed(tmp_path):
    result = _run(
        ["-c", AS_DEPLOYED],
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="stress.example.dk",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])

    assert found["session"] == [True, True, "Lax", 12 * 60 * 60]
    assert found["csrf"] == [True, "Lax"]
    assert found["language"] == [True, "Lax"]
    assert found["status"] == 200
    assert found["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "object-src 'none'" in found["csp"]
    # Plain http is sent to https.
    assert found["plain"] == [301, "https://stress.example.dk/healthz/"]


# Cache-Control: no-store ---------------------------------------------------------------


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


@pytest.mark.parametrize("name", sorted(n for n, (m, _k, e) in MATRIX.items() if m == "get"))
def test_every_response_to_a_logged_in_user_is_no_store(client_as, name):
    _method, kwargs, _expected = MATRIX[name]
    if callable(kwargs):
        kwargs = kwargs()
    response = client_as(LEDER).get(reverse(name, kwargs=kwargs))
    assert _no_store(response), (name, response.status_code, response.get("Cache-Control"))


def test_secret_link_pages_are_no_store_without_login(client, cast):
    drop = MATRIX["riskmapping:token-drop"][1]()
    feed = MATRIX["iglo:calendar-feed"][1]()
    assert _no_store(client.get(reverse("riskmapping:token-drop", kwargs=drop)))
    assert _no_store(client.get(reverse("iglo:calendar-feed", kwargs=feed)))
    # A public page without anything personal may be cached.
    assert not _no_store(client.get(reverse("accessibility-statement")))


# Secret links: long, random, constant-time, rate-limited --------------------------------


def _secret_bytes(token: str) -> int:
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def test_secret_links_hold_at_least_32_random_bytes(cast):
    drop = MATRIX["riskmapping:token-drop"][1]()["token"]
    feed = MATRIX["iglo:calendar-feed"][1]()["token"]
    assert _secret_bytes(drop) >= 32
    assert _secret_bytes(feed) >= 32
    renewed = iglo_services.renew_calendar_feed(cast[LEDER]).token
    assert renewed != feed
    assert _secret_bytes(renewed) >= 32


@pytest.mark.parametrize("name", ["riskmapping:token-drop", "iglo:calendar-feed"])
def test_secret_links_are_compared_in_constant_time(client, cast, name):
    kwargs = MATRIX[name][1]()
    with mock.patch("hmac.compare_digest", wraps=hmac.compare_digest) as compare:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
        wrong = {**kwargs, "token": kwargs["token"][:-2] + "xx"}
        assert client.get(reverse(name, kwargs=wrong)).status_code == 404
    assert compare.call_count >= 2


@pytest.fixture
def fresh_limits():
    addresses = ["198.51.100.1", "198.51.100.2"]
    scopes = ("drop-link-miss", "drop-link-use", "calendar-feed")
    keys = [f"ratelimit:{s}:{a}" for s in scopes for a in addresses]
    cache.delete_many(keys)
    yield addresses
    cache.delete_many(keys)


def test_guessing_drop_links_is_stopped_per_address_but_right_links_always_work(
    client, cast, monkeypatch, fresh_limits
):
    monkeypatch.setattr(riskmapping_views, "DROP_LINK_MISSES", 3)
    monkeypatch.setattr(riskmapping_views, "DROP_LINK_USES", 5)
    kwargs = MATRIX["riskmapping:token-drop"][1]()
    url = reverse("riskmapping:token-drop", kwargs=kwargs)
    first, second = fresh_limits
    guesses = [
        client.get(
            reverse("riskmapping:token-drop", kwargs={"token": f"gaet{n}" * 9}), REMOTE_ADDR=first
        ).status_code
        for n in range(4)
    ]
    assert guesses == [404, 404, 404, 429]
    refused = client.get(reverse("riskmapping:token-drop", kwargs={"token": "x" * 43}))
    assert (
        "For mange forsøg"
        in client.get(
            reverse("riskmapping:token-drop", kwargs={"token": "y" * 43}), REMOTE_ADDR=first
        ).content.decode()
    )
    assert refused.status_code == 404  # another address guesses on
    # The guesser's address (a shared proxy, say) still drops with a right link.
    assert client.get(url, REMOTE_ADDR=first).status_code == 200
    # Right links are counted per link, not per (shared) address.
    uses = [client.get(url, REMOTE_ADDR=second).status_code for _ in range(5)]
    assert uses == [200] * 4 + [429]


def test_guessing_at_one_link_is_stopped_from_any_address(client, cast, monkeypatch):
    monkeypatch.setattr(riskmapping_views, "DROP_LINK_MISSES", 3)
    token = MATRIX["riskmapping:token-drop"][1]()["token"]
    # Many addresses, each trying once, at the same link's first characters.
    statuses = [
        client.get(
            reverse("riskmapping:token-drop", kwargs={"token": token[:12] + f"{n:031d}"}),
            REMOTE_ADDR=f"198.51.100.{n + 10}",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    assert client.get(f"/b/{token}/", REMOTE_ADDR="198.51.100.10").status_code == 200
    # No cache key holds part of the secret.
    from tests.helpers import rate_limit_keys  # noqa: PLC0415

    assert not any(token[:8] in key for key in rate_limit_keys())


def test_wrong_kiosk_links_are_limited_and_the_right_one_keeps_working(client, cast, monkeypatch):
    from riskmapping.balls import kiosk  # noqa: PLC0415

    monkeypatch.setattr(kiosk, "MISS_LIMIT", 3)
    token = MATRIX["riskmapping:kiosk"][1]()["token"]
    guesses = [client.get(f"/k/gaet{n}{'x' * 40}/").status_code for n in range(4)]
    assert guesses == [404, 404, 404, 429]
    assert client.get(f"/k/{token}/").status_code == 200


def test_wrong_join_codes_are_limited_and_the_right_one_keeps_working(client, cast):
    from riskmapping.dialogue import views as dialogue_views  # noqa: PLC0415

    code = MATRIX["riskmapping:dialogue-participant"][1]()["code"]
    misses = dialogue_views.JOIN_MISSES
    wrong = [f"Z{n:05d}" for n in range(misses + 1)]
    statuses = [client.get(f"/m/{guess}/").status_code for guess in wrong[:misses]]
    assert set(statuses) == {404}
    refused = client.post("/m/", {"code": wrong[-1]})
    assert refused.status_code == 429
    assert "For mange forsøg" in refused.content.decode()
    # The room behind the same address still joins with the right code.
    assert client.post("/m/", {"code": code.lower()}).status_code == 302
    assert client.get(f"/m/{code}/").status_code == 200


def test_the_phones_429s_say_when_to_try_again(client, cast, monkeypatch):
    from riskmapping.dialogue import views as dialogue_views  # noqa: PLC0415

    code = MATRIX["riskmapping:dialogue-participant"][1]()["code"]
    monkeypatch.setattr(dialogue_views, "JOIN_MISSES", 2)
    guesses = [client.get(f"/m/Z{n:05d}/") for n in range(3)]
    assert [g.status_code for g in guesses] == [404, 404, 429]
    assert guesses[-1]["Retry-After"] == str(dialogue_views.JOIN_WINDOW)
    # Guests asking for a seat, each from a browser of their own behind one address.
    monkeypatch.setattr(dialogue_views, "GUEST_LIMIT", 2)
    asks = [Client().post(f"/m/{code}/", {"name": f"Gæst {n}"}) for n in range(3)]
    assert [a.status_code for a in asks] == [302, 302, 429]
    assert asks[-1]["Retry-After"] == str(dialogue_views.GUEST_WINDOW)


def test_password_resets_are_limited_per_email(client, cast, django_capture_on_commit_callbacks):
    from django.core import mail  # noqa: PLC0415

    from stressprogram import security_views  # noqa: PLC0415

    url = reverse("password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(url, {"email": "leder@example.dk"}).status_code
            for _ in range(security_views.RESETS_PER_EMAIL + 1)
        ]
    assert statuses == [302] * security_views.RESETS_PER_EMAIL + [429]
    assert len(mail.outbox) == security_views.RESETS_PER_EMAIL
    # Someone else at the same address is not held up by it.
    assert client.post(url, {"email": "medarbejder@example.dk"}).status_code == 302


def test_a_failing_guesser_does_not_lock_colleagues_at_the_same_address_out(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(
            reverse("login"), {"username": "leder", "password": "forkert"}, REMOTE_ADDR="10.9.9.9"
        )
    response = client.post(
        reverse("login"), {"username": "medarbejder", "password": "demo"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302


def test_forwarded_for_from_an_untrusted_peer_is_logged_and_shown_to_it(
    client, cast, settings, caplog
):
    from stressprogram.ratelimit import UNTRUSTED_FORWARDING  # noqa: PLC0415

    cache.delete_many([UNTRUSTED_FORWARDING, f"{UNTRUSTED_FORWARDING}:10.20.30.40"])
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    client.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "TRUSTED_PROXIES" not in caplog.text
    with caplog.at_level("WARNING", logger="stressprogram.ratelimit"):
        client.get("/", REMOTE_ADDR="10.20.30.40", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "X-Forwarded-For from 10.20.30.40, which is not in TRUSTED_PROXIES" in caplog.text
    root = UserFactory(username="it", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Der er kommet X-Forwarded-For fra 10.20.30.40" in page
    client.force_login(cast[HR])
    assert "X-Forwarded-For" not in client.get(reverse("admin:index")).content.decode()
    cache.delete_many([UNTRUSTED_FORWARDING, f"{UNTRUSTED_FORWARDING}:10.20.30.40"])


@pytest.mark.parametrize(
    ("name", "module", "limit"),
    [("iglo:calendar-feed", iglo_views, "FEED_LIMIT")],
)
def test_secret_links_are_rate_limited(
    client, cast, monkeypatch, fresh_limits, name, module, limit
):
    monkeypatch.setattr(module, limit, 3)
    kwargs = MATRIX[name][1]()
    url = reverse(name, kwargs=kwargs)
    guess = reverse(name, kwargs={**kwargs, "token": "gaet" * 11})
    first, second = fresh_limits
    statuses = [client.get(url, REMOTE_ADDR=first).status_code for _ in range(4)]
    refused = client.get(url, REMOTE_ADDR=first)

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert "For mange forsøg" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # Guessing counts too, and another address is not affected.
    assert client.get(guess, REMOTE_ADDR=first).status_code == 429
    assert client.get(url, REMOTE_ADDR=second).status_code == 200


def test_a_drop_link_stops_working_for_a_deactivated_participant(client, cast):
    kwargs = MATRIX["riskmapping:token-drop"][1]()
    url = reverse("riskmapping:token-drop", kwargs=kwargs)
    assert client.get(url).status_code == 200
    cast[EMP].is_active = False
    cast[EMP].save(update_fields=["is_active"])
    gone = client.get(url)
    assert gone.status_code == 410  # "Linket virker ikke længere", as for one who has left
    assert "<textarea" not in gone.content.decode()


# Audit log -------------------------------------------------------------------------------


def test_login_logout_and_failed_login_are_audited(client, cast):
    _login_form(client, password="Mit hemmelige kodeord", address="192.0.2.30")
    _login_form(client, username="Mit hemmelige kodeord", password="x", address="192.0.2.30")
    _login_form(client, address="192.0.2.31")
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.31")

    events = list(
        AuditEvent.objects.order_by("at", "pk").values_list("kind", "user__username", "address")
    )
    assert events == [
        ("login_failed", "leder", "192.0.2.30"),
        ("login_failed", None, "192.0.2.30"),  # an unknown name: nobody, and not the name
        ("login", "leder", "192.0.2.31"),
        ("logout", "leder", "192.0.2.31"),
    ]
    for row in AuditEvent.objects.values():
        assert "hemmelige" not in str(row)


def test_refusals_are_audited_where_they_are_decided(client_as, cast):
    client_as(EMP).get(reverse("workplaces:member-add", kwargs={"slug": SLUG}))
    client_as(OUT).get(reverse("workplace-home", kwargs={"slug": SLUG}))
    client_as(LEDER).get(reverse("workplaces:workplace-list"))
    client_as(EMP).get(reverse("oversight:dashboard"))
    client_as(LEDER).get(reverse("home"))  # allowed: not audited as a refusal

    refusals = set(
        AuditEvent.objects.filter(kind__in=["forbidden", "not_found"]).values_list(
            "kind", "user__username", "object_type", "object_id"
        )
    )
    assert refusals == {
        ("forbidden", "medarbejder", "workplaces.workplace", SLUG),
        ("not_found", "outsider", "workplaces.workplace", SLUG),
        ("forbidden", "leder", "hr", "workplaces:workplace-list"),
        ("forbidden", "medarbejder", "oversight", "oversight:dashboard"),
    }


def test_audit_events_are_kept_two_years(cast, time_machine):
    time_machine.move_to(START)
    old = audit.record(AuditEvent.Kind.LOGIN, user=cast[LEDER])
    time_machine.move_to(START + timedelta(days=2))
    recent = audit.record(AuditEvent.Kind.LOGIN, user=cast[LEDER])

    time_machine.move_to(START + timedelta(days=settings.AUDIT_RETENTION_DAYS, hours=1))
    assert tasks.delete_old_audit_events.delay().get() == 1

    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk
    schedule = settings.CELERY_BEAT_SCHEDULE["audit-retention"]
    assert schedule["task"] == "workplaces.tasks.delete_old_audit_events"


def test_hr_reads_the_audit_log_in_the_admin_without_key_conversations(client_as, cast):
    conversation = KeyConversationFactory(
        workplace=Membership.objects.get(user=cast[LEDER]).workplace,
        manager=cast[LEDER],
        employee=cast[EMP],
    )
    client_as(EMP).get(
        reverse("conversations:conversation", kwargs={"slug": SLUG, "pk": conversation.pk})
    )
    assert AuditEvent.objects.filter(kind="conversation.viewed", user=cast[EMP]).exists()

    hr = client_as(HR)
    changelist = hr.get(reverse("admin:workplaces_auditevent_changelist"))
    assert changelist.status_code == 200
    assert (
        changelist.context["cl"].result_count
        == AuditEvent.objects.exclude(object_type=audit.KEY_CONVERSATION).count()
    )
    assert hr.get(reverse("admin:workplaces_auditevent_add")).status_code == 403
    event = AuditEvent.objects.first()
    delete_url = reverse("admin:workplaces_auditevent_delete", args=[event.pk])
    assert hr.get(delete_url).status_code == 403
    change_url = reverse("admin:workplaces_auditevent_change", args=[event.pk])
    assert hr.get(change_url).status_code == 200  # read-only view
    assert hr.post(change_url, {"kind": "logout"}).status_code == 403

    superuser = UserFactory(username="it", is_superuser=True, is_staff=True)
    hr.force_login(superuser)
    everything = hr.get(reverse("admin:workplaces_auditevent_changelist"))
    assert everything.context["cl"].result_count == AuditEvent.objects.count()


# Accessibility statement ----------------------------------------------------------------


@pytest.mark.parametrize("persona", [ANON, LEDER])
def test_the_accessibility_statement_is_public_and_linked_from_every_page(client_as, persona):
    client = client_as(persona)
    statement = client.get(reverse("accessibility-statement"))
    assert statement.status_code == 200
    html = statement.content.decode()
    assert "Tilgængelighedserklæring for Stressprogram" in html
    assert "WCAG 2.1" in html
    assert "Digitaliseringsstyrelsen" in html
    page = client.get(reverse("login" if persona == ANON else "home")).content.decode()
    assert f'href="{reverse("accessibility-statement")}"' in page


def test_the_statement_names_the_contact_address_and_phone(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tilgaengelighed@kommune.dk"
    settings.ACCESSIBILITY_CONTACT_PHONE = "+45 33 66 33 66"
    html = client.get(reverse("accessibility-statement")).content.decode()
    assert 'href="mailto:tilgaengelighed@kommune.dk"' in html
    assert '<a href="tel:+4533663366">+45 33 66 33 66</a>' in html
    assert "Kontakt HR i kommunen" not in html


# Behind the municipality's proxy ---------------------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    from django.test import RequestFactory  # noqa: PLC0415

    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No proxy configured as ours: the header is anyone's to write, so it is ignored.
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        # Our proxy: the hop it added is the client.
        ("10.0.0.5", "198.51.100.7", "198.51.100.7"),
        # A client forging a hop to the left gains nothing: the rightmost untrusted hop wins.
        ("10.0.0.5", "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        # Two of our proxies in a row (10.1.0.0/24 is ours too).
        ("10.0.0.5", "198.51.100.7, 10.1.0.20", "198.51.100.7"),
        # Our proxy without the header, or with garbage in it: the proxy's own address.
        ("10.0.0.5", None, "10.0.0.5"),
        ("10.0.0.5", "<script>", "10.0.0.5"),
    ],
)
def test_client_address_believes_forwarded_for_only_from_our_proxies(
    settings, remote, forwarded, expected
):
    from stressprogram.ratelimit import client_address  # noqa: PLC0415

    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.1.0.0/24"]
    assert client_address(_request(remote, forwarded)) == expected


def test_login_lockout_behind_the_proxy_counts_the_client_not_the_proxy(client, cast, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    attacker, colleague = "198.51.100.66", "198.51.100.67"

    def attempt(password: str, address: str):
        return client.post(
            reverse("login"),
            {"username": "leder", "password": password},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("forkert", attacker)
    assert attempt("demo", attacker).status_code == 429
    # Everyone else comes through the same proxy and is not locked out with the attacker.
    assert attempt("demo", colleague).status_code == 302
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN).latest("pk")
    assert event.address == colleague


# Secret links out of the logs (issue #16) ----------------------------------------------


def _free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_and_django_log_drop_links_without_their_secret(cast, tmp_path):
    import os  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import time  # noqa: PLC0415
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415

    from tests.test_permissions import _drop_link  # noqa: PLC0415

    if connection.vendor != "postgresql":
        pytest.skip("gunicorn in its own process reads the test's data from PostgreSQL")
    token = _drop_link()["token"]
    wrong = "gaet" * 11
    port = _free_port()
    access_log = tmp_path / "access.log"
    db = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_VERSION"}
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        DEBUG="1",  # static files from the finders, as without collectstatic
        SECRET_KEY="gunicorn-test-only",
        GUNICORN_CMD_ARGS=f"--bind=127.0.0.1:{port} --workers=1 --access-logfile={access_log}"
        f" --control-socket={tmp_path / 'gunicorn.ctl'}",
    )
    server = subprocess.Popen(  # the project's gunicorn.conf.py, as in the image
        [sys.executable, "-m", "gunicorn", "stressprogram.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz/", timeout=5):  # noqa: S310
                    break
            except (urllib.error.URLError, OSError):  # still booting
                time.sleep(0.1)
        with urllib.request.urlopen(f"{base}/b/{token}/", timeout=10) as page:  # noqa: S310
            assert page.status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/b/{wrong}/", timeout=10)  # noqa: S310
        missing.value.close()
        assert missing.value.code == 404
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    logged = access_log.read_text()
    assert '"GET /b/…/ HTTP/1.1" 200' in logged
    assert '"GET /b/…/ HTTP/1.1" 404' in logged
    # Django's own log (gunicorn's stderr) has the 404, also without the secret.
    assert "Not Found: /b/…/" in errors
    for secret in (token, token[:12], wrong):
        assert secret not in logged
        assert secret not in errors


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '"POST /b/Ab_-12cd/ HTTP/1.1" 302 "https://x/b/Ab_-12cd/"',
            '"POST /b/…/ HTTP/1.1" 302 "https://x/b/…/"',
        ),
        ("Not Found: /k/Kx9_z/", "Not Found: /k/…/"),
        ("/m/ABC234/status/", "/m/…/status/"),
        ("/accounts/reset/MQ/cb4-9f1e/", "/accounts/reset/…/…/"),
        ("/iglo/calendar/7/Zz_0.ics", "/iglo/calendar/7/….ics"),
        ("/workplaces/solhoj/boldmetoden/3/bold/", "/workplaces/solhoj/boldmetoden/3/bold/"),
        ("/m/", "/m/"),
    ],
)
def test_every_secret_link_is_redacted_by_the_one_function(line, expected):
    from stressprogram.redact import redact  # noqa: PLC0415

    assert redact(line) == expected
