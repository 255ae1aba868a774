"""Bilag 6 services: planning and groups, invitations with ICS, the phase machine with its
timers, the 3+3 limit per group, idempotent resends and the grace period."""

import uuid
from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError

import pytest
import time_machine
from icalendar import Calendar

from riskmapping.dialogue import services as dialogue
from riskmapping.models import Category, DialogueMeeting, Proposal, StickyNote
from riskmapping.sorting import services as sorting
from tests.riskmapping.dialogue_setup import STARTS_AT, employees, planned, running

pytestmark = pytest.mark.django_db


# The seed's groups of 4–5: every split that keeps it, else the nearest bigger and smaller.
SPLITS = {
    1: [(1,)],
    2: [(2,)],
    3: [(3,)],
    4: [(4,)],
    5: [(5,)],
    6: [(6,), (3, 3)],
    7: [(4, 3), (7,)],
    8: [(4, 4)],
    9: [(5, 4)],
    10: [(5, 5)],
    11: [(4, 4, 3), (6, 5)],
    12: [(4, 4, 4)],
    13: [(5, 4, 4)],
    14: [(5, 5, 4)],
    15: [(5, 5, 5)],
    16: [(4, 4, 4, 4)],
    17: [(5, 4, 4, 4)],
    18: [(5, 5, 4, 4)],
    19: [(5, 5, 5, 4)],
    20: [(5, 5, 5, 5), (4, 4, 4, 4, 4)],
}


@pytest.mark.parametrize("n", range(1, 21))
def test_split_options_for_1_to_20_people(n):
    options = dialogue.split_options(n)
    assert [o.sizes for o in options] == SPLITS[n]
    assert all(sum(o.sizes) == n for o in options)
    keepable = n in (4, 5, 8, 9, 10) or n >= 12
    assert all(o.keeps_seed == keepable for o in options)
    assert bool(dialogue.split_warning(options)) != keepable


def test_split_options_say_plainly_when_the_seed_cannot_be_kept():
    assert dialogue.split_options(0) == []
    six = dialogue.split_options(6)
    assert [str(o) for o in six] == ["1 gruppe på 6", "2 grupper på 3"]
    assert dialogue.split_warning(six) == (
        "Bilag 6 beder om grupper på 4–5. Med 6 i grupperne kan det ikke lade sig gøre: "
        "vælg 1 gruppe på 6 eller 2 grupper på 3."
    )
    assert str(dialogue.split_options(13)[0]) == "1 gruppe på 5 og 2 grupper på 4"
    assert dialogue.split_warning(dialogue.split_options(3)).endswith("det bliver 1 gruppe på 3.")


def test_plan_invites_everyone_and_groups_all_but_the_manager(cast, solhoj):
    meeting = planned(cast, solhoj, extra=10)  # medarbejder, amir, tr + 10 = 13 in groups
    invited = set(meeting.invited.values_list("username", flat=True))
    assert {"leder", "amir", "tr", "medarbejder"} <= invited
    assert len(invited) == 14
    groups = dialogue.groups_of(meeting)
    assert [len(g.members.all()) for g in groups] == [5, 4, 4]
    grouped = {u.username for g in groups for u in g.members.all()}
    assert "leder" not in grouped
    assert {"amir", "tr", "medarbejder"} <= grouped
    assert len(meeting.join_code) == 6


def test_plan_refuses_an_empty_room_and_outsiders(cast, solhoj):
    with pytest.raises(ValidationError, match="lokale"):
        dialogue.plan_meeting(solhoj, by=cast["leder"], starts_at=STARTS_AT, room="  ")
    with pytest.raises(ValidationError, match="Kun arbejdspladsens"):
        dialogue.plan_meeting(
            solhoj, by=cast["leder"], starts_at=STARTS_AT, room="A", invited=[cast["outsider"]]
        )
    assert not DialogueMeeting.objects.exists()


def test_move_a_person_to_another_or_a_new_group(cast, solhoj):
    meeting = planned(cast, solhoj, extra=6)  # 9 in groups: 5 + 4
    dialogue.move_person(meeting, user=cast["tr"], number=3)
    groups = dialogue.groups_of(meeting)
    assert [g.number for g in groups] == [1, 2, 3]
    assert [u.username for u in groups[2].members.all()] == ["tr"]
    assert sum(len(g.members.all()) for g in groups) == 9
    with pytest.raises(ValidationError):
        dialogue.move_person(meeting, user=cast["tr"], number=9)
    with pytest.raises(ValidationError, match="ikke indkaldt"):
        dialogue.move_person(meeting, user=cast["outsider"], number=1)


