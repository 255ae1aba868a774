"""Bilag 6 pages: planning, the projector board, the phones' board (members and guests),
clustering through the shared sorting board, results, IGLO plans and the PDFs."""

import json
import uuid

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from iglo.models import IgloAction, IgloPlan
from riskmapping.dialogue import services as dialogue
from riskmapping.models import DialogueMeeting, MeetingGuest, Proposal, StickyNote
from riskmapping.sorting import services as sorting
from tests.factories import MembershipFactory, WorkplaceFactory
from tests.helpers import pdf_text
from tests.riskmapping.dialogue_setup import planned, running

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
JSON = {"HTTP_ACCEPT": "application/json"}


def url(name: str, meeting: DialogueMeeting, **kwargs) -> str:
    return reverse(f"riskmapping:{name}", kwargs={"slug": SLUG, "pk": meeting.pk, **kwargs})


def code_url(name: str, meeting: DialogueMeeting) -> str:
    return reverse(f"riskmapping:{name}", kwargs={"code": meeting.join_code})


def test_the_manager_plans_a_meeting(client_as, cast, solhoj):
    client = client_as("leder")
    page = client.get(reverse("riskmapping:dialogue-plan", kwargs={"slug": SLUG}))
    assert page.status_code == 200
    members = [u.pk for u in (cast["leder"], cast["amir"], cast["tr"], cast["medarbejder"])]
    response = client.post(
        reverse("riskmapping:dialogue-plan", kwargs={"slug": SLUG}),
        {
            "starts_at": "2026-12-08T13:00",
            "room": "Mødelokale 2",
            "invited": members,
            "time_keeper": cast["amir"].pk,
            "introducer": cast["leder"].pk,
        },
    )
    meeting = DialogueMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.time_keeper == cast["amir"]
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mødelokale 2" in html
    assert "Gruppe 1" in html
    assert meeting.join_code in html


