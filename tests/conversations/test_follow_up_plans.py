"""The follow-ups the TRF grid names for the manager: a relief plan and a gradual return."""

from datetime import date

from django.urls import reverse

import pytest

from conversations.models import FollowUpPlan, KeyConversation

pytestmark = pytest.mark.django_db


def _url(name, conversation, kind):
    return reverse(
        f"conversations:{name}",
        kwargs={"slug": conversation.workplace.slug, "pk": conversation.pk, "kind": kind},
    )


def _steps(*rows):
    data = {"steps-TOTAL_FORMS": len(rows), "steps-INITIAL_FORMS": 0}
    for i, (on, step) in enumerate(rows):
        data |= {f"steps-{i}-on": on, f"steps-{i}-step": step}
    return data


def test_the_holder_makes_a_gradual_return_plan_in_date_order(client_as, conversation):
    response = client_as("leder").post(
        _url("follow-up-plan-edit", conversation, "return"),
        _steps(
            ("2027-01-18", "Fuld tid, almindelige opgaver"),
            ("", ""),
            ("2026-12-07", "15 timer om ugen, kun dagvagter – æøå"),
        ),
        follow=True,
    )
    assert "Trinvis tilbagevendingsplan er gemt." in response.content.decode()
    plan = FollowUpPlan.objects.get(conversation=conversation, kind="return")
    assert plan.dated_steps() == [
        (date(2026, 12, 7), "15 timer om ugen, kun dagvagter – æøå"),
        (date(2027, 1, 18), "Fuld tid, almindelige opgaver"),
    ]


def test_the_employee_reads_the_plan_but_may_not_change_it(client_as, conversation):
    FollowUpPlan.objects.create(
        conversation=conversation,
        kind="relief",
        steps=[{"on": "2026-12-01", "step": "Ingen aftenvagter i fire uger"}],
    )
    client = client_as("medarbejder")
    html = client.get(_url("follow-up-plan", conversation, "relief")).content.decode()
    assert "Handlingsplan med fokus på aflastning" in html
    assert "1. december 2026" in html
    assert "Ingen aftenvagter i fire uger" in html
    assert "Ret planen" not in html
    edit = client.post(_url("follow-up-plan-edit", conversation, "relief"), _steps())
    assert edit.status_code == 403
    assert FollowUpPlan.objects.get(kind="relief").steps != []


def test_the_conversation_links_both_plans(client_as, conversation):
    html = client_as("medarbejder").get(conversation.get_absolute_url()).content.decode()
    assert _url("follow-up-plan", conversation, "relief") in html
    assert _url("follow-up-plan", conversation, "return") in html
    assert "Sikrer trinvis tilbagevendingsplan" in html


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("", "Kun dagvagter")], "Skriv hvornår trinnet skal ske."),
        ([("2026-12-01", "")], "Skriv hvad trinnet går ud på"),
        ([("1. december", "Kun dagvagter")], "Indtast en gyldig dato."),
        ([("2026-12-01", "x")] * 21, "Højst 20 trin i en plan."),
    ],
)
def test_bad_steps_get_a_danish_message_and_nothing_is_saved(
    client_as, conversation, rows, message
):
    response = client_as("leder").post(
        _url("follow-up-plan-edit", conversation, "relief"), _steps(*rows)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FollowUpPlan.objects.exists()


def test_unknown_kind_is_404(client_as, conversation):
    assert (
        client_as("leder").get(_url("follow-up-plan", conversation, "holiday")).status_code == 404
    )


def test_saving_a_plan_counts_as_a_change_for_retention(client_as, conversation, time_machine):
    time_machine.move_to(date(2027, 3, 1))
    client_as("leder").post(
        _url("follow-up-plan-edit", conversation, "relief"), _steps(("2027-03-02", "Hjemmearbejde"))
    )
    assert KeyConversation.objects.get(pk=conversation.pk).updated_at.date() == date(2027, 3, 1)
