"""Bilag 5 in the browser: a participant drops a ball on a phone from the reminder's
personal link (no login); then the manager's page shows the glass displays."""

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from riskmapping.balls import services
from riskmapping.models import MailboxBall
from tests.browser.test_axe_sweep import sign_in
from tests.factories import MembershipFactory
from tests.helpers import round_running_since_yesterday
from tests.riskmapping.conftest import past_round  # noqa: F401 (the fixture, used below)

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
    # No glass that moves with one ball: today's balls count once the day is over (k >= 5).
    expect(drop.get_by_text("Dagens bolde kommer i glassene", exact=False)).to_be_visible()
    expect(drop.get_by_text("1 rød bold", exact=True)).to_have_count(0)
    assert_accessible(drop)
    phone.close()

    assert MailboxBall.objects.get().note == "Telefonen afbrød medicinrunden – æøå"

    login(page, live_server, "leder")
    page.goto(f"{live_server.url}{ball_round.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1, name="Boldmetoden")).to_be_visible()
    expect(page.get_by_text("Dag 2 af 14.")).to_be_visible()
    expect(page.get_by_text("Telefonen afbrød")).to_have_count(0)
    assert_accessible(page)


# Each bar's drawn box, in the order the SVG lists them (red then green, day by day).
DRAWN_BARS = """() => [...document.querySelectorAll(".results-chart rect[fill^='url(#']")]
  .map(bar => { const box = bar.getBoundingClientRect();
                return {x: box.x, width: box.width, height: box.height}; })"""


@pytest.mark.parametrize(
    ("locale", "title"),
    [("da-DK", "Røde og grønne bolde pr. dag"), ("en-GB", "Red and green balls per day")],
)
def test_results_chart_draws_bars_in_proportion_to_the_counts(
    locale,
    title,
    browser,
    live_server,
    cast,
    solhoj,
    past_round,  # noqa: F811
):
    MembershipFactory(workplace=solhoj)  # six participants, six drops a day
    # Day 1: 4 red, 2 green; day 2: 5 red; the other days none, so (fewer than 5 balls)
    # they are merged into day 2's span: two bars of each colour.
    past_round(
        [("red", "Travlt"), ("red", "Telefonen"), ("green", "God dag")] * 2
        + [("red", "Vagtplan")] * 5
    )
    context = browser.new_context(locale=locale, timezone_id="Europe/Copenhagen")
    page = context.new_page()
    sign_in(context, cast["leder"], live_server.url)
    page.goto(f"{live_server.url}{reverse('riskmapping:ballround', args=[solhoj.slug])}")
    expect(page.get_by_role("img", name=title)).to_be_visible()

    bars = page.evaluate(DRAWN_BARS)
    counts = [4, 2, 5, 0]
    assert len(bars) == len(counts)
    per_ball = bars[0]["height"] / 4
    assert per_ball > 10
    for bar, count in zip(bars, counts, strict=True):
        assert bar["height"] == pytest.approx(count * per_ball, abs=1.5)
        assert bar["width"] > 5
    lefts = [bar["x"] for bar in bars]
    assert lefts == sorted(lefts)
    context.close()
