"""The plan page, its live region and the overview."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from iglo import services
from iglo.models import IgloAction, Level
from tests.helpers import queries_at_two_sizes

pytestmark = pytest.mark.django_db


def test_page_leads_through_i_and_g_first_then_l_then_o(client_as, plan, solhoj):
    page = client_as("tr").get(plan.get_absolute_url()).content.decode()
    positions = [page.index(f'id="level-{lv}"') for lv in Level.values]
    assert positions == sorted(positions)
    assert "Hvad er den konkrete risikofaktor? Altså hvad er problemet?" in page
    assert "Hvornår kan vi måle på det?" in page
    assert "I første omgang skal der laves handleplan på individ- og gruppeniveau" in page
    assert "Der er ingen konkret handling på niveau Individ." in page
    assert 'hx-trigger="every 3s"' in page


def test_live_region_is_204_until_someone_changes_something(client_as, cast, plan, solhoj):
    live = reverse("iglo:plan-live", kwargs={"slug": solhoj.slug, "pk": plan.pk})
    client = client_as("amir")
    first = client.get(live)
    stamp = first.content.decode().split("?stamp=")[1].split('"')[0]
    assert client.get(live, {"stamp": stamp}).status_code == 204
    services.add_action(plan, by=cast["leder"], level=Level.GROUP, text="Ny fra lederen – ø")
    changed = client.get(live, {"stamp": stamp})
    assert changed.status_code == 200
    assert "Ny fra lederen – ø" in changed.content.decode()
    assert "<form" not in changed.content.decode()  # never replaces what anyone is typing


def test_who_else_has_the_plan_open(cast, plan, solhoj):
    leder, amir = Client(), Client()
    leder.force_login(cast["leder"])
    amir.force_login(cast["amir"])
    leder.get(plan.get_absolute_url())
    page = amir.get(plan.get_absolute_url()).content.decode()
    assert "Har også planen åben" in page
    assert cast["leder"].display_name in page
    live = reverse("iglo:plan-live", kwargs={"slug": solhoj.slug, "pk": plan.pk})
    assert cast["amir"].display_name in leder.get(live).content.decode()


def test_the_edit_page_tells_when_someone_else_saved(client_as, action, cast, solhoj):
    kwargs = {"slug": solhoj.slug, "pk": action.plan_id, "action_pk": action.pk}
    watch = reverse("iglo:action-watch", kwargs=kwargs)
    client = client_as("amir")
    assert client.get(watch, {"version": action.version}).status_code == 204
    services.save_action(
        action,
        by=cast["leder"],
        expected_version=action.version,
        **{**{n: getattr(action, n) for n in services.ACTION_FIELDS}, "text": "Ændret"},
    )
    response = client.get(watch, {"version": 1})
    assert f"{cast['leder'].display_name} har gemt denne handling" in response.content.decode()


def test_overview_lists_overdue_actions_first(client_as, active_plan, cast, solhoj):
    late = IgloAction.objects.get(plan=active_plan, level=Level.LEADERSHIP)
    IgloAction.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    page = (
        client_as("medarbejder")
        .get(reverse("iglo:overview", kwargs={"slug": solhoj.slug}))
        .content.decode()
    )
    assert "1 over frist" in page
    first_row = page.index("<tbody>", page.index('id="open-heading"'))
    assert page.index(late.text, first_row) < page.index("Handling på individsniveau", first_row)


def _grow(plan, cast):
    def grow(n: int) -> None:
        for i in range(n):
            services.add_action(
                plan,
                by=cast["amir"],
                level=Level.values[i % 4],
                text=f"Handling {i}",
                responsible_member=cast["tr"],
                deadline=timezone.localdate() + timedelta(days=i - 2),
            )

    return grow


def test_plan_page_queries_do_not_grow_with_actions(client_as, plan, cast):
    client = client_as("leder")
    client.get(plan.get_absolute_url())  # the first visit adds the presence row once
    small, large = queries_at_two_sizes(
        lambda: client.get(plan.get_absolute_url()), _grow(plan, cast), small=1, large=8
    )
    assert small == large <= 10


def test_overview_queries_do_not_grow_with_plans_and_actions(client_as, cast, solhoj):
    client = client_as("tr")
    url = reverse("iglo:overview", kwargs={"slug": solhoj.slug})

    def grow(n: int) -> None:
        for i in range(n):
            plan = services.start_plan(solhoj, by=cast["leder"], title=f"Plan {i}")
            _grow(plan, cast)(3)

    small, large = queries_at_two_sizes(lambda: client.get(url), grow, small=1, large=4)
    assert small == large <= 10


def test_programme_shows_the_iglo_status(client_as, active_plan, solhoj):
    page = client_as("medarbejder").get(solhoj.get_absolute_url()).content.decode()
    assert "1 aktiv handleplan" in page
    assert reverse("iglo:overview", kwargs={"slug": solhoj.slug}) in page
