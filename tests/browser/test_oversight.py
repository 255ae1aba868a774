"""HR's dashboard in the browser: filter, sort, accessible at desktop and phone width."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from riskmapping.models import BallRound
from tests.factories import AreaFactory, WorkplaceFactory
from tests.oversight_rounds import ball_round

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_hr_filters_and_sorts_the_dashboard(
    page: Page, live_server, cast, solhoj, login, assert_accessible
):
    WorkplaceFactory(name="Børnehaven Æblehaven", area=AreaFactory(name="Børn og Unge"))
    login(page, live_server, "hr")
    page.get_by_role("link", name="Alle arbejdspladser").click()
    expect(page.get_by_role("heading", level=1, name="Alle arbejdspladser")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_have_text("3 arbejdspladser")
    expect(table.get_by_role("columnheader", name="Område")).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert_accessible(page)

    page.get_by_label("Type").select_option(label="Udekørende")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"kind=mobile"))
    expect(table.locator("caption")).to_have_text("1 arbejdsplads")
    expect(table).to_contain_text("Hjemmeplejen Nord")
    expect(table).not_to_contain_text("Plejecenter Solhøj")

    page.get_by_label("Type").select_option(label="Alle")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.get_by_role("link", name="Arbejdsplads", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    names = table.locator("tbody th[scope=row]")
    expect(names).to_have_text(
        [re.compile("^Børnehaven"), re.compile("^Hjemmeplejen"), re.compile("^Plejecenter")]
    )
    page.get_by_role("link", name="Arbejdsplads", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=-name"))
    expect(table.get_by_role("columnheader", name="Arbejdsplads")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(names.first).to_contain_text("Plejecenter Solhøj")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    assert_accessible(page)


def test_hr_opens_the_trends_of_the_ball_method(
    page: Page, live_server, cast, solhoj, login, assert_accessible
):
    vej = WorkplaceFactory(name="Vejcentret", area=AreaFactory(name="Teknik og Miljø"))
    ball_round(solhoj, first_day=date(2025, 3, 3), people=5, red=2, green=3)
    ball_round(
        solhoj,
        first_day=date(2026, 9, 7),
        people=6,
        red=30,
        green=54,
        mode=BallRound.Mode.PAPER,
        status=BallRound.Status.MEETING,
    )
    ball_round(vej, first_day=date(2025, 3, 3), people=4, red=5, green=2)
    login(page, live_server, "hr")
    page.get_by_role("link", name="Alle arbejdspladser").click()
    solhoj_row = page.get_by_role("row", name=re.compile("^Plejecenter Solhøj"))
    expect(solhoj_row).to_contain_text("36 % røde · 64 % grønne")
    expect(page.get_by_role("row", name=re.compile("^Vejcentret"))).to_contain_text(
        "for få deltagere"
    )

    page.get_by_role("link", name="Udvikling i boldmetoden").click()
    expect(page.get_by_role("heading", level=1, name="Udvikling i boldmetoden")).to_be_visible()
    chart = page.get_by_role("img", name="Røde og grønne bolde pr. måling: Plejecenter Solhøj")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Tal for Plejecenter Solhøj")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table).to_contain_text("40 %")
    expect(page.get_by_role("table", name="Tal for Vejcentret")).to_contain_text("for få deltagere")
    assert_accessible(page)

    page.get_by_label("Område", exact=True).select_option(label="Teknik og Miljø")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("img")).to_have_count(2)  # the area's chart and Vejcentret's
    expect(page.get_by_role("table", name="Tal for Plejecenter Solhøj")).to_have_count(0)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    box = page.get_by_role("img").first.bounding_box()
    assert box is not None
    assert box["width"] <= PHONE["width"]


def test_manager_orders_materials_and_hr_plans_them(
    page: Page, live_server, cast, solhoj, login, assert_accessible
):
    login(page, live_server, "leder")
    page.goto(f"{live_server.url}{solhoj.get_absolute_url()}")
    page.get_by_role("link", name="Bestil materialer til boldmetoden hos HR").click()
    expect(page.get_by_label(re.compile("glasmontre"))).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Besked til HR").fill("Gerne i uge 12")
    page.get_by_role("button", name="Send til HR").click()
    expect(page.get_by_text("Bestillingen er sendt til HR/Arbejdsmiljø.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live_server, "hr")
    page.get_by_role("link", name="Bestillinger", exact=True).click()
    expect(page.get_by_role("table")).to_contain_text("Plejecenter Solhøj")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Behandl")).click()
    page.get_by_label("Status").select_option(label="Planlagt")
    page.get_by_label("Planlagt dato").fill("2026-03-02")
    page.get_by_label("Svar til arbejdspladsen").fill("Vi kommer mandag.")
    assert_accessible(page)
    page.get_by_role("button", name="Gem og giv besked").click()
    expect(page.get_by_text("Bestillingen er opdateret")).to_be_visible()
    page.set_viewport_size(PHONE)
    assert_accessible(page)


def test_at_1280_px_the_menu_is_one_line_and_status_is_not_cut_off(
    browser, live_server, cast, solhoj, login, tmp_path
):
    for i in range(4):
        WorkplaceFactory(name=f"Børnehaven Æblehaven {i}", area=AreaFactory(name=f"Børn {i}"))
    # The longest kind of name, so the menu's width does not depend on the factory's pick.
    hr = cast["hr"]
    hr.first_name, hr.last_name = "Christoffer Emil", "Kristiansen-Vestergaard"
    hr.save(update_fields=["first_name", "last_name"])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    login(page, live_server, "hr")
    page.get_by_role("link", name="Alle arbejdspladser").click()
    expect(page.get_by_role("heading", level=1, name="Alle arbejdspladser")).to_be_visible()
    links = page.locator("#main-nav .nav-link")
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert len({round(box["y"]) for box in boxes}) == 1  # one line ...
    assert len({round(box["height"]) for box in boxes}) == 1  # ... and no link wraps
    assert max(box["x"] + box["width"] for box in boxes) <= 1280
    status = page.get_by_role("columnheader", name="Status").bounding_box()
    assert status["x"] + status["width"] <= 1280
    region = page.locator(".table-responsive").first
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing scrolled away
    page.screenshot(path=tmp_path / "oversight-1280.png")
    context.close()
