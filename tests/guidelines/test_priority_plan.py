"""Bilag 3: the priority plan, co-edited by the manager and the tillidsvalgte, read by all."""

from datetime import date

from django.test import Client
from django.urls import reverse

import pytest

from guidelines import content, services
from guidelines.models import PriorityPlan, PriorityPlanRevision, PriorityPlanUse
from tests.helpers import pdf_text, queries_at_two_sizes
from workplaces.models import Change

pytestmark = pytest.mark.django_db

KEEP, LATER = "keep", "deprioritise"


def _url(name, workplace, **kwargs):
    return reverse(f"guidelines:{name}", kwargs={"slug": workplace.slug, **kwargs})


def _post(version, tasks=(), clarifications=(), *, initial_tasks=0, **fields):
    """The edit form's POST: `tasks` as (task, priority, note), `clarifications` as
    (question, with_whom)."""
    data = {
        "version": version,
        "resources": "",
        "goals": "",
        "framework": "",
        "tasks-TOTAL_FORMS": len(tasks),
        "tasks-INITIAL_FORMS": initial_tasks,
        "clarifications-TOTAL_FORMS": len(clarifications),
        "clarifications-INITIAL_FORMS": 0,
        **fields,
    }
    for i, (task, priority, note) in enumerate(tasks):
        data |= {f"tasks-{i}-task": task, f"tasks-{i}-priority": priority, f"tasks-{i}-note": note}
    for i, (question, with_whom) in enumerate(clarifications):
        data |= {
            f"clarifications-{i}-question": question,
            f"clarifications-{i}-with_whom": with_whom,
        }
    return data


def _save(plan, user, **fields):
    values = {"tasks": [], "resources": "", "goals": "", "framework": "", "clarifications": []}
    return services.save_priority_plan(
        plan, by=user, expected_version=plan.version, **(values | fields)
    )


def test_everyone_reads_the_seed_questions_and_why(client_as, solhoj):
    html = client_as("medarbejder").get(_url("priority-plan", solhoj)).content.decode()
    for question in content.PRIORITY_QUESTIONS.values():
        assert str(question) in html
    assert "Prioriteringsdrøftelserne tages når der er ro på" in html
    assert "Planen er ikke lavet endnu." in html
    assert "Gennemgå og redigér" not in html
    assert "Lav planen" not in html


@pytest.mark.parametrize("persona", ["leder", "amir", "tr"])
def test_manager_and_tillidsvalgte_save_the_plan(client_as, solhoj, persona):
    response = client_as(persona).post(
        _url("priority-plan-edit", solhoj),
        _post(
            1,
            tasks=[
                ("Personlig pleje og medicin", KEEP, "Altid to på vagt"),
                ("", KEEP, ""),  # an empty row is left out
                ("Aktiviteter og udflugter", LATER, ""),
            ],
            clarifications=[("Budget til vikarer", "top_management")],
            resources="Vikarer fra puljen – æøå",
        ),
        follow=True,
    )
    assert "Prioriteringsplanen er gemt som en ny revision." in response.content.decode()
    plan = PriorityPlan.objects.get(workplace=solhoj)
    assert plan.tasks == [
        {"task": "Personlig pleje og medicin", "priority": KEEP, "note": "Altid to på vagt"},
        {"task": "Aktiviteter og udflugter", "priority": LATER, "note": ""},
    ]
    assert plan.clarifications == [
        {"question": "Budget til vikarer", "with_whom": "top_management"}
    ]
    assert plan.resources == "Vikarer fra puljen – æøå"
    assert plan.updated_by.username == persona


def test_employee_may_not_save(client_as, solhoj):
    response = client_as("medarbejder").post(_url("priority-plan-edit", solhoj), _post(1))
    assert response.status_code == 403
    assert not PriorityPlanRevision.objects.exists()


def test_every_saved_revision_is_kept_with_who_and_when(client_as, cast, solhoj, time_machine):
    time_machine.move_to(date(2026, 3, 2))
    plan = services.priority_plan_for(solhoj)
    _save(plan, cast["leder"], goals="Færre aktiviteter i ferier")
    time_machine.move_to(date(2026, 9, 14))
    _save(plan, cast["tr"], goals="Ingen nye projekter i perioden")

    first, second = PriorityPlanRevision.objects.order_by("number")
    assert (first.number, first.saved_by.username, first.saved_at.date()) == (
        1,
        "leder",
        date(2026, 3, 2),
    )
    assert first.snapshot["goals"] == "Færre aktiviteter i ferier"
    assert (second.number, second.saved_by.username) == (2, "tr")
    assert second.snapshot["goals"] == "Ingen nye projekter i perioden"
    change = Change.objects.filter(field="Mål der kan tilrettes").first()
    assert (change.before, change.after, change.by.username) == (
        "Færre aktiviteter i ferier",
        "Ingen nye projekter i perioden",
        "tr",
    )

    old = client_as("medarbejder").get(_url("priority-plan-revision", solhoj, number=1))
    html = old.content.decode()
    assert "Færre aktiviteter i ferier" in html
    assert "Ingen nye projekter" not in html
    assert "Gemt 2. marts 2026" in html
    page = client_as("medarbejder").get(_url("priority-plan", solhoj)).content.decode()
    assert "Revision 2" in page
    assert "Revision 1" in page


