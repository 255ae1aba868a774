"""Bilag 5's dropping side in the browser: a phone-sized screen opens the kiosk link,
drops a ball without logging in and sees the glass displays fill; the manager of a round
on paper transcribes its notes by keyboard alone."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from riskmapping.balls import kiosk, services
from riskmapping.models import Ball, BallRound, DropRecord, MailboxBall
from tests.helpers import round_running_since_yesterday

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_drop_a_ball_on_the_kiosk_on_a_phone(
    page: Page, browser, live_server, cast, solhoj, assert_accessible
):
    """Issue 19.1 at 390 px: the participant reads their code of the day off their own
    page, types it at the kiosk with the note; a second try the same day is refused."""
    ball_round = round_running_since_yesterday(solhoj, cast["leder"])
    kiosk.enable_kiosk(ball_round, by=cast["leder"])
    services.drop_ball(ball_round, participant=cast["tr"], colour="red", note="Travlt")
    link = services.token_for(ball_round, cast["medarbejder"]).get_absolute_url()

    phone = browser.new_context(viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen")
    own = phone.new_page()
    own.goto(f"{live_server.url}{link}")
    code = own.locator(".day-code").inner_text()
    assert len(code) == kiosk.CODE_LENGTH

    screen = phone.new_page()
    screen.goto(f"{live_server.url}/k/{ball_round.kiosk_token}/")
    expect(screen.get_by_role("heading", level=1, name="Glasmontrene")).to_be_visible()
    # Today's balls (tr's red one) reach the glass once the day is over (k >= 5).
    expect(screen.get_by_text("0 røde bolde", exact=True)).to_be_visible()
    expect(screen.get_by_text("0 grønne bolde", exact=True)).to_be_visible()
    expect(screen.get_by_text("Dagens bolde kommer i glassene", exact=False)).to_be_visible()
    assert_accessible(screen)
    assert screen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    green = screen.get_by_role("button", name="Grøn bold – en energigivende dag")
    assert green.bounding_box()["height"] >= 48  # big enough for a finger

    # An unknown code first: refused in Danish beside the field.
    screen.get_by_label("Din kode for i dag").fill("ABCDEF")
    screen.get_by_label("Din seddel: hvorfor?").fill("Gæt")
    green.click()
    expect(screen.get_by_text("Koden passer ikke.", exact=False)).to_be_visible()
    assert_accessible(screen)

    screen.get_by_label("Din kode for i dag").fill(code.lower())
    screen.get_by_label("Din seddel: hvorfor?").fill("Godt samarbejde på aftenvagten – æøå")
    screen.get_by_role("button", name="Grøn bold – en energigivende dag").click()
    expect(screen.get_by_text("Tak for din bold. Den ligger nu i glasmontren.")).to_be_visible()
    # The glass does not move with one ball: whoever watches learns nothing of it.
    expect(screen.get_by_text("0 grønne bolde", exact=True)).to_be_visible()
    expect(screen.locator(".ball-green")).to_have_count(0)
    assert_accessible(screen)

    # The same person again: one ball a day, at the kiosk as by link.
    screen.get_by_label("Din kode for i dag").fill(code)
    screen.get_by_label("Din seddel: hvorfor?").fill("En gang til")
    screen.get_by_role("button", name="Rød bold – en dag med mange belastninger").click()
    expect(screen.get_by_text("Du har allerede smidt en bold i dag.")).to_be_visible()

    # Another ball from elsewhere: the refreshed glass (htmx) still shows none of today's.
    amir = kiosk.day_code(services.token_for(ball_round, cast["amir"]), timezone.localdate())
    kiosk.kiosk_drop(ball_round, code=amir, colour="red", note="Mange afbrydelser")
    with screen.expect_response(lambda r: "/k/" in r.url and r.request.method == "GET"):
        pass  # the next refresh of the glass displays
    expect(screen.get_by_text("0 røde bolde", exact=True)).to_be_visible()
    phone.close()

    notes = set(MailboxBall.objects.values_list("note", flat=True))
    assert notes == {"Travlt", "Godt samarbejde på aftenvagten – æøå", "Mange afbrydelser"}
    assert DropRecord.objects.count() == 3


def test_paper_notes_are_transcribed_by_keyboard_alone(
    page: Page, live_server, cast, solhoj, login, assert_accessible
):
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=timezone.localdate() - timedelta(days=14),
        weekends_count=True,
        mode=BallRound.Mode.PAPER,
    )
    services.start_round(ball_round, by=cast["leder"])
    login(page, live_server, "leder")
    page.goto(
        f"{live_server.url}/workplaces/{solhoj.slug}/boldmetoden/{ball_round.pk}/papir/sedler/"
    )
    expect(page.get_by_role("heading", level=1, name="Tast sedlerne ind")).to_be_visible()
    assert_accessible(page)
    note = page.get_by_label("Sedlens tekst")
    expect(note).to_be_focused()

    page.keyboard.type("For mange vikarer")
    page.keyboard.press("Enter")  # red is chosen to begin with
    expect(page.get_by_text("Sedlen er gemt. Skriv den næste.")).to_be_visible()
    expect(note).to_be_focused()
    expect(note).to_have_value("")

    page.keyboard.type("Godt kaffemøde")
    page.keyboard.press("Tab")  # to the colours
    page.keyboard.press("ArrowRight")  # green
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tastet ind – røde sedler: 1, grønne sedler: 1.")).to_be_visible()
    expect(page.get_by_label("Grøn")).to_be_checked()  # stays for the next note

    page.keyboard.type("godt  KAFFEMØDE")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Mulig dublet")
    expect(page.get_by_role("button", name="Ja, det er en anden seddel – gem den")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tastet ind – røde sedler: 1, grønne sedler: 2.")).to_be_visible()

    notes = sorted(Ball.objects.values_list("colour", "note", "day"))
    assert notes == [
        ("green", "Godt kaffemøde", None),
        ("green", "godt  KAFFEMØDE", None),
        ("red", "For mange vikarer", None),
    ]
