"""Bilag 5's materials for a round: the calendar file with the daily reminder, the poster
for the break room (with a QR code) and the printable note slips for a round on paper."""

from datetime import datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

import segno

from riskmapping import content
from riskmapping.models import DROP_DAYS, BallRound
from stressprogram.ics import CalendarEvent, calendar_file
from workplaces.reminders import absolute

EVENT_MINUTES = 5  # the seed: about five minutes a day for each employee
SLIPS_PER_PAGE = 6


def drop_page_url(ball_round: BallRound) -> str:
    """Where a logged-in participant drops a ball (the login page comes first if needed)."""
    return absolute(
        reverse(
            "riskmapping:ball-drop",
            kwargs={"slug": ball_round.workplace.slug, "pk": ball_round.pk},
        )
    )


def kiosk_url(ball_round: BallRound) -> str | None:
    if not ball_round.kiosk_token:
        return None
    return absolute(reverse("riskmapping:kiosk", kwargs={"token": ball_round.kiosk_token}))


def _dates(ball_round: BallRound) -> str:
    return "%s – %s" % (  # noqa: UP031 -- two dates, no words to translate
        formats.date_format(ball_round.first_day, "DATE_FORMAT"),
        formats.date_format(ball_round.last_day, "DATE_FORMAT"),
    )


def round_calendar(ball_round: BallRound) -> bytes:
    """An ICS file with one event on each of the 14 drop days at the workplace's reminder
    hour (14 events rather than a rule, since skipped weekends break any simple rule); a
    cancelled round's events say so."""
    workplace = ball_round.workplace
    url = drop_page_url(ball_round)
    digital = ball_round.mode == BallRound.Mode.DIGITAL
    description = [
        _(
            "Har det overvejende været en dag med mange belastninger, så smid en rød bold; "
            "har dagen været energigivende, så smid en grøn. Skriv kort på sedlen hvorfor."
        ),
        str(content.NOTE_HINT),
        _("Smid din bold her: %(url)s") % {"url": url}
        if digital
        else _("Boldene lægges i glasmontren og sedlerne i postkassen i pauserummet."),
    ]
    cancelled = ball_round.status == BallRound.Status.CANCELLED
    if cancelled:
        description.insert(0, _("Aflyst: %(reason)s") % {"reason": ball_round.cancel_reason})
    zone = timezone.get_current_timezone()
    events = []
    for number, day in enumerate(ball_round.drop_days, start=1):
        start = datetime.combine(day, time(workplace.reminder_hour), tzinfo=zone)
        summary = _("Boldmetoden: smid dagens bold (dag %(n)s af %(total)s)") % {
            "n": number,
            "total": DROP_DAYS,
        }
        events.append(
            CalendarEvent(
                uid=f"ballround-{ball_round.pk}-day-{number}",
                summary=_("Aflyst: %(summary)s") % {"summary": summary} if cancelled else summary,
                start=start,
                end=start + timedelta(minutes=EVENT_MINUTES),
                sequence=ball_round.calendar_sequence,
                modified=ball_round.calendar_modified_at,
                description="\n\n".join(description),
                location=workplace.name,
                url=url if digital else "",
                cancelled=cancelled,
                alarm=_("Smid dagens bold"),
            )
        )
    return calendar_file(
        product="Boldmetoden",
        name=_("Boldmetoden – %(workplace)s") % {"workplace": workplace.name},
        events=events,
    )


def qr_data_uri(url: str) -> str:
    """A QR code of the address as a PNG data URI (WeasyPrint embeds it as an image)."""
    return segno.make(url, error="m").png_data_uri(scale=8, border=2)


def poster_context(ball_round: BallRound) -> dict[str, Any]:
    kiosk = kiosk_url(ball_round)
    digital = ball_round.mode == BallRound.Mode.DIGITAL
    target = (kiosk or drop_page_url(ball_round)) if digital else None
    return {
        "round": ball_round,
        "intro": content.intro(ball_round.mode),
        "note_hint": content.NOTE_HINT,
        "red_label": content.RED,
        "green_label": content.GREEN,
        "days": list(enumerate(ball_round.drop_days, start=1)),
        "dates": _dates(ball_round),
        "qr_url": target,
        "qr": qr_data_uri(target) if target else None,
        "via_kiosk": bool(kiosk),
        "digital": digital,
    }


def slips_context(ball_round: BallRound) -> dict[str, Any]:
    return {
        "round": ball_round,
        "dates": _dates(ball_round),
        "note_hint": content.NOTE_HINT,
        "sheets": [
            ("red", content.RED, range(SLIPS_PER_PAGE)),
            ("green", content.GREEN, range(SLIPS_PER_PAGE)),
        ],
    }
