"""Sign-in through the municipality's identity provider, end to end against a real
OpenID Connect provider on loopback (tests/oidc_provider.py)."""

from django.urls import reverse

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.oidc_provider import Provider

pytestmark = pytest.mark.django_db

BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "workplaces.oidc.MunicipalOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
    "workplaces.access.HRAdminBackend",
]


@pytest.fixture
def provider(settings):
    with Provider(client_id="stressprogram", client_secret="s3cret-" * 4) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        settings.OIDC_ENABLED = True
        settings.AUTHENTICATION_BACKENDS = BACKENDS
        yield running


def sign_in(client, provider: Provider, claims: dict, *, next_url: str = ""):
    """The browser's part of the flow: to the provider and back with a code."""
    provider.claims = claims
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(provider.base + "/authorize?")
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = back.headers["Location"].removeprefix("http://testserver")
    return client.get(callback)


def test_a_known_person_signs_in_by_email_and_keeps_their_roles(client, provider, cast):
    response = sign_in(client, provider, {"email": cast["leder"].email.upper()})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == cast["leder"].pk
    # Roles still come from the memberships: the manager's workplace page opens.
    home = client.get(reverse("home"))
    assert cast["leder"].display_name in home.content.decode()


def test_employee_number_matches_when_the_provider_gives_no_email(client, provider, cast, settings):
    person = cast["medarbejder"]
    person.employee_number = "E-4711"
    person.save(update_fields=["employee_number"])
    sign_in(client, provider, {settings.OIDC_EMPLOYEE_NUMBER_CLAIM: "E-4711"})
    assert int(client.session["_auth_user_id"]) == person.pk


def test_the_next_page_is_kept(client, provider, cast):
    response = sign_in(client, provider, {"email": cast["tr"].email}, next_url="/oversight/")
    assert response["Location"] == "/oversight/"


@pytest.mark.parametrize(
    "case",
    ["unknown person", "inactive person", "other audience", "other issuer", "forged signature"],
)
def test_no_sign_in_without_a_valid_token_for_a_known_active_person(client, provider, cast, case):
    claims = {"email": cast["leder"].email}
    if case == "unknown person":
        claims = {"email": "ukendt@example.org"}
    elif case == "inactive person":
        cast["leder"].is_active = False
        cast["leder"].save(update_fields=["is_active"])
    elif case == "other audience":
        provider.token_overrides = {"aud": "another-app"}
    elif case == "other issuer":
        provider.token_overrides = {"iss": "https://evil.example/"}
    elif case == "forged signature":
        provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = sign_in(client, provider, claims)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?oidc=failed"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Du kunne ikke logges ind med kommunens login" in page.content.decode()


def test_the_login_page_offers_the_municipal_login_only_when_configured(client, settings):
    settings.OIDC_ENABLED = False
    assert "kommunens login" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    settings.OIDC_ENABLED = True
    assert "Log ind med kommunens login" in client.get(reverse("login")).content.decode()
