"""The one iCalendar writer, for every feed and e-mailed calendar file.

Times are written in Europe/Copenhagen with a VTIMEZONE whose daylight-saving dates are
yearly rules, as Outlook and Google write it: icalendar's generated zone lists them as one
comma-separated RDATE, of which ical.js (Thunderbird) and vobject read only the first, and
so put summer events an hour late. Each event carries a stable UID, a SEQUENCE that grows
with every change and LAST-MODIFIED, so a client replaces its copy; a cancelled event stays
in the file as STATUS:CANCELLED, so it leaves the calendars that have it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDatetime,
)

ZONE = "Europe/Copenhagen"
# RFC 5546's method for a file that asks nothing of its reader; also on the MIME type of
# an e-mailed file (Django's attach() adds the charset).
METHOD = "PUBLISH"
CONTENT_TYPE = f"text/calendar; method={METHOD}"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # unique within the app; "@stressprogram" is added (as always, so it stays)
    summary: str
    start: datetime | date  # a date: an all-day event
    end: datetime | date
    sequence: int
    modified: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    alarm: str = ""  # a reminder shown at the start


def _copenhagen() -> Timezone:
    """Summer time from the last Sunday of March 02:00 to the last Sunday of October 03:00
    (local time, as the rules' DTSTART and RRULE are read), as in force since 1996."""
    zone = Timezone()
    zone.add("tzid", ZONE)
    for part, begins, hours, name, month in (
        (TimezoneDaylight, "19810329T020000", (1, 2), "CEST", 3),
        (TimezoneStandard, "19961027T030000", (2, 1), "CET", 10),
    ):
        rule = part()
        rule.add("dtstart", vDatetime.from_ical(begins))
        rule.add("tzoffsetfrom", timedelta(hours=hours[0]))
        rule.add("tzoffsetto", timedelta(hours=hours[1]))
        rule.add("tzname", name)
        rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(rule)
    return zone


def _local(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        # The TZID parameter comes from the tzinfo's key; a naive one would be floating.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def calendar_file(*, product: str, name: str, events: Iterable[CalendarEvent]) -> bytes:
    """The ICS text of `events`; never without a component (the zone is always there), so
    an empty feed is a valid calendar too."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Stressprogram//{product}//DA")
    calendar.add("version", "2.0")
    calendar.add("method", METHOD)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ZONE)
    calendar.add_component(_copenhagen())
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@stressprogram")
        event.add("dtstamp", stamp)
        event.add("last-modified", item.modified)
        event.add("sequence", item.sequence)
        for key, value in (("dtstart", item.start), ("dtend", item.end)):
            local = _local(value)
            if isinstance(local, datetime):
                event.add(key, local, parameters={"TZID": ZONE})
            else:
                event.add(key, local)
        event.add("summary", item.summary)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        for key in ("description", "location", "url"):
            if getattr(item, key):
                event.add(key, getattr(item, key))
        if item.alarm and not item.cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.alarm)
            alarm.add("trigger", timedelta(0))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
