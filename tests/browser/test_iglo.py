"""Bilag 7 in the browser: the manager (desktop) and the AMiR (phone) edit one IGLO plan at
the same time; each sees the other's saved change appear without reloading."""

import re

import pytest
from playwright.sync_api import Page, expect

from iglo import services
from iglo.models import IgloAction, Level

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
