// Reads an iCalendar file on stdin and prints, as JSON, what Mozilla's ical.js (the parser
// in Thunderbird) makes of it: each event's UID, SEQUENCE, STATUS and its start and end as
// UTC instants (all-day events as dates). Run by tests/icaljs.py.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const instant = (time) =>
  time.isDate ? time.toString() : time.toJSDate().toISOString().replace(".000Z", "Z");
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: component.getFirstPropertyValue("status"),
    start: instant(event.startDate),
    end: instant(event.endDate),
  };
});
console.log(
  JSON.stringify({
    method: calendar.getFirstPropertyValue("method"),
    timezones: calendar.getAllSubcomponents("vtimezone").length,
    events,
  }),
);
