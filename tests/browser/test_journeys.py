import re

import pytest
from playwright.sync_api import Page, expect

from workplaces.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)

STEP_TITLES = [
    "Viden om stress",
    "Lokale retningslinjer",
    "Prioriteringsplan",
    "Nøglesamtalen",
    "Boldmetoden",
    "Dialogmetoden",
    "IGLO-handleplan",
]
PHONE = {"width": 390, "height": 844}


def _page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _open_solhoj_from_home(page: Page, assert_accessible) -> None:
    expect(page.get_by_role("heading", name="Dine arbejdspladser")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Plejecenter Solhøj").click()
    expect(page.get_by_role("heading", level=1, name="Plejecenter Solhøj")).to_be_visible()
    steps = page.get_by_role("heading", level=3)
    expect(steps).to_have_count(7)
    for number, title in enumerate(STEP_TITLES, start=1):
        expect(steps.nth(number - 1)).to_have_text(re.compile(rf"Bilag {number}:\s*{title}"))
    assert_accessible(page)


def test_employee_reaches_the_seven_steps(page: Page, live_server, cast, login, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
    assert_accessible(page)

    login(page, live_server, "medarbejder")

    expect(page).to_have_title(re.compile("^Mine arbejdspladser"))
    _open_solhoj_from_home(page, assert_accessible)


@pytest.mark.browser_context_args(viewport=PHONE)
def test_employee_on_a_phone_uses_the_menu(page: Page, live_server, cast, login, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    login(page, live_server, "medarbejder")
    _open_solhoj_from_home(page, assert_accessible)
    assert _page_width(page) == PHONE["width"]

    log_out = page.get_by_role("button", name="Log ud")
    expect(log_out).to_be_hidden()
    page.get_by_role("button", name="Vis menu").click()
    expect(log_out).to_be_visible()
    assert_accessible(page)
    log_out.click()

    expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
    page.goto(live_server.url)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_manager_adds_a_member(page: Page, live_server, cast, login, assert_accessible):
    login(page, live_server, "leder")
    page.get_by_role("link", name="Plejecenter Solhøj").click()
    page.get_by_role("link", name="Medlemmer").click()
    expect(page.get_by_role("heading", level=1, name="Medlemmer")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tilføj medlem").click()
    expect(page.get_by_role("heading", level=1, name="Tilføj medlem")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.get_by_text("Dette felt er påkrævet.").first).to_be_visible()
    expect(page.get_by_label("Fornavn")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("Fornavn").fill("Birthe")
    page.get_by_label("Efternavn").fill("Ørnsø")
    page.get_by_label("E-mail").fill("birthe.ornso@example.dk")
    page.get_by_label("Rolle").select_option(label="Arbejdsmiljørepræsentant (AMiR)")
    page.get_by_role("button", name="Tilføj", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(
        "Birthe Ørnsø er tilføjet som Arbejdsmiljørepræsentant (AMiR)."
    )
    row = page.get_by_role("row").filter(has_text="Birthe Ørnsø")
    expect(row).to_contain_text("birthe.ornso@example.dk")
    assert Membership.objects.filter(user__email="birthe.ornso@example.dk").exists()
    assert_accessible(page)


@pytest.mark.browser_context_args(viewport=PHONE)
def test_member_table_scrolls_in_its_own_box_on_a_phone(
    page: Page, live_server, cast, login, assert_accessible
):
    login(page, live_server, "leder")
    page.goto(f"{live_server.url}/workplaces/plejecenter-solhoj/members/")
    expect(page.get_by_role("table")).to_contain_text("leder@example.dk")
    # The visually hidden cells of the wide table must not widen the page itself.
    assert _page_width(page) == PHONE["width"]
    assert_accessible(page)


def test_wrong_password_shows_a_danish_error(page: Page, live_server, cast, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Brugernavn").fill("medarbejder")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_text("Indtast venligst korrekt brugernavn og adgangskode.")).to_be_visible()
    expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
    assert_accessible(page)


def test_hr_filters_all_workplaces_and_opens_admin(
    page: Page, live_server, cast, login, assert_accessible
):
    login(page, live_server, "hr")
    page.get_by_role("link", name="Alle arbejdspladser").click()
    expect(page.get_by_role("heading", level=1, name="Alle arbejdspladser")).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Plejecenter Solhøj")
    expect(table).to_contain_text("Hjemmeplejen Nord")
    assert_accessible(page)

    page.get_by_label("Søg").fill("solhøj")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"q=solh"))
    expect(table).to_contain_text("Plejecenter Solhøj")
    expect(table).not_to_contain_text("Hjemmeplejen Nord")
    expect(table.locator("caption")).to_have_text("1 arbejdsplads")
    assert_accessible(page)

    page.get_by_role("link", name="Administration").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
