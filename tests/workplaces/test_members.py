import re

from django.core import mail
from django.urls import reverse

import pytest

from tests.factories import MembershipFactory, UserFactory
from tests.helpers import queries_at_two_sizes
from workplaces.models import Membership, MembershipChange, User

pytestmark = pytest.mark.django_db

Role = Membership.Role


def _add_url(workplace):
    return reverse("workplaces:member-add", kwargs={"slug": workplace.slug})


def _form(**overrides):
    return {
        "first_name": "Åse",
        "last_name": "Ørsted",
        "email": "aase.oersted@example.dk",
        "role": Role.EMPLOYEE,
        **overrides,
    }


def test_manager_adds_new_person_who_gets_danish_invitation(
    client_as, solhoj, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("leder").post(_add_url(solhoj), _form(), follow=True)

    assert "Åse Ørsted er tilføjet som Medarbejder." in response.content.decode()
    user = User.objects.get(email="aase.oersted@example.dk")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, workplace=solhoj).notified_at is not None
    change = MembershipChange.objects.get(person=user)
    assert (change.kind, change.by.username) == ("added", "leder")

    [message] = mail.outbox
    assert message.to == ["aase.oersted@example.dk"]
    assert message.subject == "Du er tilføjet til Plejecenter Solhøj i Stressprogram"
    assert "Du får denne mail, fordi" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    link = re.search(r"http://\S+/accounts/reset/\S+/", message.body).group(0)
    set_password = client_as("anonymous").get(link.split("8000", 1)[1], follow=True)
    assert "Vælg adgangskode" in set_password.content.decode()
    assert set_password.context["validlink"]


def test_existing_person_is_found_by_email_in_any_case(
    client_as, cast, solhoj, django_capture_on_commit_callbacks
):
    outsider = cast["outsider"]
    with django_capture_on_commit_callbacks(execute=True):
        client_as("leder").post(_add_url(solhoj), _form(email=outsider.email.upper()))

    assert Membership.objects.filter(user=outsider, workplace=solhoj).exists()
    assert User.objects.filter(email__iexact=outsider.email).count() == 1
    assert "Vælg din adgangskode" not in mail.outbox[0].body


def test_adding_a_member_twice_is_refused_in_danish_and_saves_nothing(client_as, cast, solhoj):
    before = MembershipChange.objects.count()
    email = cast["medarbejder"].email
    response = client_as("leder").post(_add_url(solhoj), _form(email=email))

    assert response.status_code == 200
    assert "er allerede medlem af Plejecenter Solhøj" in response.content.decode()
    assert MembershipChange.objects.count() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "ikke-en-adresse", "Indtast en gyldig e-mail-adresse."),
        ("first_name", "", "Dette felt er påkrævet."),
        ("role", "boss", "Marker en gyldig valgmulighed."),
        ("last_name", "x" * 151, "Denne værdi må højst have 150 tegn"),
    ],
)
def test_bad_input_gets_a_danish_message_and_nothing_saved(
    client_as, solhoj, field, value, message
):
    users_before = User.objects.count()
    response = client_as("leder").post(_add_url(solhoj), _form(**{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == users_before


def test_last_manager_cannot_step_down(client_as, cast, solhoj):
    membership = Membership.objects.get(user=cast["leder"])
    url = reverse("workplaces:member-edit", kwargs={"slug": solhoj.slug, "pk": membership.pk})
    response = client_as("leder").post(url, {"role": Role.EMPLOYEE})

    assert "skal have mindst én personaleleder" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_manager_changes_a_role_and_it_is_recorded(client_as, cast, solhoj):
    membership = Membership.objects.get(user=cast["medarbejder"])
    url = reverse("workplaces:member-edit", kwargs={"slug": solhoj.slug, "pk": membership.pk})
    response = client_as("leder").post(url, {"role": Role.TR}, follow=True)

    assert "er nu Tillidsrepræsentant (TR)" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.TR
    assert MembershipChange.objects.filter(kind="role_changed", person=cast["medarbejder"]).exists()


def test_manager_removes_a_member_who_loses_access(client_as, cast, solhoj):
    membership = Membership.objects.get(user=cast["medarbejder"])
    url = reverse("workplaces:member-remove", kwargs={"slug": solhoj.slug, "pk": membership.pk})
    response = client_as("leder").post(url, follow=True)

    assert "er fjernet fra Plejecenter Solhøj" in response.content.decode()
    assert client_as("medarbejder").get(solhoj.get_absolute_url()).status_code == 404


def test_last_manager_cannot_be_removed_but_a_second_one_can(client_as, cast, solhoj):
    membership = Membership.objects.get(user=cast["leder"])
    url = reverse("workplaces:member-remove", kwargs={"slug": solhoj.slug, "pk": membership.pk})
    response = client_as("leder").post(url, follow=True)
    assert "skal have mindst én personaleleder" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()

    MembershipFactory(workplace=solhoj, manager=True)
    client_as("leder").post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_manager_cannot_touch_another_workplaces_membership(client_as, cast, solhoj):
    foreign = Membership.objects.get(user=cast["outsider"])
    url = reverse("workplaces:member-edit", kwargs={"slug": solhoj.slug, "pk": foreign.pk})
    assert client_as("leder").get(url).status_code == 404
    remove = reverse("workplaces:member-remove", kwargs={"slug": solhoj.slug, "pk": foreign.pk})
    assert client_as("leder").post(remove).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_employees_see_names_and_roles_but_not_emails(client_as, cast, solhoj):
    response = client_as("medarbejder").get(
        reverse("workplaces:member-list", kwargs={"slug": solhoj.slug})
    )
    html = response.content.decode()
    assert cast["leder"].display_name in html
    assert cast["leder"].email not in html
    assert "Tilføj medlem" not in html


def test_member_list_query_count_is_constant(client_as, solhoj):
    client = client_as("leder")
    url = reverse("workplaces:member-list", kwargs={"slug": solhoj.slug})

    def grow(n):
        for _ in range(n):
            MembershipFactory(workplace=solhoj, user=UserFactory())

    small, large = queries_at_two_sizes(lambda: client.get(url), grow, small=3, large=30)
    assert small == large <= 8
