"""Bilag 5 after the days, in the browser: the manager sorts the notes by keyboard (a select
and a button) and by drag and drop, opens the staff meeting, an employee on a phone goes to
a red heading and writes a proposal, the manager gives it its track and makes the IGLO
plan; the sorting, meeting and results pages pass axe-core."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from riskmapping.balls import services
from riskmapping.models import Ball, BallRound, Category, Proposal
from riskmapping.sorting import services as sorting
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _round_being_sorted(cast, solhoj) -> BallRound:
    """Five people dropped a ball on the first day: enough for the figures to be shown."""
    first_day = timezone.localdate() - timedelta(days=20)
    helpers = [MembershipFactory(workplace=solhoj).user for _ in range(2)]
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=first_day, weekends_count=True
    )
    services.start_round(ball_round, by=cast["leder"])
    for person, colour, note in [
        (cast["tr"], "red", "Telefonen afbrød medicinrunden"),
        (cast["amir"], "red", "Ingen pause i aftenvagten"),
        (cast["medarbejder"], "green", "God overlevering"),
        (helpers[0], "red", "Ingen pause i aftenvagten"),
        (helpers[1], "green", "God overlevering"),
    ]:
        services.drop_ball(
            ball_round, participant=person, colour=colour, note=note, today=first_day
        )
    return services.begin_sorting(ball_round, by=cast["leder"])


def _propose_on_a_phone(browser, live_server, ball_round, login, assert_accessible) -> None:
    """An employee on a phone goes to the red heading and writes a proposal."""
    phone = browser.new_context(viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen")
    mobile = phone.new_page()
    login(mobile, live_server, "medarbejder")
    mobile.goto(f"{live_server.url}{ball_round.get_absolute_url()}")
    mobile.get_by_role("link", name="Til personalemødet").click()
    mobile.get_by_role("button", name="Gå til »Travlhed«").click()
    expect(mobile.get_by_text("Du er ved »Travlhed«.")).to_be_visible()
    mobile.get_by_label("Dit løsningsforslag").fill("Telefonen gives til en kollega – æøå")
    mobile.get_by_role("button", name="Gem forslaget").click()
    expect(mobile.get_by_text("Forslaget er gemt.")).to_be_visible()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(mobile)
    phone.close()


def _add_headings(page: Page) -> None:
    for colour, title in (("Rød", "Travlhed"), ("Grøn", "Gode dage")):
        page.get_by_label("Farve").select_option(label=colour)
        page.get_by_label("Overskrift", exact=True).fill(title)
        page.get_by_role("button", name="Tilføj overskrift").click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()


def _tick_and_drag(page: Page, red: Category, green: Category) -> None:
    """Sort the five notes: ticked by keyboard and moved at once, dragged, set aside."""
    # Identical notes are one card with their count, and move together.
    twice = page.locator(".note-card", has_text="Ingen pause i aftenvagten")
    expect(twice).to_have_count(1)
    expect(twice).to_contain_text("2 ens sedler")
    # By keyboard: tick a card, choose the heading in the move bar, press Enter.
    page.get_by_role("checkbox", name="Rød seddel: Ingen pause i aftenvagten").focus()
    page.keyboard.press("Space")
    page.get_by_label("Flyt de valgte sedler til").select_option(label="Travlhed")
    page.get_by_role("button", name="Flyt de valgte").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f'.drop-zone[data-category="{red.pk}"]')).to_contain_text(
        "Ingen pause i aftenvagten"
    )
    assert Ball.objects.filter(category=red).count() == 2

    # By drag and drop: the board comes back from the server without a page load.
    for text, heading in (("Telefonen afbrød medicinrunden", red), ("God overlevering", green)):
        # Picked up by its text, not by the tick box inside it.
        page.locator(".note-card", has_text=text).drag_to(
            page.locator(f'.drop-zone[data-category="{heading.pk}"]'),
            source_position={"x": 60, "y": 10},
        )
        expect(
            page.locator(f'.drop-zone[data-category="{heading.pk}"]', has_text=text)
        ).to_be_visible()
    expect(page.locator("#board-announce")).to_contain_text("Gode dage")
    assert (Ball.objects.filter(category=red).count(), green.balls.count()) == (3, 2)
    # Both green notes set aside in one move, then back under their heading.
    for where in ("Læg til side", "Gode dage"):
        page.get_by_role("checkbox", name="Grøn seddel: God overlevering").check()
        page.get_by_label("Flyt de valgte sedler til").select_option(label=where)
        page.get_by_role("button", name="Flyt de valgte").click()
        expect(page.locator("#board-announce")).to_contain_text(where)
    assert green.balls.count() == 2


def test_sort_meet_propose_and_plan(
    page: Page, browser, live_server, cast, solhoj, login, assert_accessible
):
    ball_round = _round_being_sorted(cast, solhoj)
    login(page, live_server, "leder")
    page.goto(f"{live_server.url}{ball_round.get_absolute_url()}")
    page.get_by_role("link", name="Sortér sedlerne").click()
    expect(page.get_by_role("heading", level=1, name="Sortering af sedlerne")).to_be_visible()

    _add_headings(page)
    red = Category.objects.get(title="Travlhed")
    green = Category.objects.get(title="Gode dage")
    assert_accessible(page)

    _tick_and_drag(page, red, green)
    expect(page.get_by_text("Alle sedler er sorteret.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sorteringen er færdig: gå videre til personalemødet").click()
    expect(page.get_by_text("Runden er nu: Personalemøde.")).to_be_visible()

    _propose_on_a_phone(browser, live_server, ball_round, login, assert_accessible)
    proposal = Proposal.objects.get()
    assert proposal.text == "Telefonen gives til en kollega – æøå"

    # The projector shows it; the manager gives it a track and makes the IGLO plan.
    page.goto(f"{live_server.url}{ball_round.get_absolute_url()}")
    page.get_by_role("link", name="Projektor").click()
    expect(page.get_by_text("Telefonen gives til en kollega – æøå")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Til mødesiden på telefonen").click()
    page.get_by_label("Handles straks eller arbejdes videre med?").select_option(
        label="1: Handles straks"
    )
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(f"#forslag-{proposal.pk} .badge")).to_have_text("Handles straks")
    assert_accessible(page)
    page.get_by_role("button", name="Lav IGLO-handleplan for »Travlhed«").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("IGLO-handleplan")
    expect(page.get_by_text("IGLO-handleplanen for »Travlhed« er lavet.")).to_be_visible()
    expect(page.get_by_text("Telefonen gives til en kollega – æøå").first).to_be_visible()

    # Done: the results on the round page.
    page.goto(f"{live_server.url}{ball_round.get_absolute_url()}")
    page.get_by_role("button", name="Mødet er slut: afslut runden").click()
    expect(page.get_by_role("heading", name="Resultater")).to_be_visible()
    expect(page.get_by_text("5 personer har smidt bolde.")).to_be_visible()
    expect(page.get_by_role("img", name="Røde og grønne bolde pr. dag")).to_be_visible()
    assert_accessible(page)


def test_a_phone_sorts_many_notes_by_ticking_them_with_the_keyboard(
    browser, live_server, cast, solhoj, login, assert_accessible
):
    """At 390 px: filter to the unsorted red notes, tick three by keyboard, move them in one
    go; identical notes are one card with their count."""
    ball_round = _round_being_sorted(cast, solhoj)
    Ball.objects.bulk_create(
        [Ball(round=ball_round, colour="red", note=text) for text in ("Vagtplan", " vagtplan ")]
        + [Ball(round=ball_round, colour="green", note="Kaffe")]
    )
    red = sorting.add_category(ball_round, colour="red", title="Travlhed")
    phone = browser.new_context(viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen")
    page = phone.new_page()
    login(page, live_server, "leder")
    page.goto(f"{live_server.url}/workplaces/{solhoj.slug}/boldmetoden/{ball_round.pk}/sortering/")
    expect(page.locator(".note-card", has_text="Vagtplan")).to_contain_text("2 ens sedler")

    page.get_by_label("Kun røde").check()
    page.get_by_label("Kun usorterede").check()
    expect(page.locator(".note-card", has_text="Kaffe")).to_be_hidden()
    expect(page.get_by_role("heading", name="Røde overskrifter")).to_be_hidden()
    boxes = page.locator(".note-pick:visible")
    expect(boxes).to_have_count(3)  # Telefonen, Ingen pause (2), Vagtplan (2)
    for index in range(3):
        boxes.nth(index).focus()
        page.keyboard.press("Space")
    expect(page.locator(".note-pick:checked")).to_have_count(3)
    page.get_by_label("Flyt de valgte sedler til").focus()
    page.keyboard.press("ArrowDown")  # from "Usorteret" to the first red heading
    expect(page.get_by_label("Flyt de valgte sedler til")).to_have_value(str(red.pk))
    page.get_by_role("button", name="Flyt de valgte").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#board-announce")).to_contain_text("Travlhed")
    assert red.balls.count() == 5
    # The filters stay on after the board came back; the green notes are all that is left.
    expect(page.get_by_label("Kun usorterede")).to_be_checked()
    page.get_by_label("Røde og grønne").check()
    expect(page.locator(".note-card:visible")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    phone.close()
