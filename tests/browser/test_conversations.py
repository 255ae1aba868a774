"""Bilag 4 in the browser: the manager runs the guide and records the agreements; the
employee reads them on a phone. axe-core checks every page on the way."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from conversations.models import KeyConversation

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
CONCEPTS = [
    "Skab ro om medarbejderen",
    "Skab håb for medarbejderen",
    "Iværksæt umiddelbar handling",
]
PRIVATE = "Sover dårligt – kun til mig selv"


def test_manager_runs_the_guide_and_the_employee_reads_the_agreements(
    page: Page, browser, live_server, cast, login, assert_accessible
):
    next_meeting = timezone.localdate() + timedelta(days=11)
    login(page, live_server, "leder")
    page.get_by_role("link", name="Plejecenter Solhøj").click()
    page.get_by_role("link", name="Nøglesamtalen").click()
    expect(page.get_by_role("heading", level=1, name="Nøglesamtalen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Start en nøglesamtale").click()
    expect(page.get_by_role("heading", name="Ved nøglesamtalen skal du undgå at:")).to_be_visible()
    assert_accessible(page)
    # Crispy marks the required field: "Medarbejder*".
    page.get_by_role("combobox", name=re.compile(r"^Medarbejder")).select_option(
        str(cast["medarbejder"].pk)
    )
    for concept in CONCEPTS:
        page.get_by_label(concept).check()
    page.get_by_label("Kalenderen").fill("Personalemødet og kvalitetsgruppen er aflyst – æøå")
    page.get_by_label("Opgave der afleveres").first.fill("Kontaktperson for stue 12")
    page.get_by_label("Til hvem?").first.fill("Bente")
    page.get_by_label("Det siges til kollegerne").fill("At du har fået opgaver taget af dig")
    page.get_by_label("Hvem siger det?").fill("Lederen, på morgenmødet")
    page.get_by_label("Næste møde").fill(next_meeting.isoformat())
    page.get_by_label("Private noter").fill(PRIVATE)
    assert_accessible(page)
    page.get_by_role("button", name="Gem samtalen").click()

    expect(page.get_by_text("Nøglesamtalen er gemt.")).to_be_visible()
    name = cast["medarbejder"].display_name
    expect(page.get_by_role("heading", level=1, name=f"Nøglesamtale med {name}")).to_be_visible()
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    assert_accessible(page)
    conversation = KeyConversation.objects.get()
    assert (conversation.calm, conversation.hope, conversation.immediate_action) == (True,) * 3
    assert conversation.handovers == [{"task": "Kontaktperson for stue 12", "to": "Bente"}]
    assert conversation.next_meeting_on == next_meeting

    phone = browser.new_context(viewport=PHONE, locale="da-DK", base_url=live_server.url)
    employee = phone.new_page()
    login(employee, live_server, "medarbejder")
    employee.get_by_role("link", name="Plejecenter Solhøj").click()
    employee.get_by_role("link", name="Nøglesamtalen").click()
    assert_accessible(employee)
    employee.get_by_role("link", name="Nøglesamtale").first.click()
    expect(
        employee.get_by_role("heading", level=1, name="Aftaler fra din nøglesamtale")
    ).to_be_visible()
    expect(
        employee.get_by_text("Personalemødet og kvalitetsgruppen er aflyst – æøå")
    ).to_be_visible()
    expect(employee.get_by_text("Kontaktperson for stue 12")).to_be_visible()
    expect(employee.get_by_text("Det siges af: Lederen, på morgenmødet")).to_be_visible()
    expect(employee.get_by_text(PRIVATE)).to_have_count(0)
    assert employee.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(employee)
    phone.close()


def test_the_tillidsvalgte_edit_the_priority_plan_on_a_phone(
    browser, live_server, cast, login, assert_accessible
):
    phone = browser.new_context(viewport=PHONE, locale="da-DK", base_url=live_server.url)
    page = phone.new_page()
    login(page, live_server, "tr")
    page.get_by_role("link", name="Plejecenter Solhøj").click()
    page.get_by_role("link", name="Prioriteringsplan").click()
    expect(page.get_by_role("heading", level=1, name="Prioriteringsplan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lav planen").click()
    page.get_by_label("Opgave", exact=True).first.fill("Personlig pleje og medicin")
    page.get_by_label("Note").first.fill("Altid to på vagt – æøå")
    page.get_by_label("Opgave", exact=True).nth(1).fill("Udflugter")
    page.get_by_label("Prioritet").nth(1).select_option("deprioritise")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.get_by_role("button", name="Gem som ny revision").click()
    expect(page.get_by_text("Prioriteringsplanen er gemt som en ny revision.")).to_be_visible()
    expect(page.get_by_text("Altid to på vagt – æøå")).to_be_visible()
    expect(page.get_by_role("link", name="Revision 1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    phone.close()
