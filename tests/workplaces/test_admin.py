from django.urls import reverse

import pytest

from tests.factories import AreaFactory, UserFactory
from workplaces.models import AuditEvent, User, Workplace

pytestmark = pytest.mark.django_db


def test_hr_manages_workplaces_in_danish_admin(client_as):
    client = client_as("hr")
    changelist = client.get(reverse("admin:workplaces_workplace_changelist"))
    assert changelist.status_code == 200
    assert "Vælg arbejdsplads, der skal ændres" in changelist.content.decode()

    area = AreaFactory(name="Børn og Unge")
    response = client.post(
        reverse("admin:workplaces_workplace_add"),
        {
            "name": "Børnehuset Ærtebjerg",
            "slug": "boernehuset-aertebjerg",
            "area": area.pk,
            "kind": "stationary",
            "reminder_hour": "9",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Workplace.objects.get(slug="boernehuset-aertebjerg").area == area


def test_hr_gets_a_danish_error_for_a_bad_reminder_hour(client_as):
    response = client_as("hr").post(
        reverse("admin:workplaces_workplace_add"),
        {
            "name": "X",
            "slug": "x",
            "area": AreaFactory().pk,
            "kind": "stationary",
            "reminder_hour": "24",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Denne værdi skal være mindre end eller lig 23." in response.content.decode()
    assert not Workplace.objects.filter(slug="x").exists()


def test_hr_does_not_hand_out_superuser_rights(client_as, cast):
    url = reverse("admin:workplaces_user_change", args=[cast["medarbejder"].pk])
    html = client_as("hr").get(url).content.decode()
    assert 'name="is_hr_admin"' in html
    assert 'name="is_superuser"' not in html
    assert 'name="is_staff"' not in html


def test_managers_are_not_let_into_the_admin(client_as):
    response = client_as("leder").get(reverse("admin:workplaces_workplace_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Nobody obtains another person's credentials (issue #16) ------------------------------


def _password_url(person) -> str:
    return reverse("admin:auth_user_password_change", args=[person.pk])


def test_hr_cannot_set_another_persons_password(client_as, cast):
    leder = cast["leder"]
    before = User.objects.get(pk=leder.pk).password
    client = client_as("hr")
    url = _password_url(leder)
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Overtaget-2026!", "password2": "Overtaget-2026!"})
    assert response.status_code == 403
    assert User.objects.get(pk=leder.pk).password == before
    assert AuditEvent.objects.filter(
        kind="forbidden", user=cast["hr"], object_type="workplaces.user", object_id=str(leder.pk)
    ).exists()
    # Nor is the password offered on the person's page.
    page = client.get(reverse("admin:workplaces_user_change", args=[leder.pk])).content.decode()
    assert "password/" not in page


def test_hr_cannot_edit_a_superuser(client_as, cast):
    root = UserFactory(username="it", is_superuser=True, is_staff=True, email="it@example.dk")
    client = client_as("hr")
    url = reverse("admin:workplaces_user_change", args=[root.pk])
    response = client.post(url, {"username": "it", "email": "hr@example.dk", "is_hr_admin": "on"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert (root.email, root.is_hr_admin) == ("it@example.dk", False)
    assert client.post(_password_url(root), {"password1": "x", "password2": "x"}).status_code == 403
    delete = reverse("admin:workplaces_user_delete", args=[root.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=root.pk).exists()


def test_hr_sends_a_reset_link_to_the_persons_own_address(
    client_as, cast, mailoutbox, django_capture_on_commit_callbacks
):
    leder = cast["leder"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("hr").post(
            reverse("admin:workplaces_user_changelist"),
            {"action": "send_password_reset_link", "_selected_action": [leder.pk]},
        )
    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [[leder.email]]
    assert "/accounts/reset/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(
        kind="password.reset_sent", user=cast["hr"], object_id=str(leder.pk)
    ).exists()
    page = client_as("hr").get(reverse("admin:workplaces_user_changelist")).content.decode()
    assert "Send et link til nulstilling af adgangskode til personens egen e-mail" in page


def test_a_superuser_sets_a_password_audited_mailed_and_told_at_next_login(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    root = UserFactory(username="it", is_superuser=True, is_staff=True)
    client.force_login(root)
    leder = cast["leder"]
    new = "Midlertidig-2026!"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_password_url(leder), {"password1": new, "password2": new})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        kind="password.set", user=root, object_type="workplaces.user", object_id=str(leder.pk)
    ).exists()
    assert [mail.to for mail in mailoutbox] == [[leder.email]]
    assert "har netop sat en ny adgangskode" in mailoutbox[0].body

    client.logout()
    response = client.post(reverse("login"), {"username": "leder", "password": new}, follow=True)
    assert "Din adgangskode blev ændret af en administrator den" in response.content.decode()
    # Told once.
    client.logout()
    again = client.post(reverse("login"), {"username": "leder", "password": new}, follow=True)
    assert "blev ændret af en administrator" not in again.content.decode()


def test_a_person_hr_adds_has_no_password_hr_knows(client_as):
    response = client_as("hr").post(
        reverse("admin:workplaces_user_add"),
        {
            "username": "ny",
            "usable_password": "true",
            "password1": "HR-kender-den-2026!",
            "password2": "HR-kender-den-2026!",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not User.objects.get(username="ny").has_usable_password()


def test_hr_sees_the_admin_in_their_words_without_technical_fields(client_as, cast, solhoj):
    """Issue 22: no password hash, no words about single sign-on or LDAP, no editable login
    times, no "workplaces.workplace", no "Efter kind", no "Tilføj endnu en Medlemskab"."""
    client = client_as("hr")
    person = client.get(reverse("admin:workplaces_user_change", args=[cast["medarbejder"].pk]))
    html = person.content.decode()
    assert "pbkdf2" not in html
    assert "LDAP" not in html
    assert 'name="last_login' not in html
    assert 'name="date_joined' not in html
    add = client.get(reverse("admin:workplaces_user_add")).content.decode()
    assert "LDAP" not in add
    assert 'name="password1"' not in add
    assert 'name="email"' in add

    AuditEvent.objects.create(
        kind=AuditEvent.Kind.FORBIDDEN, object_type="workplaces.workplace", object_id=solhoj.slug
    )
    log = client.get(reverse("admin:workplaces_auditevent_changelist")).content.decode()
    assert "workplaces.workplace" not in log
    assert "arbejdsplads" in log
    changes = client.get(reverse("admin:workplaces_membershipchange_changelist"))
    assert "Efter kind" not in changes.content.decode()
    assert "Efter ændring" in changes.content.decode()
    workplace = client.get(reverse("admin:workplaces_workplace_change", args=[solhoj.pk]))
    assert "Medlemskab" not in workplace.content.decode()
    assert "endnu en Person" in workplace.content.decode()  # "Tilføj …", JSON-escaped


def test_a_person_hr_adds_in_the_admin_gets_a_name_and_no_password(client_as):
    response = client_as("hr").post(
        reverse("admin:workplaces_user_add"),
        {"username": "ny2", "first_name": "Ny", "last_name": "Kollega", "email": "ny2@x.dk"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(username="ny2")
    assert (person.get_full_name(), person.has_usable_password()) == ("Ny Kollega", False)


def test_a_person_is_removed_not_deleted_in_the_admin(client_as, cast):
    person = cast["medarbejder"]
    client = client_as("hr")
    html = client.get(reverse("admin:workplaces_user_change", args=[person.pk])).content.decode()
    assert "Fjern (personen er stoppet)" in html
    delete = reverse("admin:workplaces_user_delete", args=[person.pk])
    assert delete not in html
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:workplaces_user_changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert User.objects.filter(pk=person.pk).exists()