def test_bad_plans_get_danish_messages(client_as, cast, solhoj):
    response = client_as("leder").post(
        reverse("riskmapping:dialogue-plan", kwargs={"slug": SLUG}),
        {"starts_at": "i morgen", "room": "", "invited": [cast["outsider"].pk]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv, hvilket lokale mødet holdes i." in html
    assert "Indtast gyldig dato/tid." in html
    assert not DialogueMeeting.objects.exists()


def test_move_a_person_and_send_the_invitations(client_as, cast, solhoj):
    meeting = planned(cast, solhoj)
    client = client_as("leder")
    client.post(url("dialogue-groups", meeting), {"user": cast["tr"].pk, "number": 3})
    assert meeting.groups.get(number=3).members.get() == cast["tr"]
    response = client.post(url("dialogue-groups", meeting), {"user": "x", "number": 1})
    assert "ikke indkaldt" in client.get(response["Location"]).content.decode()
    client.post(url("dialogue-invite", meeting))
    assert len(mail.outbox) == meeting.invited.count()
    assert mail.outbox[0].attachments[0][0] == "dialogmoede.ics"


def _sizes(meeting: DialogueMeeting) -> list[int]:
    return [len(g.members.all()) for g in dialogue.groups_of(meeting)]


def test_six_in_groups_the_manager_is_told_and_chooses_the_split(client_as, cast, solhoj):
    meeting = planned(cast, solhoj, extra=3)  # medarbejder, amir, tr + 3: six in groups
    assert _sizes(meeting) == [6]  # the nearer to 4–5 of the two, never two of 3 silently
    client = client_as("leder")
    html = client.get(url("dialogue-meeting", meeting)).content.decode()
    assert (
        "Bilag 6 beder om grupper på 4–5. Med 6 i grupperne kan det ikke lade sig gøre: "
        "vælg 1 gruppe på 6 eller 2 grupper på 3."
    ) in html
    assert 'value="3-3"' in html
    assert "6 personer" in html  # the group's badge counts its people

    response = client.post(url("dialogue-groups", meeting), {"remake": "1", "split": "3-3"})
    assert response.status_code == 302
    assert _sizes(meeting) == [3, 3]
    assert 'id="split-3-3" value="3-3" checked' in client.get(response["Location"]).content.decode()

    # A split that was not offered is refused in Danish; the groups stay as they were.
    response = client.post(url("dialogue-groups", meeting), {"remake": "1", "split": "2-4"})
    assert (
        "Vælg en af de foreslåede inddelinger i grupper."
        in client.get(response["Location"]).content.decode()
    )
    assert _sizes(meeting) == [3, 3]


def test_no_warning_when_the_groups_can_be_4_to_5(client_as, cast, solhoj):
    meeting = planned(cast, solhoj, extra=5)  # eight in groups
    assert _sizes(meeting) == [4, 4]
    html = client_as("leder").get(url("dialogue-meeting", meeting)).content.decode()
    assert "Bilag 6 beder om grupper på 4–5" not in html


def test_agenda_pdf_has_the_seed_timings(client_as, cast, solhoj, tmp_path):
    meeting = planned(cast, solhoj)
    response = client_as("medarbejder").get(url("dialogue-agenda-pdf", meeting))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path).replace("– ", "–")  # wrapped in its cell
    assert "Dagsorden for dialogmødet" in text
    assert "Mødelokale 2" in text
    for line in ("13.00–13.10 Introduktion", "13.10–13.50 Gruppearbejde", "14.50–15.00 Afrunding"):
        assert line in text
    assert "Gruppe 1" in text


def test_the_facilitator_moves_the_phases(client_as, cast, solhoj):
    meeting = planned(cast, solhoj)
    client = client_as("tr")
    assert "Start mødet" in client.get(url("dialogue-board", meeting)).content.decode()
    client.post(url("dialogue-phase", meeting), {"action": "start"})
    client.post(url("dialogue-phase", meeting), {"action": "skip", "phase": "0"})
    response = client.post(url("dialogue-phase", meeting), {"action": "skip", "phase": "0"})
    assert "Fasen er allerede skiftet" in client.get(response["Location"]).content.decode()
    meeting.refresh_from_db()
    assert dialogue.PHASES[meeting.phase].key == "groups"
    live = client.get(url("dialogue-board-live", meeting))
    assert "Gruppearbejde" in live.content.decode()
    unchanged = client.get(url("dialogue-board-live", meeting) + f"?version={meeting.version}")
    assert unchanged.status_code == 204
    svg = client.get(url("dialogue-qr", meeting))
    assert svg["Content-Type"] == "image/svg+xml"
    # A file of its own needs the namespace, or an <img> shows nothing.
    assert svg.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg" ')


def test_a_member_joins_by_code_and_writes_for_the_group(client_as, cast, solhoj):
    meeting = running(cast, solhoj)
    client = client_as("medarbejder")
    response = client.post(
        reverse("riskmapping:dialogue-join"), {"code": meeting.join_code.lower()}
    )
    assert response["Location"] == meeting.join_path()
    page = client.get(meeting.join_path()).content.decode()
    assert "Gruppearbejde" in page
    assert "0 af 3 røde og 0 af 3 grønne" in page
    assert meeting.attendees.filter(pk=cast["medarbejder"].pk).exists()
    key = str(uuid.uuid4())
    post = {"colour": "red", "note": "Kørelisten ændres hele tiden", "client_id": key}
    post["phase"] = "groups"
    first = client.post(code_url("dialogue-note", meeting), post, **JSON)
    again = client.post(code_url("dialogue-note", meeting), post, **JSON)
    assert (first.status_code, again.status_code) == (200, 200)
    assert json.loads(again.content)["created"] is False
    assert StickyNote.objects.get().note == "Kørelisten ændres hele tiden"
    part = client.get(meeting.join_path() + "?part=phase").content.decode()
    assert "1 af 3 røde" in part
    assert "Kørelisten" in part


def test_the_board_refuses_the_fourth_red_note_in_danish(client_as, cast, solhoj):
    meeting = running(cast, solhoj)
    client = client_as("medarbejder")
    for i in range(4):
        response = client.post(
            code_url("dialogue-note", meeting),
            {"colour": "red", "note": f"Rød {i}", "client_id": str(uuid.uuid4())},
            **JSON,
        )
    assert response.status_code == 400
    assert json.loads(response.content)["error"] == (
        "Jeres gruppe har allerede skrevet 3 røde post-its."
    )
    assert StickyNote.objects.count() == 3
    # Without JS the same message comes back on the page.
    response = client.post(
        code_url("dialogue-note", meeting),
        {"colour": "red", "note": "Rød 5", "client_id": str(uuid.uuid4())},
        follow=True,
    )
    assert "allerede skrevet 3 røde" in response.content.decode()


def test_the_polled_state_is_cheap_and_follows_the_phase(client_as, cast, solhoj):
    meeting = running(cast, solhoj, phase="intro")
    client = client_as("medarbejder")
    client.get(meeting.join_path())  # let in: the session knows it
    state = json.loads(client.get(code_url("dialogue-state", meeting)).content)
    assert (state["phase"], state["remaining"]) == ("intro", 600)
    with CaptureQueriesContext(connection) as queries:
        client.get(code_url("dialogue-state", meeting))
    # The cache is a database table only where there is no Redis (`make test` bare).
    database = [q for q in queries.captured_queries if "django_cache" not in q["sql"]]
    assert len(database) <= 2  # the session and its user; the meeting is cached
    dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
    state = json.loads(client.get(code_url("dialogue-state", meeting)).content)
    assert (state["phase"], state["title"]) == ("groups", "Gruppearbejde")


def test_a_guest_waits_for_the_manager_and_then_writes(client, cast, solhoj):
    meeting = running(cast, solhoj)
    page = client.get(meeting.join_path()).content.decode()
    assert "Dit navn" in page
    assert client.get(code_url("dialogue-state", meeting)).status_code == 404
    response = client.post(meeting.join_path(), {"name": ""})
    assert "Skriv dit navn." in response.content.decode()
    client.post(meeting.join_path(), {"name": "Vikar Vera"})
    assert "Lederen skal lukke dig ind" in client.get(meeting.join_path()).content.decode()
    assert json.loads(client.get(code_url("dialogue-state", meeting)).content) == {
        "status": "waiting",
        "guest": "pending",
    }
    denied = client.post(
        code_url("dialogue-note", meeting),
        {"colour": "red", "note": "x", "client_id": str(uuid.uuid4())},
    )
    assert denied.status_code == 404
    guest = MeetingGuest.objects.get()
    leder = Client()
    leder.force_login(cast["leder"])
    assert "Vikar Vera" in leder.get(url("dialogue-board", meeting)).content.decode()
    leder.post(url("dialogue-guest", meeting, guest_pk=guest.pk), {"decision": "accept"})
    assert "Gruppearbejde" in client.get(meeting.join_path()).content.decode()
    response = client.post(
        code_url("dialogue-note", meeting),
        {"colour": "green", "note": "Gode kolleger", "client_id": str(uuid.uuid4())},
        **JSON,
    )
    assert response.status_code == 200
    assert StickyNote.objects.get().group == MeetingGuest.objects.get().group


def test_a_participant_sees_only_their_meeting(client, client_as, cast, solhoj):
    ours = running(cast, solhoj)
    other_place = WorkplaceFactory(slug="hjemmeplejen-syd", mobile=True)
    # A meeting at the outsider's own workplace, where Solhøj's people are not members.
    MembershipFactory(user=cast["outsider"], workplace=other_place, manager=True)
    theirs = dialogue.plan_meeting(
        other_place, by=cast["outsider"], starts_at=ours.starts_at, room="Andet sted"
    )
    dialogue.move(theirs, dialogue.START, by=cast["outsider"])
    member = client_as("medarbejder")
    assert "Dit navn" in member.get(theirs.join_path()).content.decode()  # not their board
    assert member.get(code_url("dialogue-state", theirs)).status_code == 404
    # A guest let into one meeting is a stranger at another.
    guest = dialogue.request_seat(ours, name="Gæst")
    dialogue.decide_guest(ours, guest.pk, by=cast["leder"], accept=True)
    client.logout()
    session = client.session
    session["dialogue_guests"] = {
        str(ours.pk): [guest.pk, guest.secret],
        str(theirs.pk): [guest.pk, guest.secret],
    }
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert "Gruppearbejde" in client.get(ours.join_path()).content.decode()
    assert "Dit navn" in client.get(theirs.join_path()).content.decode()
    assert client.get(code_url("dialogue-state", theirs)).status_code == 404


def test_only_the_manager_and_tillidsvalgte_cluster(client_as, cast, solhoj):
    meeting = running(cast, solhoj, phase="clustering")
    group = meeting.groups.first()
    note = StickyNote.objects.create(meeting=meeting, group=group, colour="red", note="Travlt")
    green = StickyNote.objects.create(meeting=meeting, group=group, colour="green", note="Godt")
    add = url("dialogue-category-add", meeting)
    assert client_as("medarbejder").post(add, {"colour": "red", "title": "Tid"}).status_code == 403
    amir = client_as("amir")
    amir.post(add, {"colour": "red", "title": "Tid"})
    heading = meeting.categories.get()
    response = amir.post(
        url("dialogue-note-file", meeting, note_pk=note.pk),
        {"category": heading.pk},
        HTTP_X_SORTING_BOARD="1",
    )
    assert response.status_code == 200
    assert 'id="sorting-board"' in response.content.decode()
    note.refresh_from_db()
    assert note.category == heading
    # Only red notes are clustered: a green one is not on the board.
    missing = amir.post(
        url("dialogue-note-file", meeting, note_pk=green.pk),
        {"category": heading.pk},
        HTTP_X_SORTING_BOARD="1",
    )
    assert missing.status_code == 400
    assert "Sedlen findes ikke." in missing.content.decode()
    page = amir.get(url("dialogue-clustering", meeting)).content.decode()
    assert "Travlt" in page
    assert "Godt" not in page
    amir.post(
        url("dialogue-category-rename", meeting, category_pk=heading.pk), {"title": "Tidspres"}
    )
    assert meeting.categories.get().title == "Tidspres"


def test_results_iglo_plan_and_summary_pdf(client_as, cast, solhoj, tmp_path):
    meeting = running(cast, solhoj, phase="proposals")
    group = meeting.groups.first()
    note = StickyNote.objects.create(meeting=meeting, group=group, colour="red", note="Travlt")
    StickyNote.objects.create(meeting=meeting, group=group, colour="green", note="Gode kolleger")
    heading = sorting.add_category(meeting, colour="red", title="Tidspres")
    sorting.file_note(meeting, note.pk, category=heading)
    medarbejder = client_as("medarbejder")
    medarbejder.get(meeting.join_path())
    response = medarbejder.post(
        code_url("dialogue-proposal", meeting),
        {"category": heading.pk, "text": "Faste pauser", "client_id": str(uuid.uuid4())},
        **JSON,
    )
    assert response.status_code == 200
    proposal = Proposal.objects.get()
    leder = client_as("leder")
    leder.post(url("dialogue-track", meeting, proposal_pk=proposal.pk), {"track": "now"})
    assert Proposal.objects.get().track == "now"
    refused = leder.post(url("dialogue-category-iglo", meeting, category_pk=heading.pk))
    assert "IGLO-handleplaner laves" in leder.get(refused["Location"]).content.decode()
    while DialogueMeeting.objects.get().status != "done":
        dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
    page = leder.get(url("dialogue-results", meeting)).content.decode()
    for text in ("Tidspres", "Travlt", "Gode kolleger", "Faste pauser"):
        assert text in page
    response = leder.post(url("dialogue-category-iglo", meeting, category_pk=heading.pk))
    plan = IgloPlan.objects.get()
    assert response["Location"] == reverse("iglo:plan", kwargs={"slug": SLUG, "pk": plan.pk})
    assert plan.source == IgloPlan.Source.DIALOGUE_MEETING
    assert plan.source_label == "Dialogmøde, 08.12.2026"
    assert IgloAction.objects.get().text == "Faste pauser"
    pdf = leder.get(url("dialogue-summary-pdf", meeting))
    text = pdf_text(pdf.content, tmp_path)
    assert "Referat af dialogmødet" in text
    for expected in ("Tidspres", "Travlt", "Gode kolleger", "Faste pauser", "Handles straks"):
        assert expected in text
    assert "Deltagere: 1" in text


def test_the_join_form_says_when_a_code_is_wrong(client):
    response = client.post(reverse("riskmapping:dialogue-join"), {"code": "NOPE99"})
    assert "Koden passer ikke til et møde" in response.content.decode()
