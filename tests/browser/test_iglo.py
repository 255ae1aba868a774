"""Bilag 7 in the browser: the manager (desktop) and the AMiR (phone) edit one IGLO plan at
the same time; each sees the other's saved change appear without reloading."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from iglo import services
from iglo.models import IgloAction, IgloPlan, Level
from tests.factories import WorkEnvironmentGroupFactory
from tests.iglo.conftest import add_actions

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LIVE = 8_000  # ms: the page polls every 3 s


def test_manager_and_amir_co_edit_one_plan(
    page: Page, browser, live_server, cast, solhoj, login, assert_accessible
):
    plan = services.start_plan(
        solhoj, by=cast["leder"], title="Travlhed i aftenvagten", responsible_manager=cast["leder"]
    )
    first = services.add_action(plan, by=cast["leder"], level=Level.INDIVIDUAL, text="Pauser")
    second = services.add_action(plan, by=cast["leder"], level=Level.GROUP, text="Telefonen")
    plan_url = f"{live_server.url}{plan.get_absolute_url()}"

    login(page, live_server, "leder")
    page.goto(plan_url)
    expect(page.get_by_role("heading", level=1, name="IGLO-handleplan")).to_be_visible()
    assert_accessible(page)

    phone = browser.new_context(viewport=PHONE, locale="da-DK", base_url=live_server.url)
    amir = phone.new_page()
    login(amir, live_server, "amir")
    amir.goto(plan_url)
    expect(amir.get_by_text("Har også planen åben")).to_be_visible()
    assert_accessible(amir)
    assert amir.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The manager's open page learns that the AMiR has joined.
    expect(page.locator("#presence")).to_contain_text(cast["amir"].display_name, timeout=LIVE)

    # The manager edits the first action ...
    page.locator(f"#edit-action-{first.pk}").click()
    expect(page.get_by_role("heading", level=1, name="Redigér handling")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hvad skal der gøres?").fill("Fast pause med makkeren – æøå")
    page.get_by_role("button", name="Gem handling").click()
    expect(page.get_by_text("Handlingen er gemt.")).to_be_visible()

    # ... and it appears on the AMiR's phone without a reload.
    expect(amir.locator(f"#action-{first.pk}")).to_contain_text(
        "Fast pause med makkeren – æøå", timeout=LIVE
    )

    # The AMiR edits the other action from the same (still unreloaded) page.
    amir.locator(f"#edit-action-{second.pk}").click()
    assert_accessible(amir)
    amir.get_by_label("Hvad skal der gøres?").fill("Telefonvagt på skift hver aften")
    amir.get_by_role("button", name="Gem handling").click()
    expect(amir.get_by_text("Handlingen er gemt.")).to_be_visible()
    assert amir.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    expect(page.locator(f"#action-{second.pk}")).to_contain_text(
        "Telefonvagt på skift hver aften", timeout=LIVE
    )
    expect(page.locator("#plan-live")).to_contain_text(
        re.compile(r"Handling »Telefonen« \(Gruppe\) – Hvad gøres der\?")
    )
    assert_accessible(page)
    phone.close()

    texts = dict(IgloAction.objects.values_list("pk", "text"))
    assert texts == {
        first.pk: "Fast pause med makkeren – æøå",
        second.pk: "Telefonvagt på skift hver aften",
    }


def test_overview_is_accessible(page: Page, live_server, cast, solhoj, login, assert_accessible):
    plan = services.start_plan(solhoj, by=cast["leder"], title="Uklare roller")
    services.add_action(plan, by=cast["leder"], level=Level.GROUP, text="Rollebeskrivelser")
    login(page, live_server, "tr")
    page.goto(f"{live_server.url}/workplaces/{solhoj.slug}/iglo/")
    expect(page.get_by_role("heading", level=1, name="IGLO-handleplaner")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ny handleplan").click()
    assert_accessible(page)
    page.get_by_role("button", name="Opret handleplan").click()
    expect(page.get_by_text("Skriv, hvad risikofaktoren er.")).to_be_visible()
    page.goto(f"{live_server.url}/iglo/calendar/")
    assert_accessible(page)


def test_change_after_approval_shows_on_a_phone_and_is_approved_again(
    browser, live_server, cast, solhoj, login, assert_accessible, tmp_path
):
    group = WorkEnvironmentGroupFactory(name="AMG Solhøj")
    group.workplaces.add(solhoj)
    group.members.add(cast["amir"])
    plan = services.start_plan(
        solhoj,
        by=cast["leder"],
        title="Travlhed i aftenvagten",
        responsible_manager=cast["leder"],
        follow_up_on=timezone.localdate() + timedelta(days=60),
    )
    add_actions(plan, cast["leder"])
    services.set_status(plan, by=cast["leder"], status=IgloPlan.Status.ACTIVE)
    plan = services.approve_plan(plan, by=cast["amir"])

    phone = browser.new_context(viewport=PHONE, locale="da-DK", base_url=live_server.url)
    amir = phone.new_page()
    login(amir, live_server, "amir")
    amir.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(amir.locator("#plan-live")).to_contain_text("Godkendt af arbejdsmiljøgruppen")
    expect(amir.locator("#changed-after-approval")).to_have_count(0)

    # The TR changes an action after the approval; the AMiR's open page shows it.
    action = plan.actions.get(level=Level.GROUP)
    fields = {n: getattr(action, n) for n in services.ACTION_FIELDS}
    services.save_action(
        action,
        by=cast["tr"],
        expected_version=action.version,
        **{**fields, "text": "Faste pauser kl. 10 og 14"},
    )
    expect(amir.locator("#changed-after-approval")).to_have_text(
        "Ændret efter godkendelse", timeout=LIVE
    )
    since = amir.locator("#since-approval")
    expect(since).to_contain_text("Godkendt: Handling på gruppesniveau – æøå")
    expect(since).to_contain_text("Nu: Faste pauser kl. 10 og 14")
    assert amir.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(amir)
    since.screenshot(path=tmp_path / "iglo-changed-after-approval-390.png")

    amir.reload()  # the buttons sit outside the live region
    amir.get_by_role("button", name="Godkend ændringerne for arbejdsmiljøgruppen").click()
    expect(amir.get_by_text("Handleplanen er godkendt af arbejdsmiljøgruppen.")).to_be_visible()
    expect(amir.locator("#changed-after-approval")).to_have_count(0)
    phone.close()
