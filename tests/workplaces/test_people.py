"""HR runs the organisation in the app: finds a person, gives them a role, moves them,
ends a membership, sets a workplace's kind and reminder hour, sees who holds which role."""

from django.core import mail
from django.urls import reverse

import pytest

from tests.factories import MembershipFactory, UserFactory, WorkplaceFactory
from tests.helpers import queries_at_two_sizes
from workplaces.models import Change, Membership, MembershipChange, Workplace

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
Role = Membership.Role


def _person_url(user) -> str:
    return reverse("workplaces:person", kwargs={"pk": user.pk})


def test_hr_finds_a_person_by_any_part_of_name_or_email(client_as, cast, solhoj):
    cast["medarbejder"].first_name, cast["medarbejder"].last_name = "Åse", "Ågård Nielsen"
    cast["medarbejder"].save()
    client = client_as("hr")
    # Words in any order and any case; SQLite (embedded mode) folds the case of a-z only.
    html = client.get(reverse("workplaces:people"), {"q": "nielsen Ågård"}).content.decode()
    assert "Åse Ågård Nielsen" in html
    assert "Plejecenter Solhøj: Medarbejder" in html
    assert (
        "Ingen personer matcher."
        in client.get(reverse("workplaces:people"), {"q": "ingen-sådan"}).content.decode()
    )


def test_the_people_search_costs_the_same_queries_at_any_size(client_as):
    client = client_as("hr")

    def grow(n):
        for _ in range(n):
            user = UserFactory()
            MembershipFactory(workplace=WorkplaceFactory(), user=user)
            MembershipFactory(workplace=WorkplaceFactory(), user=user)

    small, large = queries_at_two_sizes(
        lambda: client.get(reverse("workplaces:people")), grow, small=2, large=30
    )
    assert small == large <= 8


def test_hr_gives_a_person_a_role_in_another_workplace(
    client_as, cast, other_workplace, django_capture_on_commit_callbacks
):
    client = client_as("hr")
    person = cast["medarbejder"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _person_url(person),
            {"action": "add", "add-workplace": other_workplace.pk, "add-role": Role.TR},
            follow=True,
        )
    assert "er tilføjet til Hjemmeplejen Nord som Tillidsrepræsentant (TR)." in (
        response.content.decode()
    )
    assert Membership.objects.get(user=person, workplace=other_workplace).role == Role.TR
    change = MembershipChange.objects.get(workplace=other_workplace, person=person)
    assert (change.kind, change.by) == (MembershipChange.Kind.ADDED, cast["hr"])
    assert [message.to for message in mail.outbox] == [[person.email]]


def test_hr_moves_a_person_with_the_same_role(client_as, cast, solhoj, other_workplace):
    client = client_as("hr")
    person = cast["amir"]
    old = Membership.objects.get(user=person, workplace=solhoj)
    html = client.post(
        _person_url(person),
        {"action": "move", "move-membership": old.pk, "move-to": other_workplace.pk},
        follow=True,
    ).content.decode()
    assert "er flyttet fra Plejecenter Solhøj til Hjemmeplejen Nord" in html
    assert not Membership.objects.filter(user=person, workplace=solhoj).exists()
    assert Membership.objects.get(user=person, workplace=other_workplace).role == Role.AMIR
    kinds = {(c.workplace_id, c.kind) for c in MembershipChange.objects.filter(person=person)}
    assert kinds == {
        (solhoj.pk, MembershipChange.Kind.REMOVED),
        (other_workplace.pk, MembershipChange.Kind.ADDED),
    }
    assert "Hjemmeplejen Nord – tilføjet" in html  # the person's history


def test_moving_the_only_manager_is_refused_and_nothing_half_done(
    client_as, cast, solhoj, other_workplace
):
    client = client_as("hr")
    leder = cast["leder"]
    membership = Membership.objects.get(user=leder, workplace=solhoj)
    response = client.post(
        _person_url(leder),
        {"action": "move", "move-membership": membership.pk, "move-to": other_workplace.pk},
    )
    assert response.status_code == 200
    assert "leder" in response.content.decode().lower()
    assert Membership.objects.filter(user=leder, workplace=solhoj).exists()
    assert not Membership.objects.filter(user=leder, workplace=other_workplace).exists()
    assert not MembershipChange.objects.filter(person=leder).exists()


def test_hr_ends_a_membership(client_as, cast, solhoj):
    person = cast["tr"]
    membership = Membership.objects.get(user=person, workplace=solhoj)
    html = (
        client_as("hr")
        .post(_person_url(person), {"action": "end", "membership": membership.pk}, follow=True)
        .content.decode()
    )
    assert "er fjernet fra Plejecenter Solhøj" in html
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "Personen er ikke medlem af nogen arbejdsplads." in html


def test_hr_adds_members_from_the_workplace_page_too(client_as, solhoj):
    client = client_as("hr")
    members = client.get(reverse("workplaces:member-list", kwargs={"slug": SLUG}))
    assert "Tilføj medlem" in members.content.decode()
    response = client.post(
        reverse("workplaces:member-add", kwargs={"slug": SLUG}),
        {"first_name": "Ny", "last_name": "Kollega", "email": "ny@kommune.dk", "role": "employee"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(workplace=solhoj, user__email="ny@kommune.dk").exists()


@pytest.mark.parametrize("persona", ["hr", "leder"])
def test_hr_and_the_manager_set_kind_and_reminder_hour(client_as, cast, solhoj, persona):
    client = client_as(persona)
    url = reverse("workplaces:workplace-settings", kwargs={"slug": SLUG})
    html = client.post(url, {"kind": "mobile", "reminder_hour": "15"}, follow=True)
    assert "Indstillingerne er gemt." in html.content.decode()
    solhoj.refresh_from_db()
    assert (solhoj.kind, solhoj.reminder_hour) == (Workplace.Kind.MOBILE, 15)
    history = {(c.field, c.before, c.after, c.by) for c in Change.objects.filter(workplace=solhoj)}
    assert ("Klokkeslæt for påmindelser", "14.00", "15.00", cast[persona]) in history
    assert ("Type", "Fast arbejdssted", "Udekørende", cast[persona]) in history


def test_a_bad_reminder_hour_is_refused_in_danish(client_as, solhoj):
    url = reverse("workplaces:workplace-settings", kwargs={"slug": SLUG})
    response = client_as("hr").post(url, {"kind": "mobile", "reminder_hour": "25"})
    assert response.status_code == 200
    assert "Vælg en hel time fra 00.00 til 23.00." in response.content.decode()
    solhoj.refresh_from_db()
    assert (solhoj.kind, solhoj.reminder_hour) == (Workplace.Kind.STATIONARY, 14)


def test_hr_sees_who_is_manager_amir_and_tr_where(client_as, cast):
    html = client_as("hr").get(reverse("workplaces:workplace-list")).content.decode()
    for persona in ("leder", "amir", "tr", "outsider"):
        assert f'href="{_person_url(cast[persona])}"' in html
    assert f'href="{_person_url(cast["medarbejder"])}"' not in html
