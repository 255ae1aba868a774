from django.http import Http404

import pytest

from tests.factories import (
    LocalCommitteeFactory,
    UserFactory,
    WorkEnvironmentGroupFactory,
    WorkplaceFactory,
)
from workplaces.access import (
    ACTIONS,
    COMMITTEE,
    HRAdminBackend,
    can,
    get_workplace_for,
    workplaces_visible_to,
)
from workplaces.models import Membership

pytestmark = pytest.mark.django_db


def _membership(user, workplace):
    return Membership.objects.filter(user=user, workplace=workplace).first()


@pytest.mark.parametrize(
    ("persona", "action", "allowed"),
    [
        ("medarbejder", "workplace.view", True),
        ("medarbejder", "members.manage", False),
        ("amir", "members.manage", False),
        ("tr", "members.view", True),
        ("leder", "members.manage", True),
        ("hr", "workplace.view", True),
        ("hr", "members.manage", True),  # HR runs the organisation (issue 22)
        ("outsider", "workplace.view", False),
    ],
)
def test_role_table_decides(cast, solhoj, persona, action, allowed):
    user = cast[persona]
    assert can(user, action, solhoj, _membership(user, solhoj)) is allowed


def test_a_role_in_one_workplace_gives_nothing_in_another(cast, solhoj, other_workplace):
    leder = cast["leder"]
    membership = _membership(leder, solhoj)
    assert not can(leder, "workplace.view", other_workplace, membership)


def test_unknown_action_is_a_programming_error(cast, solhoj):
    with pytest.raises(KeyError, match="Unknown action"):
        can(cast["leder"], "nonsense.do", solhoj, None)


def test_every_action_names_known_roles():
    for roles in ACTIONS.values():
        assert roles <= {*Membership.Role.values, COMMITTEE}


def test_outsider_gets_404_not_403(cast, solhoj):
    with pytest.raises(Http404):
        get_workplace_for(cast["outsider"], solhoj.slug)


def test_member_gets_workplace_and_membership(cast, solhoj):
    access = get_workplace_for(cast["amir"], solhoj.slug)
    assert access.workplace == solhoj
    assert access.role == Membership.Role.AMIR
    assert "members.manage" not in access.allowed


def test_hr_gets_workplace_without_membership(cast, solhoj):
    access = get_workplace_for(cast["hr"], solhoj.slug)
    assert (access.workplace, access.membership, access.in_committee) == (solhoj, None, False)


def test_inactive_hr_sees_nothing(cast, solhoj):
    hr = cast["hr"]
    hr.is_active = False
    hr.save()
    with pytest.raises(Http404):
        get_workplace_for(hr, solhoj.slug)


def test_visible_workplaces(cast, solhoj, other_workplace):
    WorkplaceFactory(slug="third")
    assert list(workplaces_visible_to(cast["medarbejder"])) == [solhoj]
    assert list(workplaces_visible_to(cast["outsider"])) == [other_workplace]
    assert workplaces_visible_to(cast["hr"]).count() == 3


def test_hr_admin_may_manage_organisation_models_only(cast):
    backend = HRAdminBackend()
    assert backend.has_perm(cast["hr"], "workplaces.change_workplace")
    assert backend.has_module_perms(cast["hr"], "workplaces")
    assert not backend.has_perm(cast["hr"], "auth.change_group")
    assert not backend.has_perm(cast["leder"], "workplaces.change_workplace")
    assert not backend.has_perm(UserFactory(username="plain"), "workplaces.view_workplace")


def test_committee_member_from_another_workplace_sees_the_covered_workplace(
    cast, solhoj, other_workplace
):
    committee = LocalCommitteeFactory(name="LokalMED Ældreområdet")
    committee.workplaces.add(solhoj)
    committee.members.add(cast["outsider"])
    access = get_workplace_for(cast["outsider"], solhoj.slug)
    assert access.in_committee
    assert access.membership is None
    assert "workplace.view" in access.allowed
    assert "members.manage" not in access.allowed
    assert solhoj in workplaces_visible_to(cast["outsider"])


def test_committee_of_another_workplace_gives_nothing(cast, solhoj, other_workplace):
    group = WorkEnvironmentGroupFactory(name="AMG Nord")
    group.workplaces.add(other_workplace)
    group.members.add(cast["leder"])
    assert not get_workplace_for(cast["leder"], solhoj.slug).in_committee
