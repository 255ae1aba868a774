"""Every calendar file the app writes, read by two parsers nobody here wrote: Mozilla's
ical.js (Thunderbird) and icalendar. Both must give the same UTC instants, also across the
two daylight-saving switches (the last Sundays of March and October), and a moved or
cancelled event must come with a higher SEQUENCE, so the calendars replace their copy."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from iglo import services as iglo_services
from oversight import dashboard, programme
from riskmapping.balls import materials, services
from riskmapping.dialogue import services as dialogue
from riskmapping.models import BallRound, DialogueMeeting
from tests.helpers import read_calendar
from tests.iglo.conftest import add_actions
from workplaces.models import Change

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
SPRING = date(2027, 3, 28)  # clocks go forward at 02:00
AUTUMN = date(2027, 10, 31)  # clocks go back at 03:00


def _utc(day: date, hour: int) -> str:
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=CPH)
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("switch", [SPRING, AUTUMN])
def test_round_calendar_gives_the_local_reminder_hour_on_both_sides_of_a_switch(
    cast, solhoj, switch, client_as
):
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=switch - timedelta(days=5), weekends_count=True
    )
    url = reverse("riskmapping:round-calendar", kwargs={"slug": solhoj.slug, "pk": ball_round.pk})
    read = read_calendar(client_as("leder").get(url).content)
    hour = solhoj.reminder_hour
    assert read["method"] == "PUBLISH"
    assert read["timezones"] == 1
    starts = [event["start"] for event in read["events"]]
    assert starts == [_utc(day, hour) for day in ball_round.drop_days]
    # The offset really changes inside the round: one hour less in UTC in summer.
    before, after = starts[4], starts[5]
    assert before[11:13] != after[11:13]
    assert {event["sequence"] for event in read["events"]} == {0}
    assert {event["status"] for event in read["events"]} == {"CONFIRMED"}


def test_cancelled_round_tells_the_participants_and_its_days_are_cancelled(cast, solhoj):
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=SPRING - timedelta(days=3),
        weekends_count=True,
        staff_meeting_at=datetime(2027, 4, 20, 14, tzinfo=CPH),
    )
    services.start_round(ball_round, by=cast["leder"])
    mail.outbox.clear()

    told = services.cancel_round(ball_round, by=cast["leder"], reason="Halvdelen er syge")

    ball_round.refresh_from_db()
    assert ball_round.status == BallRound.Status.CANCELLED
    history = Change.objects.filter(object_id=ball_round.pk, workplace=solhoj)
    assert ("Begrundelse for aflysning", "Halvdelen er syge", cast["leder"]) in [
        (c.field, c.after, c.by) for c in history
    ]
    assert told == ball_round.participants.count() == len(mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Aflyst: Boldrunden – Plejecenter Solhøj"
    assert "Halvdelen er syge" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == "boldmetoden.ics"
    assert mimetype == "text/calendar; method=PUBLISH"
    read = read_calendar(content)
    assert {event["status"] for event in read["events"]} == {"CANCELLED"}
    assert {event["sequence"] for event in read["events"]} == {1}
    assert [event["start"] for event in read["events"]] == [
        _utc(day, solhoj.reminder_hour) for day in ball_round.drop_days
    ]
    # The file served afterwards says the same, and the round takes no more reminders.
    assert read_calendar(materials.round_calendar(ball_round))["events"] == read["events"]
    assert not ball_round.is_open_on(ball_round.first_day)
    assert programme.ball_status(solhoj) == ("Seneste runde aflyst", False)
    assert not dashboard.late_ball_rounds(ball_round.last_day + timedelta(days=60)).exists()
    with pytest.raises(ValidationError, match="aflyses"):
        services.cancel_round(ball_round, by=cast["leder"], reason="Igen")


def test_cancelling_needs_a_reason(cast, solhoj):
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=SPRING, weekends_count=True
    )
    with pytest.raises(ValidationError, match="hvorfor"):
        services.cancel_round(ball_round, by=cast["leder"], reason="   ")
    ball_round.refresh_from_db()
    assert ball_round.status == BallRound.Status.PLANNED
    assert ball_round.calendar_sequence == 0


def test_moved_meeting_sends_an_update_and_cancelling_sends_a_cancellation(cast, solhoj):
    before = datetime(2027, 3, 26, 13, 0, tzinfo=CPH)  # winter time
    after = datetime(2027, 3, 30, 13, 0, tzinfo=CPH)  # summer time
    meeting = dialogue.plan_meeting(solhoj, by=cast["leder"], starts_at=before, room="Lokale 1")
    dialogue.send_invitations(meeting, by=cast["leder"])
    [invitation, *_] = mail.outbox
    first = read_calendar(invitation.attachments[0][1])["events"]
    assert [(e["start"], e["sequence"], e["status"]) for e in first] == [
        ("2027-03-26T12:00:00Z", 0, "CONFIRMED")
    ]
    mail.outbox.clear()

    invited = list(meeting.invited.all())
    dialogue.update_meeting(
        meeting, by=cast["leder"], starts_at=after, room="Lokale 2", invited=invited
    )
    assert len(mail.outbox) == len(invited)
    update = mail.outbox[0]
    assert update.subject.startswith("Ændret: dialogmøde")
    assert "Mødet er flyttet" in update.body
    [moved] = read_calendar(update.attachments[0][1])["events"]
    assert moved["uid"] == first[0]["uid"]
    assert (moved["start"], moved["end"], moved["sequence"]) == (
        "2027-03-30T11:00:00Z",
        "2027-03-30T13:00:00Z",
        1,
    )
    mail.outbox.clear()

    # Changing only the roles moves nothing in anyone's calendar: no mail, same SEQUENCE.
    dialogue.update_meeting(
        meeting, by=cast["leder"], starts_at=after, room="Lokale 2", invited=invited
    )
    assert mail.outbox == []

    dialogue.cancel_meeting(meeting, by=cast["leder"], reason="Lokalet er oversvømmet")
    meeting.refresh_from_db()
    assert meeting.status == DialogueMeeting.Status.CANCELLED
    assert len(mail.outbox) == len(invited)
    [cancelled] = read_calendar(mail.outbox[0].attachments[0][1])["events"]
    assert (cancelled["uid"], cancelled["status"], cancelled["sequence"]) == (
        moved["uid"],
        "CANCELLED",
        2,
    )
    assert cancelled["start"] == moved["start"]
    assert dialogue.latest_meeting(solhoj) is None
    assert dialogue.allowed_moves(meeting) == set()
    assert dialogue.meeting_for_code(meeting.join_code) is None  # nobody joins it
    with pytest.raises(ValidationError, match="aflyst"):
        dialogue.make_groups(meeting)


def test_empty_iglo_feed_is_a_valid_calendar(client, cast):
    feed = iglo_services.calendar_feed_for(cast["tr"])
    response = client.get(
        reverse("iglo:calendar-feed", kwargs={"pk": feed.pk, "token": feed.token})
    )
    assert response.status_code == 200
    read = read_calendar(response.content)
    # RFC 5545 wants a component: the time zone is always there.
    assert read == {"method": "PUBLISH", "timezones": 1, "events": []}


def test_iglo_feed_dates_and_sequence_follow_the_actions(client, cast, solhoj):
    plan = iglo_services.start_plan(
        solhoj,
        by=cast["leder"],
        title="Travlhed i aftenvagten",
        description="For få hænder.",
        responsible_manager=cast["leder"],
        follow_up_on=AUTUMN,
    )
    add_actions(plan, cast["leder"], deadline=AUTUMN)
    plan = iglo_services.set_status(plan, by=cast["leder"], status=plan.Status.ACTIVE)
    feed = iglo_services.calendar_feed_for(cast["leder"])
    url = reverse("iglo:calendar-feed", kwargs={"pk": feed.pk, "token": feed.token})
    read = read_calendar(client.get(url).content)
    deadlines = [e for e in read["events"] if "deadline" in e["uid"]]
    assert deadlines
    assert {(e["start"], e["end"]) for e in deadlines} == {("2027-10-31", "2027-11-01")}
    action = plan.actions.filter(responsible_member=cast["leder"]).first()
    uid = f"iglo-action-{action.pk}-deadline@stressprogram"
    [event] = [e for e in deadlines if e["uid"] == uid]
    assert event["sequence"] == action.version

    fields = {name: getattr(action, name) for name in iglo_services.ACTION_FIELDS}
    iglo_services.save_action(
        action,
        by=cast["leder"],
        expected_version=action.version,
        **{**fields, "deadline": SPRING},
    )
    [moved] = [e for e in read_calendar(client.get(url).content)["events"] if e["uid"] == uid]
    assert moved["start"] == "2027-03-28"
    assert moved["sequence"] > event["sequence"]