def test_update_keeps_groups_in_step_with_the_invited(cast, solhoj):
    meeting = planned(cast, solhoj, extra=2)
    newcomer = employees(solhoj, 1, prefix="ny")[0]
    invited = [*meeting.invited.exclude(username="tr"), newcomer]
    dialogue.update_meeting(
        meeting, by=cast["leder"], starts_at=STARTS_AT, room="Kantinen", invited=invited
    )
    grouped = {u.username for g in dialogue.groups_of(meeting) for u in g.members.all()}
    assert "tr" not in grouped
    assert "ny00" in grouped
    assert DialogueMeeting.objects.get().room == "Kantinen"


def test_invitations_carry_an_ics_file(cast, solhoj, settings):
    settings.SITE_URL = "https://stress.example.dk"
    meeting = planned(cast, solhoj, extra=1)
    sent = dialogue.send_invitations(meeting, by=cast["leder"])
    assert sent == meeting.invited.count() == len(mail.outbox)
    message = mail.outbox[0]
    assert "Indkaldelse: dialogmøde" in message.subject
    assert "Mødelokale 2" in message.body
    assert "Gruppearbejde (40 min)" in message.body
    assert message.alternatives[0][1] == "text/html"
    (name, content, mimetype) = message.attachments[0]
    assert name == "dialogmoede.ics"
    assert mimetype.startswith("text/calendar")
    event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert event.decoded("dtstart") == STARTS_AT
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)
    assert str(event["location"]) == "Mødelokale 2"
    assert str(event["url"]).startswith("https://stress.example.dk/workplaces/plejecenter-solhoj/")


def test_agenda_follows_the_seed_timings(cast, solhoj):
    rows = dialogue.agenda(planned(cast, solhoj))
    assert [r["phase"].minutes for r in rows] == [10, 40, 20, 10, 5, 25, 10]
    assert rows[0]["start"].strftime("%H.%M") == "13.00"
    assert rows[-1]["end"].strftime("%H.%M") == "15.00"


# The phase machine ----------------------------------------------------------------------------


def test_only_allowed_transitions(cast, solhoj):
    meeting = planned(cast, solhoj)
    leder = cast["leder"]
    for action in (dialogue.SKIP, dialogue.BACK, dialogue.EXTEND, dialogue.NEXT_GROUP):
        with pytest.raises(ValidationError):
            dialogue.move(meeting, action, by=leder, minutes=5)
    meeting = dialogue.move(meeting, dialogue.START, by=leder)
    assert (meeting.status, meeting.phase) == ("running", 0)
    with pytest.raises(ValidationError):
        dialogue.move(meeting, dialogue.START, by=leder)
    with pytest.raises(ValidationError):
        dialogue.move(meeting, dialogue.BACK, by=leder)  # nothing before the introduction
    with pytest.raises(ValidationError):
        dialogue.move(meeting, dialogue.NEXT_GROUP, by=leder)  # only while presenting
    keys = []
    for _phase in dialogue.PHASES:
        keys.append(dialogue.PHASES[meeting.phase].key)
        meeting = dialogue.move(meeting, dialogue.SKIP, by=leder)
    assert keys == list(dialogue.PHASE_KEYS)
    assert meeting.status == "done"
    assert dialogue.allowed_moves(meeting) == {dialogue.BACK}
    meeting = dialogue.move(meeting, dialogue.BACK, by=leder)
    assert (meeting.status, dialogue.PHASES[meeting.phase].key) == ("running", "roundoff")


def test_a_stale_click_does_not_skip_twice(cast, solhoj):
    meeting = running(cast, solhoj, phase="intro")
    dialogue.move(meeting, dialogue.SKIP, by=cast["leder"], expected_phase=0)
    with pytest.raises(ValidationError, match="allerede skiftet"):
        dialogue.move(meeting, dialogue.SKIP, by=cast["tr"], expected_phase=0)
    assert DialogueMeeting.objects.get().phase == 1


