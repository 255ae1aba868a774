from django.urls import reverse

import pytest

from tests.factories import AreaFactory
from workplaces.models import User, Workplace

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
