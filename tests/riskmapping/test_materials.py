"""The round's materials read back: the calendar file parsed with icalendar, the poster
PDF's text and its QR image."""

from datetime import date, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from riskmapping.balls import kiosk, materials, services
from riskmapping.models import BallRound
from stressprogram.pdf import render_pdf
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# Monday 7 December 2026 … with weekends skipped the 14th drop day is Thursday 24 December.
MONDAY = date(2026, 12, 7)


@pytest.fixture
def planned(cast, solhoj) -> BallRound:
    solhoj.reminder_hour = 14
    solhoj.save()
    return services.plan_round(solhoj, by=cast["leder"], first_day=MONDAY, weekends_count=False)


def _url(name: str, ball_round: BallRound) -> str:
    return reverse(f"riskmapping:{name}", kwargs={"slug": SLUG, "pk": ball_round.pk})


def _events(ics: bytes) -> list:
    calendar = Calendar.from_ical(ics)
    return list(calendar.walk("VEVENT"))


def test_calendar_file_has_the_14_drop_days_at_the_reminder_hour(client_as, planned):
    response = client_as("leder").get(_url("round-calendar", planned))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert 'filename="boldmetoden-2026-12-07.ics"' in response["Content-Disposition"]

    events = _events(response.content)
    assert len(events) == 14
    starts = [e.decoded("dtstart") for e in events]
    assert [s.date() for s in starts] == planned.drop_days
    assert date(2026, 12, 12) not in [s.date() for s in starts]  # a Saturday, skipped
    assert starts[-1].date() == date(2026, 12, 24)
    for start, event in zip(starts, events, strict=True):
        local = start.astimezone(COPENHAGEN)
        assert (local.hour, local.minute) == (14, 0)
        assert event.decoded("dtend") - start == timedelta(minutes=5)
    assert len({str(e["uid"]) for e in events}) == 14
    assert str(events[0]["summary"]) == "Boldmetoden: smid dagens bold (dag 1 af 14)"
    assert str(events[13]["summary"]) == "Boldmetoden: smid dagens bold (dag 14 af 14)"
    drop_url = settings.SITE_URL + _url("ball-drop", planned)
    description = str(events[0]["description"])
    assert f"Smid din bold her: {drop_url}" in description
    assert "Der skal ikke anføres navn." in description
    assert str(events[0]["url"]) == drop_url
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert events[0].walk("VALARM")


def test_calendar_across_the_end_of_summer_time_keeps_the_local_hour(cast, solhoj):
    solhoj.reminder_hour = 7
    solhoj.save()
    # 20 October 2026 + 14 days, weekends counting: summer time ends on 25 October.
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=date(2026, 10, 20), weekends_count=True
    )
    starts = [e.decoded("dtstart") for e in _events(materials.round_calendar(ball_round))]
    assert {s.astimezone(COPENHAGEN).hour for s in starts} == {7}
    offsets = {s.astimezone(COPENHAGEN).utcoffset() for s in starts}
    assert offsets == {timedelta(hours=2), timedelta(hours=1)}


def test_calendar_of_a_paper_round_points_to_the_glass_displays(cast, solhoj):
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=MONDAY,
        weekends_count=True,
        mode=BallRound.Mode.PAPER,
    )
    [first, *_rest] = _events(materials.round_calendar(ball_round))
    assert "glasmontren" in str(first["description"])
    assert "url" not in first


def _images(pdf: bytes) -> list:
    reader = PdfReader(BytesIO(pdf))
    return [image for page in reader.pages for image in page.images]


def test_poster_reads_back_with_the_seeds_words_the_dates_and_a_qr_code(
    client_as, planned, tmp_path
):
    response = client_as("leder").get(_url("poster", planned))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Boldmetoden" in text
    assert "I skal hver især i en periode på 14 dage dagligt forholde jer til:" in text
    assert "Har det overvejende været en dag med mange belastninger" in text
    assert "Vær så konkret som mulig. Der skal ikke anføres navn." in text
    assert "Rød bold – en dag med mange belastninger" in text
    assert "Grøn bold – en energigivende dag" in text
    assert "7. december 2026 – 24. december 2026" in text
    assert "Dag 14" in text
    assert "tor 24. dec" in text.lower()
    assert "Scan koden, og log ind" in text
    # A digital round has no glass display or postbox to send anyone to.
    assert "så smid en rød bold på telefonen, computeren eller skærmen i pauserummet" in text
    assert "montren" not in text
    assert "postkassen" not in text
    assert settings.SITE_URL + _url("ball-drop", planned) in text
    [qr] = _images(response.content)
    assert qr.image.size[0] == qr.image.size[1]  # a square code


def test_poster_qr_points_at_the_kiosk_once_enabled(cast, planned, tmp_path):
    services.start_round(planned, by=cast["leder"])
    kiosk.enable_kiosk(planned, by=cast["leder"])
    context = materials.poster_context(planned)
    kiosk_url = settings.SITE_URL + reverse(
        "riskmapping:kiosk", kwargs={"token": planned.kiosk_token}
    )
    assert context["qr_url"] == kiosk_url
    assert context["qr"] == materials.qr_data_uri(kiosk_url)
    assert context["qr"].startswith("data:image/png;base64,")
    pdf = render_pdf("pdf/ball_poster.html", context, workplace=planned.workplace)
    assert "Scan koden, eller brug skærmen i pauserummet." in pdf_text(pdf, tmp_path)
    assert len(_images(pdf)) == 1


def test_poster_of_a_paper_round_has_no_qr_code(cast, solhoj, tmp_path):
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=MONDAY,
        weekends_count=True,
        mode=BallRound.Mode.PAPER,
    )
    context = materials.poster_context(ball_round)
    assert context["qr"] is None
    pdf = render_pdf("pdf/ball_poster.html", context, workplace=solhoj)
    text = pdf_text(pdf, tmp_path)
    assert "Læg en rød eller grøn bold i glasmontren" in text
    assert "smides en rød bold i montren" in text  # the seed's own words, for paper
    assert _images(pdf) == []


def test_manager_sees_the_materials_others_do_not(client_as, planned):
    poster = _url("poster", planned)
    assert poster in client_as("leder").get(planned.get_absolute_url()).content.decode()
    assert poster not in client_as("tr").get(planned.get_absolute_url()).content.decode()
