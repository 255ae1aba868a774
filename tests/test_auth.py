import re

from django.core import mail
from django.urls import reverse

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_with_the_form_reaches_my_workplaces(client, cast):
    response = _login(client, "leder", "demo")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Plejecenter Solhøj" in client.get(reverse("home")).content.decode()


def test_wrong_password_gets_a_danish_error(client, cast):
    response = _login(client, "leder", "forkert")
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()


def test_five_failures_lock_the_login_for_fifteen_minutes(client, cast):
    for _ in range(5):
        _login(client, "leder", "forkert")
    response = _login(client, "leder", "demo")
    assert response.status_code == 429
    assert "For mange forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(client, cast):
    for _ in range(5):
        _login(client, "leder", "forkert")
    assert _login(client, "amir", "demo").status_code == 302


def test_logout_needs_post_and_ends_the_session(client, cast):
    client.force_login(cast["leder"])
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_no_self_registration():
    assert not any("register" in p or "signup" in p for p in _all_paths())


def _all_paths():
    from django.urls import get_resolver  # noqa: PLC0415

    return [str(p.pattern) for p in get_resolver().url_patterns]


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_password_reset_by_danish_email(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "LEDER@example.dk"})
    assert response["Location"] == reverse("password_reset_done")

    [message] = mail.outbox
    assert message.to == ["leder@example.dk"]
    assert message.subject == "Ny adgangskode til Stressprogram"
    assert "Dit brugernavn er leder." in message.body
    assert "Du får denne mail, fordi" in message.body
    assert message.alternatives[0].mimetype == "text/html"

    form_page = client.get(_reset_link(message), follow=True)
    new = "Rødgrød med fløde 2026"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_reset_complete")
    client.logout()
    assert _login(client, "leder", new).status_code == 302


def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.dk"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_invited_person_without_password_can_ask_for_a_link(
    client, django_capture_on_commit_callbacks
):
    invited = UserFactory(username="invited")
    invited.set_unusable_password()
    invited.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": invited.email})
    assert len(mail.outbox) == 1


def test_a_used_reset_link_is_refused_in_danish(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "leder@example.dk"})
    link = _reset_link(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Rødgrød 2026!", "new_password2": "Rødgrød 2026!"})
    client.logout()
    response = client.get(link, follow=True)
    assert "Linket er udløbet eller allerede brugt" in response.content.decode()