def test_timers_come_from_the_server_clock(cast, solhoj):
    meeting = planned(cast, solhoj)
    with time_machine.travel(STARTS_AT, tick=False) as clock:
        meeting = dialogue.move(meeting, dialogue.START, by=cast["leder"])
        assert dialogue.timer(meeting).remaining == 10 * 60
        clock.shift(timedelta(minutes=4))
        assert dialogue.timer(meeting).remaining == 6 * 60
        meeting = dialogue.move(meeting, dialogue.EXTEND, by=cast["leder"], minutes=5)
        assert dialogue.timer(meeting).remaining == 11 * 60
        clock.shift(timedelta(minutes=12))
        t = dialogue.timer(meeting)
        assert (t.remaining, t.overtime) == (0, 60)
        meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
        t = dialogue.timer(meeting)
        assert (t.phase.key, t.remaining) == ("groups", 40 * 60)  # extra time is per phase
        meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
        t = dialogue.timer(meeting)
        assert (t.presenting_group, t.group_remaining) == (1, 180)
        clock.shift(timedelta(seconds=170))
        assert dialogue.timer(meeting).group_remaining == 10
        meeting = dialogue.move(meeting, dialogue.NEXT_GROUP, by=cast["leder"])
        t = dialogue.timer(meeting)
        assert (t.presenting_group, t.group_remaining) == (2, 180)
        with pytest.raises(ValidationError, match="Alle grupper"):
            dialogue.move(meeting, dialogue.NEXT_GROUP, by=cast["leder"])


def test_extend_takes_a_sane_number_of_minutes(cast, solhoj):
    meeting = running(cast, solhoj, phase="intro")
    for minutes in (0, -5, 61):
        with pytest.raises(ValidationError, match="Forlæng"):
            dialogue.move(meeting, dialogue.EXTEND, by=cast["leder"], minutes=minutes)


def test_every_move_changes_the_polled_state(cast, solhoj):
    meeting = planned(cast, solhoj)
    seen = {dialogue.state(meeting)["version"]}
    stamps = {dialogue.state(meeting)["stamp"]}
    for action in (dialogue.START, dialogue.SKIP, dialogue.SKIP, dialogue.NEXT_GROUP):
        meeting = dialogue.move(meeting, action, by=cast["leder"])
        state = dialogue.state(meeting)
        assert state["version"] not in seen
        assert state["stamp"] not in stamps
        seen.add(state["version"])
        stamps.add(state["stamp"])
    assert state["phase"] == "presentations"
    assert state["title"] == "Grupperne fremlægger"


# Notes on the board ---------------------------------------------------------------------------


def _note(meeting, group, colour, text="Travlt", client_id=None, **kwargs):
    return dialogue.add_note(
        meeting,
        group=group,
        colour=colour,
        note=text,
        client_id=client_id or uuid.uuid4(),
        **kwargs,
    )


def test_each_group_writes_at_most_three_red_and_three_green(cast, solhoj):
    meeting = running(cast, solhoj)
    one, two = dialogue.groups_of(meeting)
    for i in range(3):
        _note(meeting, one, "red", f"Rød {i}")
        _note(meeting, one, "green", f"Grøn {i}")
    with pytest.raises(ValidationError, match="allerede skrevet 3 røde"):
        _note(meeting, one, "red")
    with pytest.raises(ValidationError, match="allerede skrevet 3 grønne"):
        _note(meeting, one, "green")
    _note(meeting, two, "red")  # the other group has its own three
    assert dialogue.group_counts(meeting) == {
        1: {"red": 3, "green": 3},
        2: {"red": 1, "green": 0},
    }


def test_a_resent_note_is_stored_once(cast, solhoj):
    meeting = running(cast, solhoj)
    group = dialogue.groups_of(meeting)[0]
    key = uuid.uuid4()
    first, created = _note(meeting, group, "red", "Vagtplanen", client_id=key)
    again, created_again = _note(meeting, group, "red", "Vagtplanen", client_id=key)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert StickyNote.objects.count() == 1


