"""Paper mode's counts in Chromium: what a manager's keyboard slips do to saved counts."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from riskmapping.balls import paper, services
from riskmapping.models import BallRound, PaperCount

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_letters_and_a_cleared_field_never_replace_saved_counts(
    page: Page, live_server, cast, solhoj, login, assert_accessible, width
):
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=timezone.localdate() - timedelta(days=2),
        weekends_count=True,
        mode=BallRound.Mode.PAPER,
    )
    services.start_round(ball_round, by=cast["leder"])
    first, second, third = ball_round.drop_days[:3]
    paper.save_paper_counts(ball_round, by=cast["leder"], counts={first: (7, 3), second: (4, 4)})
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "leder")
    page.goto(f"{live_server.url}/workplaces/{solhoj.slug}/boldmetoden/{ball_round.pk}/papir/tal/")
    # The cursor starts in the first day without counts: day 3.
    expect(page.locator(f"#id_red_{third.isoformat()}")).to_be_focused()
    assert_accessible(page)

    # "7a" typed over the saved 7: refused in Danish, the cursor back in that field.
    red_one = page.locator(f"#id_red_{first.isoformat()}")
    red_one.fill("")
    red_one.press_sequentially("7a")
    page.get_by_role("button", name="Gem tallene").click()
    expect(page.get_by_text("Ret de markerede tal. Intet er gemt.")).to_be_visible()
    expect(page.get_by_text("Skriv et helt tal.")).to_be_visible()
    expect(page.locator(f"#id_red_{first.isoformat()}")).to_be_focused()
    assert_accessible(page)

    # Day 2's green cleared by mistake, day 3 typed in: day 2 stays, day 3 is saved.
    page.goto(page.url)
    page.locator(f"#id_green_{second.isoformat()}").fill("")
    page.locator(f"#id_red_{third.isoformat()}").fill("2")
    page.locator(f"#id_green_{third.isoformat()}").fill("5")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tallene er gemt for")).to_be_visible()
    saved = {c.day: (c.red, c.green) for c in PaperCount.objects.all()}
    assert saved == {first: (7, 3), second: (4, 4), third: (2, 5)}

    # A real correction is shown before it is saved, then confirmed.
    page.locator(f"#id_red_{first.isoformat()}").fill("6")
    page.keyboard.press("Enter")
    warning = page.locator("#corrections")
    expect(warning).to_contain_text("røde 7 → 6, grønne 3 → 3")
    assert_accessible(page)
    assert PaperCount.objects.get(day=first).red == 7
    warning.get_by_role("button", name="Ja, gem rettelserne").click()
    expect(page.get_by_text("Tallene er gemt for")).to_be_visible()
    assert PaperCount.objects.get(day=first).red == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= width
