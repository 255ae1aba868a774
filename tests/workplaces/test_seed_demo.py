from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from workplaces.access import workplaces_visible_to
from workplaces.models import LocalCommittee, Membership, User, WorkEnvironmentGroup, Workplace

pytestmark = pytest.mark.django_db


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    users = User.objects.count()
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo")
    assert User.objects.count() == users


@pytest.fixture
def demo(demo_module, settings):
    settings.DEBUG = True  # as seed_demo wants, for the tests that run it again


def test_builds_demo_kommune(demo):
    assert Workplace.objects.count() >= 6
    kinds = set(Workplace.objects.values_list("kind", flat=True))
    assert kinds == {Workplace.Kind.STATIONARY, Workplace.Kind.MOBILE}
    assert LocalCommittee.objects.filter(workplaces__slug="plejecenter-solhoj").exists()
    assert WorkEnvironmentGroup.objects.filter(workplaces__slug="hjemmeplejen-nord").exists()
    usernames = set(User.objects.values_list("username", flat=True))
    expected = {"hr", "leder", "amir", "tr", "leder2", "amir2"}
    expected |= {f"medarbejder{i}" for i in [*range(1, 13), *range(21, 33)]}
    assert expected <= usernames


def test_running_it_again_changes_nothing(demo):
    counts = (User.objects.count(), Membership.objects.count(), Workplace.objects.count())
    call_command("seed_demo")
    assert counts == (User.objects.count(), Membership.objects.count(), Workplace.objects.count())


def test_if_empty_leaves_existing_data_alone(demo, capsys):
    call_command("seed_demo", "--if-empty")
    assert "springes over" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("username", "workplaces", "role"),
    [
        ("leder", {"plejecenter-solhoj"}, "manager"),
        ("amir", {"plejecenter-solhoj"}, "amir"),
        ("tr", {"plejecenter-solhoj"}, "tr"),
        ("medarbejder1", {"plejecenter-solhoj"}, "employee"),
        ("medarbejder12", {"plejecenter-solhoj"}, "employee"),
        # They sit on the LokalMED and AMG that also cover Hjemmeplejen Syd.
        ("leder2", {"hjemmeplejen-nord", "hjemmeplejen-syd"}, "manager"),
        ("amir2", {"hjemmeplejen-nord", "hjemmeplejen-syd"}, "amir"),
        ("medarbejder21", {"hjemmeplejen-nord"}, "employee"),
        ("medarbejder32", {"hjemmeplejen-nord"}, "employee"),
    ],
)
def test_each_demo_login_sees_exactly_its_workplaces(demo, client, username, workplaces, role):
    user = User.objects.get(username=username)
    assert user.check_password("demo")
    assert set(workplaces_visible_to(user).values_list("slug", flat=True)) == workplaces
    assert set(user.memberships.values_list("role", flat=True)) == {role}
    client.force_login(user)
    other = "hjemmeplejen-nord" if "plejecenter-solhoj" in workplaces else "plejecenter-solhoj"
    assert client.get(reverse("workplace-home", kwargs={"slug": other})).status_code == 404


def test_hr_sees_every_workplace(demo, client):
    hr = User.objects.get(username="hr")
    assert hr.is_hr_admin
    client.force_login(hr)
    html = client.get(reverse("workplaces:workplace-list")).content.decode()
    for workplace in Workplace.objects.all():
        assert workplace.name in html
