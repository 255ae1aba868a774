"""An approval names the version it approved; a change after it shows, and asks again."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from iglo import services
from iglo.models import IgloAction, IgloPlan, Level
from tests.factories import WorkEnvironmentGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(active_plan: IgloPlan, cast, solhoj) -> IgloPlan:
    group = WorkEnvironmentGroupFactory(name="AMG Solhøj")
    group.workplaces.add(solhoj)
    group.members.add(cast["amir"])
    return services.approve_plan(active_plan, by=cast["amir"])


def _group_action(plan: IgloPlan) -> IgloAction:
    return plan.actions.get(level=Level.GROUP)


def _edit(action: IgloAction, by, **changes) -> IgloAction:
    fields = {n: getattr(action, n) for n in services.ACTION_FIELDS}
    return services.save_action(
        action, by=by, expected_version=action.version, **{**fields, **changes}
    )


def test_approval_names_the_version_and_keeps_what_it_approved(approved):
    assert approved.approved_version == approved.content_version
    assert not approved.changed_after_approval
    assert approved.approved_content["plan.title"] == ["Risikofaktor", "Travlhed i aftenvagten"]
    assert services.changes_since_approval(approved, list(approved.actions.all())) == []


def test_changing_an_action_after_approval_shows_what_changed(approved, cast):
    _edit(_group_action(approved), cast["tr"], text="Faste pauser kl. 10 og 14")
    approved.refresh_from_db()
    assert approved.changed_after_approval
    assert approved.content_version == approved.approved_version + 1
    changes = services.changes_since_approval(approved, list(approved.actions.all()))
    assert len(changes) == 1
    what, before, after = changes[0]
    assert what == "Handling (Gruppe)"
    assert before.startswith("Handling på gruppesniveau – æøå")
    assert after.startswith("Faste pauser kl. 10 og 14")


def test_progress_on_an_action_is_no_change_of_content(approved, cast):
    _edit(_group_action(approved), cast["leder"], status=IgloAction.Status.IN_PROGRESS)
    approved.refresh_from_db()
    assert not approved.changed_after_approval


def test_new_and_deleted_actions_and_plan_fields_count_as_changes(approved, cast):
    services.add_action(approved, by=cast["amir"], level=Level.GROUP, text="Ny idé")
    services.delete_action(
        (gone := approved.actions.get(level=Level.ORGANISATION)),
        by=cast["leder"],
        expected_version=gone.version,
    )
    approved.refresh_from_db()
    services.save_plan(
        approved,
        by=cast["leder"],
        expected_version=approved.version,
        title="Travlhed om aftenen",
        description=approved.description,
        responsible_manager=approved.responsible_manager,
        follow_up_on=approved.follow_up_on,
    )
    approved.refresh_from_db()
    changes = services.changes_since_approval(approved, list(approved.actions.all()))
    assert ("Risikofaktor", "Travlhed i aftenvagten", "Travlhed om aftenen") in changes
    assert any(before == "" and after == "Ny idé" for _w, before, after in changes)
    assert any(after == "" and "organisations" in before for _w, before, after in changes)


def test_approving_again_covers_the_changes(approved, cast):
    deadline = timezone.localdate() + timedelta(days=30)
    _edit(_group_action(approved), cast["tr"], deadline=deadline)
    approved.refresh_from_db()
    assert approved.changed_after_approval
    again = services.approve_plan(approved, by=cast["amir"])
    assert not again.changed_after_approval
    assert again.approved_version == again.content_version


def test_plan_page_shows_the_badge_the_diff_and_asks_again(approved, cast, client_as, solhoj):
    _edit(_group_action(approved), cast["tr"], text="Faste pauser kl. 10 og 14")
    url = reverse("iglo:plan", kwargs={"slug": solhoj.slug, "pk": approved.pk})
    html = client_as("amir").get(url).content.decode()
    assert "Ændret efter godkendelse" in html
    assert "Faste pauser kl. 10 og 14" in html
    assert "Godkend ændringerne for arbejdsmiljøgruppen" in html
    n = approved.approved_version
    assert f"Arbejdsmiljøgruppen godkendte version {n}. Planen er nu version {n + 1}" in html


def test_hr_dashboard_counts_plans_changed_after_approval_apart(approved, cast, client_as):
    dashboard = reverse("oversight:dashboard")
    assert "ændret efter godkendelse" not in client_as("hr").get(dashboard).content.decode()
    _edit(_group_action(approved), cast["tr"], text="Faste pauser kl. 10 og 14")
    html = client_as("hr").get(dashboard).content.decode()
    assert "1 aktiv · 0 fulgt op · 0 kladder · 0 afsluttede · 1 ændret efter godkendelse" in html
