"""Mine data on a phone, and HR removing a person who has left; axe-core on each page."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import KeyConversationFactory
from workplaces.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_employee_finds_mine_data_from_the_menu_on_a_phone(
    page: Page, live_server, cast, solhoj, login, assert_accessible
):
    KeyConversationFactory(workplace=solhoj, manager=cast["leder"], employee=cast["medarbejder"])
    page.set_viewport_size(PHONE)
    login(page, live_server, "medarbejder")
    page.get_by_role("button", name="Vis menu").click()
    page.get_by_role("link", name="Mine data").click()
    expect(page.get_by_role("heading", level=1, name="Mine data")).to_be_visible()
    expect(page.get_by_text("Møderne i uge 48 er aflyst")).to_be_visible()
    expect(page.get_by_text("ingen tabel forbinder en bold med den")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som JSON").click()
    assert download.value.suggested_filename.endswith(".json")


def test_hr_removes_a_person_from_the_admin(
    page: Page, live_server, cast, login, assert_accessible
):
    person = cast["medarbejder"]
    login(page, live_server, "hr")
    page.goto(f"{live_server.url}/admin/workplaces/user/{person.pk}/change/")
    page.get_by_role("link", name="Fjern (personen er stoppet)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fjern")
    assert_accessible(page)
    page.get_by_role("button", name="Fjern personen").click()
    expect(page.get_by_text("vises nu som »Tidligere medarbejder«")).to_be_visible()
    person = User.objects.get(pk=person.pk)
    assert (person.get_full_name(), person.is_active) == ("Tidligere medarbejder", False)
