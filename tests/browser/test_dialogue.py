"""Bilag 6 in the browser: the projector and two phones follow the same phase changes
within two seconds; a note being typed survives a phase change; a phone that loses its
connection sends its note once when back; the pages pass axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from riskmapping.dialogue import services as dialogue
from riskmapping.models import StickyNote
from riskmapping.sorting import services as sorting
from tests.riskmapping.dialogue_setup import planned, running

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
FOLLOW_MS = 2000  # every screen follows a phase change within two seconds
POLL_MS = 1500  # a phone asks for the meeting's state this often (static/js/dialogue.js)


def _phone(browser):
    return browser.new_context(viewport=PHONE, locale="da-DK", timezone_id="Europe/Copenhagen")


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _next_phase(board: Page) -> None:
    board.get_by_role("button", name="Næste fase").click()
    board.wait_for_load_state("load")


def test_projector_and_two_phones_follow_the_phases(
    page: Page, browser, live_server, cast, solhoj, login, assert_accessible
):
    meeting = planned(cast, solhoj)
    board_url = f"{live_server.url}/workplaces/{solhoj.slug}/dialogmetoden/{meeting.pk}/tavle/"
    login(page, live_server, "leder")
    page.goto(board_url)
    expect(page.get_by_role("heading", name="Mødet er ikke begyndt")).to_be_visible()
    expect(page.get_by_text(meeting.join_code, exact=True)).to_be_visible()
    # The QR code draws (an SVG without its namespace is a broken image).
    qr = page.get_by_role("img", name="QR-kode til")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0
    assert_accessible(page)

    member_context, guest_context = _phone(browser), _phone(browser)
    member = member_context.new_page()
    login(member, live_server, "medarbejder")
    member.goto(f"{live_server.url}{meeting.join_path()}")
    expect(member.get_by_role("heading", level=1, name="Mødet er ikke begyndt")).to_be_visible()
    assert_accessible(member)

    # A guest types the code, gives a name and waits; the manager lets her in.
    guest = guest_context.new_page()
    guest.goto(f"{live_server.url}/m/")
    guest.get_by_label("Mødekoden fra skærmen").fill(meeting.join_code.lower())
    guest.get_by_role("button", name="Deltag").click()
    guest.get_by_label("Dit navn").fill("Vikar Vera")
    guest.get_by_role("button", name="Bed om at komme ind").click()
    expect(guest.get_by_text("Lederen skal lukke dig ind")).to_be_visible()
    assert_accessible(guest)
    page.get_by_role("button", name="Luk Vikar Vera ind").click(timeout=FOLLOW_MS + 1000)
    expect(guest.get_by_role("heading", level=1, name="Mødet er ikke begyndt")).to_be_visible(
        timeout=FOLLOW_MS
    )

    page.get_by_role("button", name="Start mødet").click()
    expect(page.get_by_role("heading", name="Introduktion")).to_be_visible()
    for phone in (member, guest):
        expect(phone.get_by_role("heading", level=1, name="Introduktion")).to_be_visible(
            timeout=FOLLOW_MS
        )

    _next_phase(page)
    for phone in (member, guest):
        expect(phone.get_by_role("heading", level=1, name="Gruppearbejde")).to_be_visible(
            timeout=FOLLOW_MS
        )
    expect(member.get_by_text("0 af 3 røde og 0 af 3 grønne")).to_be_visible()
    assert_accessible(member)
    _fits(member)

    # The member is typing when the facilitator moves on: the text stays, is sent, and
    # the new phase shows afterwards.
    member.get_by_label("Jeres post-it").fill("Kørelisten ændres hele tiden")
    _next_phase(page)
    expect(guest.get_by_role("heading", level=1, name="Grupperne fremlægger")).to_be_visible(
        timeout=FOLLOW_MS
    )
    expect(member.get_by_text("Mødet er gået videre til: Grupperne fremlægger")).to_be_visible(
        timeout=FOLLOW_MS
    )
    expect(member.get_by_label("Jeres post-it")).to_have_value("Kørelisten ændres hele tiden")
    member.get_by_role("button", name="Sæt post-it'en op").click()
    expect(member.get_by_role("heading", level=1, name="Grupperne fremlægger")).to_be_visible(
        timeout=FOLLOW_MS
    )
    assert list(StickyNote.objects.values_list("note", flat=True)) == [
        "Kørelisten ændres hele tiden"
    ]
    # The projector counts the group's red note (which group presents first varies).
    expect(page.get_by_role("table")).to_contain_text("1/3", timeout=FOLLOW_MS)
    assert_accessible(page)
    member_context.close()
    guest_context.close()


def test_a_phone_offline_keeps_its_note_and_sends_it_once(
    browser, live_server, cast, solhoj, login, assert_accessible
):
    meeting = running(cast, solhoj)
    context = _phone(browser)
    phone = context.new_page()
    phone.clock.install()  # the polls' clock, moved on below instead of waiting
    posts = []
    phone.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    login(phone, live_server, "medarbejder")
    phone.goto(f"{live_server.url}{meeting.join_path()}")
    expect(phone.get_by_role("heading", level=1, name="Gruppearbejde")).to_be_visible()

    context.set_offline(True)
    phone.get_by_label("Jeres post-it").fill("Vagtplanen kommer for sent")
    phone.get_by_role("button", name="Sæt post-it'en op").click()
    expect(phone.get_by_text("Venter på at blive sendt:")).to_be_visible()
    expect(phone.get_by_text("Ingen forbindelse.")).to_be_visible()
    expect(phone.locator("#dialogue-outbox")).to_contain_text("Vagtplanen kommer for sent")
    phone.clock.run_for(3 * POLL_MS)  # polls try to send meanwhile; nothing reaches the server
    assert not StickyNote.objects.exists()

    context.set_offline(False)
    expect(phone.get_by_text("Post-it'en er sat op.")).to_be_visible(timeout=5000)
    expect(phone.locator("#dialogue-outbox")).to_be_hidden()
    expect(phone.get_by_text("1 af 3 røde")).to_be_visible(timeout=FOLLOW_MS)
    sent = len(posts)
    # Further polls send nothing again. A poll sends what waits before it asks for the
    # state, so once the state has come, anything it sent has been seen.
    for _ in range(2):
        with phone.expect_response(lambda r: "/status/" in r.url):
            phone.clock.run_for(POLL_MS)
    assert posts[sent:] == []
    assert list(StickyNote.objects.values_list("note", flat=True)) == ["Vagtplanen kommer for sent"]
    assert_accessible(phone)
    context.close()


def test_clustering_and_results_pages_are_accessible(
    page: Page, live_server, cast, solhoj, login, assert_accessible
):
    meeting = running(cast, solhoj, phase="clustering")
    group = meeting.groups.first()
    for text in ("Travlt om morgenen", "For lidt tid hos borgerne"):
        StickyNote.objects.create(meeting=meeting, group=group, colour="red", note=text)
    StickyNote.objects.create(meeting=meeting, group=group, colour="green", note="Gode kolleger")
    login(page, live_server, "tr")
    base = f"{live_server.url}/workplaces/{solhoj.slug}/dialogmetoden/{meeting.pk}"
    page.goto(f"{base}/sortering/")
    page.get_by_label("Overskrift", exact=True).fill("Tidspres")
    page.get_by_role("button", name="Tilføj overskrift").click()
    expect(page.get_by_role("heading", name="Tidspres")).to_be_visible()
    # The keyboard way: the note's tick box and the move bar.
    page.get_by_role("checkbox", name="Rød seddel: Travlt om morgenen").check()
    page.get_by_label("Flyt de valgte sedler til").select_option(label="Tidspres")
    page.get_by_role("button", name="Flyt de valgte").click()
    expect(page.locator("#overskrift-" + str(meeting.categories.get().pk))).to_contain_text(
        "Travlt om morgenen"
    )
    expect(page.get_by_text("Gode kolleger")).to_have_count(0)  # only red notes are sorted
    assert_accessible(page)

    heading = meeting.categories.get()
    meeting.refresh_from_db()
    while dialogue.PHASES[meeting.phase].key != "proposals":
        meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
    heading.meeting = meeting
    sorting.add_proposal(heading, text="Faste pauser")
    page.goto(f"{base}/resultat/")
    expect(page.get_by_role("heading", level=1, name="Resultatet af dialogmødet")).to_be_visible()
    page.get_by_role("button", name="1: Handles straks").click()
    expect(page.get_by_text("Faste pauser – Handles straks")).to_be_visible()
    assert_accessible(page)


def test_the_room_screen_follows_the_phase_the_manager_moves_on_to(
    page: Page, browser, live_server, cast, solhoj, login, assert_accessible
):
    """The manager makes the screen's link on the board and moves the phase on from their
    own phone; the room's screen, logged in as no one, follows without a reload."""
    meeting = running(cast, solhoj, phase="intro")
    page.set_viewport_size({"width": 390, "height": 844})  # the manager's phone
    login(page, live_server, "leder")
    page.goto(f"{live_server.url}/workplaces/{solhoj.slug}/dialogmetoden/{meeting.pk}/tavle/")
    page.get_by_role("button", name="Lav et link til skærmen").click()
    link = page.get_by_label("Link til skærmen").input_value()
    assert "/s/" in link

    room = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    screen = room.new_page()
    screen.goto(link)
    expect(screen.get_by_role("heading", name="Introduktion")).to_be_visible()
    expect(screen.get_by_role("button", name="Næste fase")).to_have_count(0)
    assert_accessible(screen)

    _next_phase(page)
    expect(screen.get_by_role("heading", name="Gruppearbejde")).to_be_visible(timeout=5000)
    qr = screen.get_by_role("img", name=re.compile("QR-kode"))
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")  # drawn, not broken
    assert not [c for c in room.cookies() if c["name"] == "sessionid"]
    room.close()


def test_manager_chooses_the_split_on_a_phone(browser, live_server, cast, solhoj, login, tmp_path):
    meeting = planned(cast, solhoj, extra=3)  # six in groups: 4–5 cannot be kept
    context = _phone(browser)
    phone = context.new_page()
    login(phone, live_server, "leder")
    phone.goto(f"{live_server.url}{meeting.get_absolute_url()}#grupper")
    warning = phone.locator("#split-warning")
    expect(warning).to_contain_text("Med 6 i grupperne kan det ikke lade sig gøre")
    expect(phone.get_by_label("1 gruppe på 6 (anbefalet)")).to_be_checked()
    _fits(phone)

    phone.get_by_label("2 grupper på 3").check()
    phone.get_by_role("button", name="Lav grupperne").click()
    expect(phone.get_by_text("Grupperne er lavet på ny.")).to_be_visible()
    expect(phone.get_by_label("2 grupper på 3")).to_be_checked()
    expect(phone.get_by_role("heading", name="Gruppe 2")).to_be_visible()
    assert [len(g.members.all()) for g in dialogue.groups_of(meeting)] == [3, 3]
    _fits(phone)
    phone.locator("#grupper").screenshot(path=tmp_path / "dialogue-split-390.png")
    context.close()
