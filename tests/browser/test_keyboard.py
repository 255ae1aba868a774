"""The three jobs the issue names, by keyboard alone (no mouse, no click): an employee drops
a ball from the personal link, and the manager starts an IGLO plan and adds an action to
it. (Sorting by keyboard is in test_ball_sorting.py, paper transcription in test_kiosk.py.)"""

import pytest
from playwright.sync_api import Page, expect

from iglo.models import IgloAction, IgloPlan
from riskmapping.balls import services
from riskmapping.models import MailboxBall
from tests.helpers import round_running_since_yesterday

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "plejecenter-solhoj"


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user would),
    failing if it is never reached."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_ball_is_dropped_by_keyboard_alone(page: Page, live_server, cast, solhoj):
    ball_round = round_running_since_yesterday(solhoj, cast["leder"])
    link = services.token_for(ball_round, cast["medarbejder"])

    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    tab_to(page, "textarea")
    page.keyboard.type("Ingen pause i dag")
    tab_to(page, "button[value=red]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1, name="Tak for din bold")).to_be_visible()
    assert list(MailboxBall.objects.values_list("colour", "note")) == [("red", "Ingen pause i dag")]


def test_an_iglo_plan_and_action_are_made_by_keyboard_alone(
    page: Page, live_server, cast, solhoj, login
):
    login(page, live_server, "leder")
    page.goto(f"{live_server.url}/workplaces/{SLUG}/iglo/new/")
    tab_to(page, "input[name=title]")
    page.keyboard.type("Travlhed i aftenvagten")
    tab_to(page, "main form [type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="IGLO-handleplan")).to_be_visible()
    plan = IgloPlan.objects.get(title="Travlhed i aftenvagten")

    tab_to(page, "a#add-group")  # "Tilføj handling – Gruppe"
    page.keyboard.press("Enter")
    page.wait_for_url("**/actions/new/?level=group")
    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Fast pause med makkeren")
    tab_to(page, "main form [type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Fast pause med makkeren").first).to_be_visible()
    action = IgloAction.objects.get(plan=plan)
    assert (action.level, action.text) == ("group", "Fast pause med makkeren")


def test_a_table_region_is_a_tab_stop_only_while_it_scrolls(
    page: Page, live_server, cast, solhoj, login
):
    # static/js/scroll-regions.js: wide tables scroll in a region a keyboard user can
    # focus; where the table fits, the region is one Tab less.
    # The dashboard's table: the guidelines' grid stacks instead on a narrow screen.
    login(page, live_server, "hr")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/oversight/")
    region = page.locator(".table-responsive[role=region]").first
    expect(region).not_to_have_attribute("tabindex", "0")

    page.set_viewport_size({"width": 320, "height": 900})
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region).not_to_have_js_property("scrollLeft", 0)

    page.set_viewport_size({"width": 1280, "height": 900})  # kept while focused
    expect(region).to_have_attribute("tabindex", "0")
    page.keyboard.press("Tab")
    expect(region).not_to_have_attribute("tabindex", "0")
