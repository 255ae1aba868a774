from django.urls import reverse

import pytest

from tests.factories import MembershipFactory, UserFactory, WorkplaceFactory
from tests.helpers import queries_at_two_sizes

pytestmark = pytest.mark.django_db

TITLES = [
    "Viden om stress",
    "Lokale retningslinjer",
    "Prioriteringsplan",
    "Nøglesamtalen",
    "Boldmetoden",
    "Dialogmetoden",
    "IGLO-handleplan",
]


def _home(client, workplace):
    return client.get(reverse("workplace-home", kwargs={"slug": workplace.slug}))


def test_home_lists_my_workplaces_with_role(client_as):
    html = client_as("amir").get(reverse("home")).content.decode()
    assert "Plejecenter Solhøj" in html
    assert "Arbejdsmiljørepræsentant (AMiR)" in html
    assert "Hjemmeplejen Nord" not in html


def test_person_in_two_workplaces_with_two_roles(client, solhoj, other_workplace):
    person = UserFactory(username="dobbelt")
    MembershipFactory(user=person, workplace=solhoj)
    MembershipFactory(user=person, workplace=other_workplace, manager=True)
    client.force_login(person)
    html = client.get(reverse("home")).content.decode()
    assert "Plejecenter Solhøj" in html
    assert "Hjemmeplejen Nord" in html
    assert _home(client, solhoj).context["request"].access.role == "employee"
    assert "members.manage" in _home(client, other_workplace).context["request"].access.allowed


def test_workplace_home_shows_the_seven_steps_and_who_to_ask(client_as, cast, solhoj):
    html = _home(client_as("medarbejder"), solhoj).content.decode()
    for title in TITLES:
        assert title in html
    assert cast["leder"].display_name in html
    assert "Personaleleder" in html


@pytest.mark.parametrize(
    ("mobile", "recommended", "other"),
    [(False, "Boldmetoden", "Dialogmetoden"), (True, "Dialogmetoden", "Boldmetoden")],
)
def test_kind_decides_which_risk_mapping_is_recommended(client, mobile, recommended, other):
    workplace = WorkplaceFactory(mobile=mobile)
    manager = UserFactory()
    MembershipFactory(user=manager, workplace=workplace, manager=True)
    client.force_login(manager)
    steps = {
        item.step.title: item.recommended for item in _home(client, workplace).context["steps"]
    }
    assert steps[recommended] is True
    assert steps[other] is False


def test_workplace_home_query_count_is_constant(client_as, solhoj):
    client = client_as("leder")

    def grow(n):
        for _ in range(n):
            MembershipFactory(workplace=solhoj, user=UserFactory())

    small, large = queries_at_two_sizes(lambda: _home(client, solhoj), grow, small=2, large=40)
    # Bilag 1–3 and 7 read in one query (`standing_of`), the ball round and the dialogue
    # meeting in one each.
    assert small == large <= 10


def test_hr_workplace_list_query_count_is_constant(client_as):
    client = client_as("hr")

    def grow(n):
        for _ in range(n):
            MembershipFactory(workplace=WorkplaceFactory(), user=UserFactory())

    small, large = queries_at_two_sizes(
        lambda: client.get(reverse("workplaces:workplace-list")), grow, small=2, large=40
    )
    assert small == large <= 8


def test_hr_list_filters_by_text_area_and_kind(client_as, solhoj, other_workplace):
    client = client_as("hr")
    url = reverse("workplaces:workplace-list")
    assert [w.name for w in client.get(url, {"q": "solhøj"}).context["page"]] == [solhoj.name]
    by_kind = client.get(url, {"kind": "mobile"}).context["page"]
    assert [w.name for w in by_kind] == [other_workplace.name]
    assert client.get(url, {"area": "999999"}).context["page"].paginator.count == 0
    assert client.get(url, {"area": "not-a-number", "kind": "x"}).status_code == 200


def test_hr_list_pages_keep_the_filters(client_as):
    for _ in range(55):
        WorkplaceFactory(mobile=True)
    html = client_as("hr").get(reverse("workplaces:workplace-list"), {"kind": "mobile"})
    assert 'href="?kind=mobile&amp;page=2"' in html.content.decode()
