"""Co-editing: a save carries its version; a stale save is refused and loses nothing."""

import threading

from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest

from iglo import services
from iglo.models import IgloAction, IgloPlan, Level
from stressprogram.concurrency import EditConflict

pytestmark = pytest.mark.django_db


def _form(action: IgloAction, **changes: object) -> dict[str, object]:
    data = {
        "version": action.version,
        "level": action.level,
        "text": action.text,
        "responsible_member": action.responsible_member_id or "",
        "responsible_function": action.responsible_function,
        "deadline": action.deadline.isoformat() if action.deadline else "",
        "measure_on": "",
        "measure_how": action.measure_how,
        "status": action.status,
    }
    return {**data, **changes}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_sessions_save_the_same_action_one_wins_the_other_merges(action, cast, solhoj):
    url = reverse(
        "iglo:action-edit",
        kwargs={"slug": solhoj.slug, "pk": action.plan_id, "action_pk": action.pk},
    )
    leder, amir = _client(cast["leder"]), _client(cast["amir"])
    assert leder.get(url).status_code == 200
    assert amir.get(url).status_code == 200

    first = leder.post(url, _form(action, text="Telefonen fordeles på tavlen hver morgen"))
    assert first.status_code == 302
    second = amir.post(url, _form(action, measure_how="Tælle afbrydelser i en uge – ÆØÅ"))

    assert second.status_code == 200
    page = second.content.decode()
    assert "gemte handlingen kl." in page
    assert "Telefonen fordeles på tavlen hver morgen" in page  # their change, shown
    assert "Tælle afbrydelser i en uge – ÆØÅ" in page  # mine, still in the form
    action.refresh_from_db()
    assert action.version == 2
    assert action.text == "Telefonen fordeles på tavlen hver morgen"
    assert action.measure_how == ""

    # Merged and saved again, now from the current version.
    merged = amir.post(
        url,
        _form(
            action,
            text="Telefonen fordeles på tavlen hver morgen",
            measure_how="Tælle afbrydelser i en uge – ÆØÅ",
        ),
    )
    assert merged.status_code == 302
    action.refresh_from_db()
    assert (action.version, action.measure_how) == (3, "Tælle afbrydelser i en uge – ÆØÅ")
    assert action.updated_by == cast["amir"]


def test_editing_one_action_never_blocks_another(plan, cast, solhoj):
    first = services.add_action(plan, by=cast["leder"], level=Level.INDIVIDUAL, text="A")
    second = services.add_action(plan, by=cast["leder"], level=Level.GROUP, text="B")
    url = "iglo:action-edit"
    leder, amir = _client(cast["leder"]), _client(cast["amir"])
    kwargs = {"slug": solhoj.slug, "pk": plan.pk}
    a = leder.post(reverse(url, kwargs={**kwargs, "action_pk": first.pk}), _form(first, text="A2"))
    b = amir.post(reverse(url, kwargs={**kwargs, "action_pk": second.pk}), _form(second, text="B2"))
    assert (a.status_code, b.status_code) == (302, 302)
    assert sorted(IgloAction.objects.values_list("text", flat=True)) == ["A2", "B2"]


def test_a_stale_plan_save_is_refused_and_keeps_my_text(plan, cast, solhoj):
    url = reverse("iglo:plan-edit", kwargs={"slug": solhoj.slug, "pk": plan.pk})
    data = {"version": 1, "title": plan.title, "description": "", "responsible_manager": ""}
    assert _client(cast["tr"]).post(url, {**data, "title": "Tidspres"}).status_code == 302
    response = _client(cast["leder"]).post(url, {**data, "description": "Mit eget afsnit – å"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "gemte planen kl." in page
    assert "Mit eget afsnit – å" in page
    plan.refresh_from_db()
    assert (plan.title, plan.description) == ("Tidspres", "")


def test_saving_an_action_someone_deleted_keeps_my_text(action, cast, solhoj):
    url = reverse(
        "iglo:action-edit",
        kwargs={"slug": solhoj.slug, "pk": action.plan_id, "action_pk": action.pk},
    )
    services.delete_action(action, by=cast["leder"], expected_version=action.version)
    response = _client(cast["amir"]).post(url, _form(action, text="Min vigtige tekst"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Handlingen er slettet af en anden" in page
    assert "Min vigtige tekst" in page


def test_deleting_an_action_someone_changed_is_refused_until_seen(action, cast, solhoj):
    kwargs = {"slug": solhoj.slug, "pk": action.plan_id, "action_pk": action.pk}
    fields = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    services.save_action(
        action,
        by=cast["leder"],
        expected_version=action.version,
        **{**fields, "text": "Ny tekst – æøå"},
    )
    response = _client(cast["amir"]).post(
        reverse("iglo:action-delete", kwargs=kwargs), {"version": 1}, follow=True
    )
    assert response.redirect_chain == [(reverse("iglo:action-edit", kwargs=kwargs), 302)]
    assert "Handlingen er ændret af en anden" in response.content.decode()
    assert IgloAction.objects.filter(pk=action.pk, text="Ny tekst – æøå").exists()


@pytest.mark.django_db(transaction=True)
def test_two_database_connections_race_for_one_action(cast, solhoj):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")
    plan = services.start_plan(solhoj, by=cast["leder"], title="Kapløb")
    action = services.add_action(plan, by=cast["leder"], level=Level.GROUP, text="Start")
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def save(persona: str, text: str) -> None:
        try:
            mine = IgloAction.objects.select_related("plan__workplace").get(pk=action.pk)
            fields = {n: getattr(mine, n) for n in services.ACTION_FIELDS}
            barrier.wait(timeout=10)
            services.save_action(
                mine, by=cast[persona], expected_version=1, **{**fields, "text": text}
            )
            outcome[persona] = "saved"
        except EditConflict as error:
            outcome[persona] = f"conflict:{error.current.text}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=("leder", "Lederens udgave")),
        threading.Thread(target=save, args=("amir", "AMiR's udgave")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(v.split(":")[0] for v in outcome.values()) == ["conflict", "saved"]
    winner = next(p for p, v in outcome.items() if v == "saved")
    loser = next(p for p, v in outcome.items() if v != "saved")
    saved = IgloAction.objects.get(pk=action.pk)
    assert saved.version == 2
    assert saved.updated_by == cast[winner]
    # The loser was shown exactly what the winner saved.
    assert outcome[loser] == f"conflict:{saved.text}"
    assert IgloPlan.objects.get(pk=plan.pk).version == 1  # actions never bump the plan
