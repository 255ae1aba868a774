"""Bilag 5 in the browser: a participant drops a ball on a phone from the reminder's
personal link (no login); then the manager's page shows the glass displays."""

import pytest
from playwright.sync_api import Page, expect

from riskmapping import services
from riskmapping.models import MailboxBall
from tests.helpers import round_running_since_yesterday

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_drop_a_ball_on_a_phone_through_the_personal_link(
    page: Page, browser, live_server, cast, solhoj, login, assert_accessible
):
    ball_round = round_running_since_yesterday(solhoj, cast["leder"])
    link = services.token_for(ball_round, cast["medarbejder"])

    phone = browser.new_context(viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen")
    drop = phone.new_page()
    drop.goto(f"{live_server.url}{link.get_absolute_url()}")
    expect(drop.get_by_role("heading", level=1, name="Smid dagens bold")).to_be_visible()
    expect(
        drop.get_by_text("Vær så konkret som mulig. Der skal ikke anføres navn.")
    ).to_be_visible()
    assert_accessible(drop)
    assert drop.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    drop.get_by_label("Din seddel: hvorfor?").fill("Telefonen afbrød medicinrunden – æøå")
    drop.get_by_role("button", name="Rød bold – en dag med mange belastninger").click()
    expect(drop.get_by_role("heading", level=1, name="Tak for din bold")).to_be_visible()
    expect(drop.get_by_text("1 rød bold", exact=True)).to_be_visible()
    expect(drop.get_by_text("0 grønne bolde", exact=True)).to_be_visible()
    assert_accessible(drop)
    phone.close()

    assert MailboxBall.objects.get().note == "Telefonen afbrød medicinrunden – æøå"

    login(page, live_server, "leder")
    page.goto(f"{live_server.url}{ball_round.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1, name="Boldmetoden")).to_be_visible()
    expect(page.get_by_text("Dag 2 af 14.")).to_be_visible()
    expect(page.get_by_text("Telefonen afbrød")).to_have_count(0)
    assert_accessible(page)
