"""Demo content for Bilag 6 (called at the end of `riskmapping.demo.seed`): Hjemmeplejen
Nord held a dialogue meeting two weeks ago (groups, post-its, headings, proposals sorted
now/later, one IGLO plan) and has the next one planned."""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from riskmapping.dialogue import services as dialogue
from riskmapping.models import DialogueMeeting
from riskmapping.sorting import services as sorting
from workplaces.models import User, Workplace

RED = [
    "Kørelisten ændres flere gange om dagen.",
    "For lidt tid hos borgerne – vi haster videre.",
    "Vi ser sjældent hinanden og mangler sparring.",
    "Dokumentationen tager tid fra borgerne.",
    "Parkering og trafik gør ruterne uforudsigelige.",
    "Nye kolleger bliver ikke introduceret ordentligt.",
    "Sygdom dækkes ind med kort varsel.",
    "Tunge borgere uden de rette hjælpemidler.",
    "Telefonen ringer under besøgene.",
]
GREEN = [
    "Taknemmelige borgere.",
    "Frihed til at planlægge dagen selv.",
    "Gode kolleger, der hjælper, når det brænder på.",
    "Morgenmødet, hvor vi ser hinanden.",
    "At gøre en forskel for borgerne.",
    "Fleksible vagter.",
    "Humor i bilen mellem besøgene.",
    "Sparring med sygeplejersken.",
    "Ros fra pårørende.",
]
HEADINGS = {
    "Planlægning og kørelister": [0, 4, 6],
    "Tid hos borgerne": [1, 3, 8],
    "Fællesskab og introduktion": [2, 5],
    "Arbejdsmiljø hos borgerne": [7],
}
PROPOSALS = [
    ("Planlægning og kørelister", "Faste ruter for hver gruppe i en uge ad gangen.", "now"),
    ("Planlægning og kørelister", "Planlæggeren deltager i morgenmødet.", "later"),
    ("Tid hos borgerne", "Dokumentation på tablet hos borgeren.", "later"),
    ("Tid hos borgerne", "Telefonen viderestilles under besøg.", "now"),
    ("Fællesskab og introduktion", "Fast makker de første fire uger.", "now"),
    ("Arbejdsmiljø hos borgerne", "Terapeut vurderer hjælpemidler hos tunge borgere.", "later"),
]


def at(day_offset: int, hour: int) -> datetime:
    """Today + `day_offset` at `hour` o'clock: the demo's meetings at times people meet."""
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed() -> None:
    nord = Workplace.objects.filter(slug="hjemmeplejen-nord").first()
    if nord is None or DialogueMeeting.objects.filter(workplace=nord).exists():
        return
    leder = User.objects.get(username="leder2")
    amir = User.objects.filter(username="amir2").first()
    _held(nord, leder, amir)
    dialogue.plan_meeting(
        nord, by=leder, starts_at=at(21, 13), room="Mødelokalet, Nordvej 4", time_keeper=amir
    )


def _held(workplace: Workplace, leder: User, amir: User | None) -> DialogueMeeting:
    starts_at = at(-14, 13)
    meeting = dialogue.plan_meeting(
        workplace,
        by=leder,
        starts_at=starts_at,
        room="Mødelokalet, Nordvej 4",
        time_keeper=amir,
        introducer=leder,
        summariser=amir,
    )
    now = starts_at
    meeting = dialogue.move(meeting, dialogue.START, by=leder, now=now)
    for person in meeting.invited.all():
        meeting.attendees.add(person)
    now += timedelta(minutes=10)
    meeting = dialogue.move(meeting, dialogue.SKIP, by=leder, now=now)  # group work
    notes = _write_notes(meeting, now)
    for minutes in (40, 20):  # presentations, then the break
        now += timedelta(minutes=minutes)
        meeting = dialogue.move(meeting, dialogue.SKIP, by=leder, now=now)
    headings = {}
    for title, indexes in HEADINGS.items():
        headings[title] = sorting.add_category(meeting, colour="red", title=title)
        for index in indexes:
            if index < len(notes["red"]):
                sorting.file_note(meeting, notes["red"][index].pk, category=headings[title])
    for minutes in (10, 5):  # the headings presented, then the proposals
        now += timedelta(minutes=minutes)
        meeting = dialogue.move(meeting, dialogue.SKIP, by=leder, now=now)
    written = []
    for index, (title, text, track) in enumerate(PROPOSALS):
        proposal = dialogue.add_proposal(
            meeting,
            category_id=headings[title].pk,
            text=text,
            client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-{meeting.pk}-proposal-{index}"),
            now=now,
        )
        written.append((proposal, track))
    now += timedelta(minutes=25)
    meeting = dialogue.move(meeting, dialogue.SKIP, by=leder, now=now)  # round-off
    for proposal, track in written:
        dialogue.set_track(meeting, proposal.pk, track)
    now += timedelta(minutes=10)
    meeting = dialogue.move(meeting, dialogue.SKIP, by=leder, now=now)  # done
    heading = meeting.categories.get(pk=headings["Planlægning og kørelister"].pk)
    heading.meeting = meeting  # as it is now: done
    sorting.create_iglo_plan(heading, by=leder)
    return meeting


def _write_notes(meeting: DialogueMeeting, now: datetime) -> dict[str, list]:
    """Each group's red and green post-its, dealt round the groups."""
    groups = list(meeting.groups.all())
    notes = {"red": [], "green": []}
    for colour, texts in (("red", RED), ("green", GREEN)):
        for index, text in enumerate(texts):
            group = groups[index % len(groups)]
            note, _created = dialogue.add_note(
                meeting,
                group=group,
                colour=colour,
                note=text,
                client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-{meeting.pk}-{colour}-{index}"),
                now=now,
            )
            notes[colour].append(note)
    return notes