def test_unknown_revision_is_404(client_as, solhoj):
    response = client_as("leder").get(_url("priority-plan-revision", solhoj, number=7))
    assert response.status_code == 404


def test_saving_unchanged_is_recorded_as_a_review(cast, solhoj, time_machine):
    plan = services.priority_plan_for(solhoj)
    time_machine.move_to(date(2026, 1, 5))
    _save(plan, cast["leder"], framework="Ingen ændringer")
    time_machine.move_to(date(2026, 6, 1))
    _save(plan, cast["amir"], framework="Ingen ændringer")

    plan.refresh_from_db()
    assert plan.reviewed_at.date() == date(2026, 6, 1)
    assert plan.revisions.count() == 2
    review = Change.objects.get(field="Gennemgået uden ændringer")
    assert (review.after, review.by.username) == ("Revision 2", "amir")


def test_a_stale_save_is_refused_keeps_the_input_and_shows_the_other(cast, solhoj):
    services.priority_plan_for(solhoj)
    leder, amir = Client(), Client()
    leder.force_login(cast["leder"])
    amir.force_login(cast["amir"])
    url = _url("priority-plan-edit", solhoj)
    # Both opened the form at version 1.
    assert leder.post(url, _post(1, tasks=[("Medicin", KEEP, "")])).status_code == 302
    response = amir.post(url, _post(1, tasks=[("Rengøring", LATER, "Kan vente")]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "gemte planen kl." in html
    assert "Se den gemte udgave" in html
    assert "Medicin" in html  # the other person's version, shown
    assert response.context["tasks"].forms[0]["task"].value() == "Rengøring"  # still typed
    assert response.context["form"]["version"].value() == 2
    plan = PriorityPlan.objects.get(workplace=solhoj)
    assert [t["task"] for t in plan.tasks] == ["Medicin"]
    assert plan.revisions.count() == 1

    # The second save, based on the version now shown, goes through.
    again = amir.post(url, _post(2, tasks=[("Medicin", KEEP, ""), ("Rengøring", LATER, "")]))
    assert again.status_code == 302
    assert [t["task"] for t in PriorityPlan.objects.get(pk=plan.pk).tasks] == [
        "Medicin",
        "Rengøring",
    ]


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (_post(1, tasks=[("", KEEP, "En note uden opgave")]), "Skriv hvilken opgave noten hører"),
        (_post(1, tasks=[("x" * 301, KEEP, "")]), "højst have 300 tegn"),
        (_post(1, tasks=[("Pleje", "whenever", "")]), "Marker en gyldig valgmulighed"),
        (_post(1, clarifications=[("Budget", "the pope")]), "Marker en gyldig valgmulighed"),
        (
            _post(1, tasks=[(f"Opgave {i}", KEEP, "") for i in range(41)]),
            "Højst 40 opgaver i planen",
        ),
        (_post("x"), "Planen er ikke gemt"),
    ],
)
def test_bad_input_gets_a_danish_message_and_nothing_is_saved(client_as, solhoj, post, message):
    services.priority_plan_for(solhoj)
    response = client_as("leder").post(_url("priority-plan-edit", solhoj), post)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Planen er ikke gemt. Ret det, der er markeret nedenfor" in html
    assert not PriorityPlanRevision.objects.exists()
    assert PriorityPlan.objects.get(workplace=solhoj).version == 1


def test_removing_a_task_by_emptying_it(cast, client_as, solhoj):
    plan = services.priority_plan_for(solhoj)
    _save(
        plan,
        cast["leder"],
        tasks=[
            {"task": "A", "priority": KEEP, "note": ""},
            {"task": "B", "priority": LATER, "note": ""},
        ],
    )
    response = client_as("tr").post(
        _url("priority-plan-edit", solhoj),
        _post(2, tasks=[("", KEEP, ""), ("B", LATER, "")], initial_tasks=2),
    )
    assert response.status_code == 302
    assert [t["task"] for t in PriorityPlan.objects.get(pk=plan.pk).tasks] == ["B"]


