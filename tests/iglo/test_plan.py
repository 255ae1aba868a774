"""Making a plan, from a risk factor or by hand, and the rules for activating it."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from iglo import services
from iglo.models import IgloAction, IgloPlan, Level
from tests.factories import MembershipFactory, UserFactory, WorkEnvironmentGroupFactory
from tests.iglo.conftest import add_actions
from workplaces.services import history_of

pytestmark = pytest.mark.django_db


def test_create_plan_from_risk_factor_makes_a_draft_with_unplaced_proposals(cast, solhoj):
    plan = services.create_plan_from_risk_factor(
        solhoj,
        by=cast["amir"],
        title="Afbrydelser",
        description="Telefonen ringer hele tiden",
        source=IgloPlan.Source.BALL_ROUND,
        source_label="Boldrunde uge 12",
        proposals=[
            {"text": "Telefonvagt på skift", "track": "now"},
            {"text": "Ny telefonløsning", "track": "later"},
            {"text": "   ", "track": "now"},  # empty proposals are skipped
        ],
    )
    assert plan.status == IgloPlan.Status.DRAFT
    assert plan.responsible_manager == cast["leder"]
    assert plan.source_label == "Boldrunde uge 12"
    actions = list(plan.actions.order_by("pk"))
    assert [(a.text, a.track, a.level) for a in actions] == [
        ("Telefonvagt på skift", "now", ""),
        ("Ny telefonløsning", "later", ""),
    ]
    missing = services.missing_for_activation(plan, actions)
    assert "Forslaget »Telefonvagt på skift« er ikke placeret på et niveau." in missing


def test_a_proposal_needs_a_known_track(cast, solhoj):
    with pytest.raises(ValidationError):
        services.create_plan_from_risk_factor(
            solhoj,
            by=cast["leder"],
            title="X",
            description="",
            source=IgloPlan.Source.DIALOGUE_MEETING,
            source_label="",
            proposals=[{"text": "Y", "track": "someday"}],
        )
    assert not IgloPlan.objects.exists()


def test_activation_says_exactly_what_is_missing(plan, cast):
    services.add_action(plan, by=cast["leder"], level=Level.INDIVIDUAL, text="Pauser")
    missing = services.missing_for_activation(plan, list(plan.actions.all()))
    assert missing == [
        "Der er ingen konkret handling på niveau Gruppe.",
        "Der er ingen konkret handling på niveau Ledelse.",
        "Der er ingen konkret handling på niveau Organisation.",
        "Handling »Pauser« (Individ) mangler en ansvarlig.",
        "Handling »Pauser« (Individ) mangler en frist.",
    ]
    with pytest.raises(ValidationError) as error:
        services.set_status(plan, by=cast["leder"], status=IgloPlan.Status.ACTIVE)
    assert error.value.messages == missing
    plan.refresh_from_db()
    assert plan.status == IgloPlan.Status.DRAFT


def test_plan_without_follow_up_date_or_manager_cannot_be_activated(plan, cast):
    add_actions(plan, cast["leder"])
    IgloPlan.objects.filter(pk=plan.pk).update(follow_up_on=None, responsible_manager=None)
    plan.refresh_from_db()
    assert services.missing_for_activation(plan, list(plan.actions.all())) == [
        "Planen mangler en ansvarlig leder.",
        "Planen mangler en dato for, hvornår I følger op.",
    ]


def test_dropped_actions_do_not_count(plan, cast):
    actions = add_actions(plan, cast["leder"])
    IgloAction.objects.filter(pk=actions[0].pk).update(status=IgloAction.Status.DROPPED)
    missing = services.missing_for_activation(plan, list(plan.actions.all()))
    assert missing == ["Der er ingen konkret handling på niveau Individ."]


def test_complete_plan_activates_and_history_records_it(plan, cast):
    add_actions(plan, cast["leder"])
    plan = services.set_status(plan, by=cast["leder"], status=IgloPlan.Status.ACTIVE)
    assert plan.status == IgloPlan.Status.ACTIVE
    change = history_of(plan).first()
    assert (change.field, change.before, change.after) == ("Status", "Kladde", "Aktiv")
    assert change.by == cast["leder"]


def test_unknown_transition_is_refused(plan, cast):
    with pytest.raises(ValidationError):
        services.set_status(plan, by=cast["leder"], status=IgloPlan.Status.CLOSED)


def test_a_responsible_person_must_be_a_member(plan, cast):
    with pytest.raises(ValidationError, match="er ikke medlem af Plejecenter Solhøj"):
        services.add_action(
            plan, by=cast["leder"], level=Level.GROUP, text="x", responsible_member=cast["outsider"]
        )


def test_history_shows_field_before_and_after(action, cast):
    services.save_action(
        action,
        by=cast["amir"],
        expected_version=action.version,
        **{
            **{n: getattr(action, n) for n in services.ACTION_FIELDS},
            "deadline": action.deadline + timedelta(days=7),
            "status": IgloAction.Status.IN_PROGRESS,
        },
    )
    changes = {c.field: c for c in history_of(action.plan)}
    status = changes["Handling »Fast fordeling af telefonen« (Gruppe) – Status"]
    assert (status.before, status.after, status.by) == ("Ikke startet", "I gang", cast["amir"])
    assert "Handling »Fast fordeling af telefonen« (Gruppe) – Frist" in changes


def test_approval_by_the_work_environment_group(active_plan, cast, solhoj, client_as):
    group = WorkEnvironmentGroupFactory(name="AMG Solhøj")
    group.workplaces.add(solhoj)
    group.members.add(cast["amir"])
    url = reverse("iglo:plan-approve", kwargs={"slug": solhoj.slug, "pk": active_plan.pk})
    assert client_as("tr").post(url).status_code == 403
    response = client_as("amir").post(url)
    assert response.status_code == 302
    active_plan.refresh_from_db()
    assert active_plan.approved_by == cast["amir"]
    assert active_plan.approved_at is not None


def test_a_draft_cannot_be_approved(plan, cast):
    with pytest.raises(ValidationError):
        services.approve_plan(plan, by=cast["amir"])


def test_start_a_plan_by_hand_through_the_form(client_as, solhoj, cast):
    url = reverse("iglo:plan-add", kwargs={"slug": solhoj.slug})
    response = client_as("tr").post(url, {"title": "", "description": "x"})
    assert response.status_code == 200
    assert "Skriv, hvad risikofaktoren er." in response.content.decode()
    assert not IgloPlan.objects.exists()
    response = client_as("tr").post(url, {"title": "Uklare roller", "follow_up_on": "2027-01-15"})
    plan = IgloPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.source == IgloPlan.Source.MANUAL
    assert plan.follow_up_on.isoformat() == "2027-01-15"


def test_activation_through_the_page_lists_what_is_missing(client_as, plan, solhoj):
    url = reverse("iglo:plan-status", kwargs={"slug": solhoj.slug, "pk": plan.pk})
    response = client_as("leder").post(url, {"status": "active"}, follow=True)
    page = response.content.decode()
    assert "Planen kan ikke aktiveres endnu" in page
    assert "Der er ingen konkret handling på niveau Individ." in page
    assert client_as("amir").post(url, {"status": "active"}).status_code == 403


def test_bad_action_input_gets_danish_errors_and_saves_nothing(client_as, plan, solhoj, cast):
    url = reverse("iglo:action-add", kwargs={"slug": solhoj.slug, "pk": plan.pk})
    response = client_as("amir").post(
        url,
        {
            "level": "group",
            "text": "Noget",
            "responsible_member": cast["tr"].pk,
            "responsible_function": "MED-udvalget",
            "deadline": "31-02-2026",
            "status": "planned",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vælg enten en person eller en funktion som ansvarlig – ikke begge." in page
    assert "Indtast en gyldig dato." in page
    assert not IgloAction.objects.exists()
    outsider_member = UserFactory(username="fremmed")
    MembershipFactory(user=outsider_member)
    response = client_as("amir").post(
        url, {"text": "x", "responsible_member": outsider_member.pk, "status": "planned"}
    )
    assert response.status_code == 200
    assert not IgloAction.objects.exists()


def test_a_date_out_of_reach_gets_a_message_not_a_crash(client_as, plan, solhoj):
    url = reverse("iglo:action-add", kwargs={"slug": solhoj.slug, "pk": plan.pk})
    response = client_as("leder").post(
        url, {"text": "x", "deadline": "9999-12-31", "status": "planned"}
    )
    assert response.status_code == 200
    assert "Vælg en dato mellem år 2000 og 2100." in response.content.decode()
    assert not IgloAction.objects.exists()


def test_overdue_is_computed_from_the_local_date(action):
    IgloAction.objects.filter(pk=action.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    action.refresh_from_db()
    assert action.is_overdue()