def test_bad_notes_get_danish_messages_and_nothing_is_stored(cast, solhoj):
    meeting = running(cast, solhoj)
    group = dialogue.groups_of(meeting)[0]
    cases = [
        ({"colour": "blue"}, "rød eller en grøn"),
        ({"colour": "red", "text": "   "}, "Skriv noget"),
        ({"colour": "red", "text": "x" * 501}, "højst have 500 tegn"),
        ({"colour": "red", "text": "a\x00b"}, "tegn"),
        ({"colour": "red", "client_id": "ikke-en-nøgle"}, "Indlæs siden"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            _note(meeting, group, **kwargs)
    with pytest.raises(ValidationError, match="ikke i en gruppe"):
        _note(meeting, None, "red")
    assert not StickyNote.objects.exists()


def test_a_note_for_the_phase_just_ended_is_taken_for_two_minutes(cast, solhoj):
    meeting = planned(cast, solhoj)
    group = dialogue.groups_of(meeting)[0]
    with time_machine.travel(STARTS_AT, tick=False) as clock:
        with pytest.raises(ValidationError, match="gruppearbejdet"):
            _note(meeting, group, "red")  # not begun
        meeting = dialogue.move(meeting, dialogue.START, by=cast["leder"])
        with pytest.raises(ValidationError, match="gruppearbejdet"):
            _note(meeting, group, "red", sent_for="groups")  # the introduction is on
        meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
        clock.shift(timedelta(minutes=40))
        meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])  # presentations
        clock.shift(timedelta(seconds=90))
        _note(meeting, group, "red", "Skrevet, da fasen skiftede", sent_for="groups")
        with pytest.raises(ValidationError, match="gruppearbejdet"):
            _note(meeting, group, "red")  # without saying which phase it was for
        clock.shift(timedelta(seconds=60))
        with pytest.raises(ValidationError, match="gruppearbejdet"):
            _note(meeting, group, "red", sent_for="groups")  # too late
    assert list(StickyNote.objects.values_list("note", flat=True)) == ["Skrevet, da fasen skiftede"]


def test_proposals_under_red_headings_in_their_phase_and_tracks(cast, solhoj):
    meeting = running(cast, solhoj, phase="clustering")
    meeting.refresh_from_db()
    group = dialogue.groups_of(meeting)[0]
    StickyNote.objects.create(meeting=meeting, group=group, colour="red", note="Travlhed")
    heading = sorting.add_category(meeting, colour="red", title="Tid")
    green = sorting.add_category(meeting, colour="green", title="Kolleger")
    note = StickyNote.objects.get()
    sorting.file_note(meeting, note.pk, category=heading)
    with pytest.raises(ValidationError, match="løsningsforslag"):
        dialogue.add_proposal(
            meeting, category_id=heading.pk, text="Pauser", client_id=uuid.uuid4()
        )
    meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])
    meeting = dialogue.move(meeting, dialogue.SKIP, by=cast["leder"])  # proposals
    key = uuid.uuid4()
    proposal = dialogue.add_proposal(meeting, category_id=heading.pk, text="Pauser", client_id=key)
    again = dialogue.add_proposal(meeting, category_id=heading.pk, text="Pauser", client_id=key)
    assert proposal.pk == again.pk
    with pytest.raises(ValidationError, match="røde overskrift"):
        dialogue.add_proposal(meeting, category_id=green.pk, text="x", client_id=uuid.uuid4())
    with pytest.raises(ValidationError, match="røde overskrift"):
        dialogue.add_proposal(meeting, category_id="nej", text="x", client_id=uuid.uuid4())
    dialogue.set_track(meeting, proposal.pk, "now")
    assert Proposal.objects.get().track == "now"
    with pytest.raises(ValidationError):
        dialogue.set_track(meeting, proposal.pk, "snart")
    result = dialogue.results(meeting)
    assert [p.text for p in result["by_track"]["now"]] == ["Pauser"]
    assert result["red_categories"][0].sorted_notes == [note]


def test_a_heading_belongs_to_one_owner(cast, solhoj):
    from django.db import IntegrityError, transaction  # noqa: PLC0415

    meeting = planned(cast, solhoj)
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(colour="red", title="Uden ejer")
    heading = Category.objects.create(meeting=meeting, colour="red", title="Tid")
    assert heading.owner == meeting


def test_guests_wait_until_the_manager_accepts_them(cast, solhoj):
    meeting = running(cast, solhoj, phase="intro")
    guest = dialogue.request_seat(meeting, name="  Vikar   Jensen ")
    assert (guest.name, guest.status, guest.group) == ("Vikar Jensen", "pending", None)
    with pytest.raises(ValidationError, match="navn"):
        dialogue.request_seat(meeting, name="")
    guest = dialogue.decide_guest(meeting, guest.pk, by=cast["leder"], accept=True)
    assert guest.status == "accepted"
    assert guest.group.number == 2  # the smaller of 5 and 4
    dialogue.mark_attending(meeting, cast["medarbejder"])
    assert dialogue.participant_count(meeting) == 2