def test_the_edit_form_has_empty_rows_to_fill_without_javascript(cast, client_as, solhoj):
    plan = services.priority_plan_for(solhoj)
    _save(plan, cast["leder"], tasks=[{"task": "A", "priority": KEEP, "note": ""}])
    response = client_as("leder").get(_url("priority-plan-edit", solhoj))
    assert len(response.context["tasks"].forms) == 4  # the saved task and three empty rows
    assert len(response.context["clarifications"].forms) == 2
    assert "<script" not in response.content.decode().split("</head>")[1]


def test_workplace_home_shows_when_the_plan_was_last_reviewed(
    client_as, cast, solhoj, time_machine
):
    def status():
        response = client_as("medarbejder").get(
            reverse("workplace-home", kwargs={"slug": solhoj.slug})
        )
        return {
            item.step.annex: (item.status, item.attention) for item in response.context["steps"]
        }[3]

    assert status() == ("Ikke lavet endnu", True)
    time_machine.move_to(date(2026, 11, 26))
    _save(services.priority_plan_for(solhoj), cast["leder"])
    assert status() == ("Senest gennemgået 26. november 2026", False)
    time_machine.move_to(date(2027, 12, 1))
    assert status() == ("Senest gennemgået 26. november 2026 – tid til at gennemgå den igen", True)


def test_manager_marks_the_plan_taken_into_use_with_adjustments(client_as, cast, solhoj):
    _save(services.priority_plan_for(solhoj), cast["leder"])
    url = _url("priority-plan-use", solhoj)
    assert client_as("amir").get(url).status_code == 403
    response = client_as("leder").post(
        url,
        {
            "used_on": "2026-11-20",
            "situation": "To kolleger sygemeldt i aftenvagten",
            "adjustments": "Udflugter udskudt til foråret; medicinrunden deles anderledes",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Det er noteret, at planen er taget i brug." in html
    assert "To kolleger sygemeldt i aftenvagten" in html
    assert "Udflugter udskudt til foråret" in html
    use = PriorityPlanUse.objects.get()
    assert (use.used_on, use.recorded_by.username) == (date(2026, 11, 20), "leder")
    assert Change.objects.filter(field="Taget i brug", by__username="leder").exists()


def test_a_use_in_the_future_is_refused_in_danish(client_as, solhoj, time_machine):
    time_machine.move_to(date(2026, 11, 26))
    response = client_as("leder").post(
        _url("priority-plan-use", solhoj),
        {"used_on": "2026-12-24", "situation": "Jul", "adjustments": ""},
    )
    assert "Datoen kan ikke ligge i fremtiden." in response.content.decode()
    assert not PriorityPlanUse.objects.exists()


def test_pdf_of_the_current_plan_reads_back(client_as, cast, solhoj, tmp_path, time_machine):
    time_machine.move_to(date(2026, 11, 26))
    _save(
        services.priority_plan_for(solhoj),
        cast["leder"],
        tasks=[
            {"task": "Personlig pleje og medicin", "priority": KEEP, "note": "Altid to på vagt"},
            {"task": "Sangeftermiddag i fælles­stuen", "priority": LATER, "note": "Flyttes"},
        ],
        resources="Vikarer fra Solhøjs faste vikarkorps – æøå ÆØÅ",
        clarifications=[{"question": "Budget til vikarer", "with_whom": "top_management"}],
    )
    response = client_as("medarbejder").get(_url("priority-plan-pdf", solhoj))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="prioriteringsplan-plejecenter-solhoj.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for expected in [
        "Prioriteringsplan",
        "Plejecenter Solhøj",
        "revision 1, senest gennemgået 26. november 2026",
        "Prioriteres",
        "Kan nedprioriteres",
        "Personlig pleje og medicin – Altid to på vagt",
        "Vikarer fra Solhøjs faste vikarkorps – æøå ÆØÅ",
        "Budget til vikarer (Øverste ledelse)",
        str(content.PRIORITY_QUESTIONS["goals"]),
    ]:
        assert expected in text, expected


def test_plan_page_query_count_is_constant(client_as, cast, solhoj):
    plan = services.priority_plan_for(solhoj)
    client = client_as("leder")

    def grow(n):
        for i in range(n):
            _save(plan, cast["amir"], goals=f"Mål {plan.version} {i}")
            services.record_plan_use(
                plan, by=cast["leder"], used_on=date(2026, 1, 1), situation="Sygdom", adjustments=""
            )
            plan.refresh_from_db()

    small, large = queries_at_two_sizes(
        lambda: client.get(_url("priority-plan", solhoj)), grow, small=1, large=15
    )
    assert small == large <= 10
