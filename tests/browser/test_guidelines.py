"""Bilag 1-2 in the browser: the AMG fills a cell, the manager publishes, an employee on a
phone reads and acknowledges; axe-core checks every page on the way."""

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from guidelines import services
from guidelines.models import Acknowledgement, GuidelineCell

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_fill_a_cell_publish_and_acknowledge(
    page: Page, browser, live_server, cast, login, assert_accessible
):
    login(page, live_server, "leder")
    page.get_by_role("link", name="Plejecenter Solhøj").click()
    page.get_by_role("link", name="Lokale retningslinjer").click()
    expect(page.get_by_role("heading", level=1, name="Lokale retningslinjer")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Redigér – Personaleleder, Risikozonen").click()
    expect(page.get_by_role("heading", name="Hjælpespørgsmål")).to_be_visible()
    assert_accessible(page)
    field = page.get_by_label("Opgaver og ansvar – én pr. linje")
    field.fill(field.input_value() + "\nRinger til den sygemeldte inden for en uge – æøå")
    page.get_by_role("button", name="Gem rubrik").click()
    expect(page.get_by_text("Rubrikken Personaleleder / Risikozonen er gemt.")).to_be_visible()
    assert GuidelineCell.objects.get(level="manager", zone="risk").items[-1].endswith("æøå")

    page.get_by_role("link", name="Offentliggør ny version").click()
    assert_accessible(page)
    page.get_by_label("Hvornår skal I følge op?").select_option("6")
    page.get_by_role("button", name="Offentliggør").click()
    expect(page.get_by_text("Version 1 er offentliggjort.")).to_be_visible()
    assert_accessible(page)

    phone = browser.new_context(viewport=PHONE, locale="da-DK", base_url=live_server.url)
    employee = phone.new_page()
    login(employee, live_server, "medarbejder")
    expect(
        employee.get_by_role(
            "heading", name="Læs og bekræft de lokale retningslinjer for Plejecenter Solhøj"
        )
    ).to_be_visible()
    assert_accessible(employee)
    employee.get_by_role("link", name="Læs version 1").click()
    stacked = employee.locator(".trf-stacked")  # a phone shows the zones stacked
    expect(stacked.get_by_text("Ringer til den sygemeldte inden for en uge – æøå")).to_be_visible()
    assert_accessible(employee)
    employee.get_by_role("button", name="Jeg har læst version 1 og følger den").click()
    expect(
        employee.get_by_text("Du har bekræftet jeres lokale retningslinjer, version 1")
    ).to_be_visible()
    assert employee.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert Acknowledgement.objects.filter(user=cast["medarbejder"]).count() == 1
    phone.close()

    page.goto(f"{live_server.url}/workplaces/plejecenter-solhoj/guideline/acknowledgements/")
    expect(page.get_by_role("heading", name="Har bekræftet (1)")).to_be_visible()
    assert_accessible(page)


def test_knowledge_is_edited_by_the_amir(page: Page, live_server, cast, login, assert_accessible):
    login(page, live_server, "amir")
    page.goto(f"{live_server.url}/workplaces/plejecenter-solhoj/knowledge/")
    assert_accessible(page)
    page.get_by_role("link", name="Redigér").click()
    page.get_by_label("Hvad betyder ordet stress for jer hver især?").fill("Travlhed uden pauser")
    page.get_by_label("Dato for drøftelse i LokalMED").fill("2026-03-12")
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Jeres viden om stress er gemt.")).to_be_visible()
    expect(page.get_by_text("12. marts 2026")).to_be_visible()
    assert_accessible(page)


def test_on_a_phone_the_guidelines_are_stacked_zones_without_sideways_scroll(
    browser, live_server, cast, solhoj, login, assert_accessible, tmp_path
):
    services.publish(services.guideline_for(solhoj), by=cast["leder"], review_months=12)
    url = live_server.url + reverse("guidelines:guideline", kwargs={"slug": solhoj.slug})
    for viewport, stacked in ((PHONE, True), ({"width": 1280, "height": 900}, False)):
        context = browser.new_context(viewport=viewport, locale="da-DK")
        page = context.new_page()
        login(page, live_server, "medarbejder")
        page.goto(url)
        zones = page.locator(".trf-stacked .trf-zone")
        if stacked:
            expect(zones).to_have_count(3)
            expect(zones.first.get_by_role("heading", name="Trivselszonen")).to_be_visible()
            expect(zones.first.get_by_role("heading", name="Personaleleder")).to_be_visible()
            expect(page.locator("table.trf-grid").first).to_be_hidden()
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        else:
            expect(page.locator("table.trf-grid").first).to_be_visible()
            expect(zones.first).to_be_hidden()
        assert_accessible(page)
        page.screenshot(path=tmp_path / f"guidelines-{viewport['width']}.png", full_page=True)
        context.close()
