"""HR runs the organisation in the app, at desktop and phone width: finds a person, gives
them a role elsewhere, moves them, and sets a workplace's reminder hour."""

import pytest
from playwright.sync_api import Page, expect

from workplaces.models import Membership, Workplace

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_hr_finds_gives_a_role_moves_and_sets_the_reminder_hour(
    page: Page, live_server, cast, solhoj, other_workplace, login, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "hr")
    if width < 768:
        page.get_by_role("button", name="Vis menu").click()
    page.get_by_role("link", name="Personer").click()
    expect(page.get_by_role("heading", level=1, name="Personer")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Navn, e-mail eller brugernavn").fill("amir")
    page.get_by_role("button", name="Søg").click()
    amir = cast["amir"]
    page.get_by_role("link", name=amir.display_name).click()
    expect(page.get_by_role("heading", level=1, name=amir.display_name)).to_be_visible()
    assert_accessible(page)

    # A role in one more workplace.
    nord = f"Hjemmeplejen Nord ({other_workplace.area.name})"
    page.locator("#id_add-workplace").select_option(label=nord)
    page.locator("#id_add-role").select_option(label="Tillidsrepræsentant (TR)")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.get_by_text("er tilføjet til Hjemmeplejen Nord")).to_be_visible()
    assert Membership.objects.get(user=amir, workplace=other_workplace).role == "tr"

    # The Solhøj membership moves: refused, since the person is already there.
    card = page.get_by_role("region", name="Plejecenter Solhøj: Arbejdsmiljørepræsentant")
    card.get_by_label("Flyt fra Plejecenter Solhøj til").select_option(label=nord)
    card.get_by_role("button", name="Flyt", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("er allerede medlem af Hjemmeplejen Nord")
    assert Membership.objects.filter(user=amir, workplace=solhoj).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The workplace's reminder hour, from its member page.
    page.goto(f"{live_server.url}/workplaces/{solhoj.slug}/members/")
    page.get_by_role("link", name="Indstillinger").click()
    page.get_by_label("Klokkeslæt for daglige påmindelser").select_option(label="15.00")
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Indstillingerne er gemt.")).to_be_visible()
    assert Workplace.objects.get(pk=solhoj.pk).reminder_hour == 15
