"""What the pages, the PDF report and HR's exports show of a ball round: note texts only for
those who sort them (the manager and the tillidsvalgte), every figure only where at least
five people are behind it, and nothing at all of a round with fewer than five."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from riskmapping.balls import kiosk, services
from riskmapping.sorting import services as sorting
from tests.conftest import PERSONAS
from tests.factories import MembershipFactory
from tests.helpers import pdf_text, round_running_since_yesterday

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
CANARY = "Kanariefugl 7Q: min vagt med Bente"
READERS = {"leder", "amir", "tr"}


def _round_page(client):
    return client.get(reverse("riskmapping:ballround", kwargs={"slug": SLUG}))


def _glass(client) -> str:
    """The round page's glass displays section while the round runs."""
    html = _round_page(client).content.decode()
    return html.split('id="glass-heading"')[1].split("</section>")[0]


def _report(client, ball_round):
    url = reverse("riskmapping:report-pdf", kwargs={"slug": SLUG, "pk": ball_round.pk})
    return client.get(url)


def _finished(past_round, cast, drops):
    ball_round = past_round(drops)
    red = sorting.add_category(ball_round, colour="red", title="Travlhed")
    green = sorting.add_category(ball_round, colour="green", title="Gode dage")
    for ball in ball_round.balls.all():
        sorting.file_note(ball_round, ball.pk, category=red if ball.colour == "red" else green)
    services.begin_meeting(ball_round, by=cast["leder"])
    return services.finish_round(ball_round, by=cast["leder"])


FIVE = [
    ("red", CANARY),
    ("red", "Travlt"),
    ("green", "God dag"),
    ("red", "Vagtplanen"),
    ("green", "Gode kolleger"),
]


# Notes are for those who sort them.


@pytest.mark.parametrize("persona", PERSONAS)
def test_note_texts_only_for_those_who_sort_them(client_as, past_round, cast, persona, tmp_path):
    ball_round = _finished(past_round, cast, FIVE)
    client = client_as(persona)
    page, report = _round_page(client), _report(client, ball_round)
    meeting = client.get(reverse("riskmapping:meeting", kwargs={"slug": SLUG, "pk": ball_round.pk}))
    if persona in ("outsider", "anonymous"):
        assert {page.status_code, report.status_code} <= {302, 404}
        return
    html, text = page.content.decode(), pdf_text(report.content, tmp_path)
    assert "Travlhed" in html  # headings for everyone who may see them
    assert "Travlhed" in text
    assert "3 sedler" in html  # and their counts
    assert "(3 sedler)" in text
    shown = [html, text] + ([meeting.content.decode()] if meeting.status_code == 200 else [])
    if persona in READERS:
        assert all(CANARY in seen for seen in shown)
    else:
        assert not any(CANARY in seen for seen in shown)
        assert "Sedlerne læses kun af lederen og de tillidsvalgte" in html


# A round with fewer than five participants.


def test_round_of_three_shows_no_count_and_no_note_to_anyone(client_as, past_round, cast, tmp_path):
    ball_round = past_round(FIVE[:3])  # like Borgerservice: three took part
    for persona in ("leder", "amir", "tr", "medarbejder", "hr"):
        client = client_as(persona)
        html = _round_page(client).content.decode()
        text = pdf_text(_report(client, ball_round).content, tmp_path)
        for seen in (html, text):
            assert "Færre end 5 har smidt bolde i denne runde" in seen
            assert "Brug i stedet dialogmetoden (Bilag 6)" in seen
            assert CANARY not in seen
            assert "Travlt" not in seen
            assert "røde bolde" not in seen
        assert "Røde og grønne bolde pr. dag</caption>" not in html
    sorting_page = client_as("leder").get(
        reverse("riskmapping:sorting", kwargs={"slug": SLUG, "pk": ball_round.pk})
    )
    assert "Færre end 5 har smidt bolde" in sorting_page.content.decode()
    assert CANARY not in sorting_page.content.decode()
    hr = client_as("hr")
    dashboard = hr.get(reverse("oversight:dashboard")).content.decode()
    export = hr.get(reverse("oversight:dashboard-csv")).content.decode("utf-8-sig")
    for seen in (dashboard, export):
        assert "for få deltagere" in seen
        assert CANARY not in seen


# Every figure with at least five people behind it.


def _day(number: int, red: int, green: int) -> services.DayCount:
    return {"day": date(2026, 9, 21 + number), "number": number, "red": red, "green": green}


def test_glass_merges_small_days_forward_and_holds_back_the_last_ones():
    rows = [_day(1, 3, 3), _day(2, 1, 0), _day(3, 2, 3), _day(4, 0, 2)]
    running = services.glass(rows, people=6, today=date(2026, 9, 30))
    assert [(r["number"], r["last_number"], r["red"], r["green"]) for r in running["rows"]] == [
        (1, 1, 3, 3),
        (2, 3, 3, 3),
    ]
    assert running["totals"] == {"red": 6, "green": 6}
    assert running["waiting"]  # day 4's two balls wait for more
    done = services.glass(rows, people=6, today=date(2026, 9, 30), complete=True)
    assert [(r["number"], r["last_number"]) for r in done["rows"]] == [(1, 1), (2, 4)]
    assert done["totals"] == {"red": 6, "green": 8}
    assert not services.glass(rows, people=4, today=date(2026, 9, 30), complete=True)["shown"]


def test_a_day_with_one_dropper_is_merged_so_its_colour_cannot_be_read(
    client_as, cast, solhoj, tmp_path
):
    MembershipFactory(workplace=solhoj)
    leder = cast["leder"]
    first_day = timezone.localdate() - timedelta(days=20)
    ball_round = services.plan_round(solhoj, by=leder, first_day=first_day, weekends_count=True)
    services.start_round(ball_round, by=leder)
    people = list(ball_round.participants.order_by("pk"))
    days = ball_round.drop_days
    for number, drops in ((0, "gggrr"), (1, "r"), (2, "ggggg")):
        for person, letter in zip(people, drops, strict=False):
            colour = "red" if letter == "r" else "green"
            services.drop_ball(
                ball_round, participant=person, colour=colour, note="x", today=days[number]
            )
    services.begin_sorting(ball_round, by=leder)
    html = _round_page(client_as("leder")).content.decode()
    rows = html.split('id="results-caption"')[1].split("</tbody>")[0]
    assert '<th scope="row">1</th>' in rows
    assert '<th scope="row">2–14</th>' in rows  # the night shift alone is in no figure
    assert '<th scope="row">2</th>' not in rows
    assert "<td>1</td><td>5</td>" in rows
    assert "lagt sammen med deres nabodage" in html


def test_live_counts_wait_for_a_finished_day_with_five(
    client_as, client, cast, solhoj, time_machine
):
    MembershipFactory(workplace=solhoj)
    ball_round = round_running_since_yesterday(solhoj, cast["leder"])
    kiosk.enable_kiosk(ball_round, by=cast["leder"])
    kiosk_url = reverse("riskmapping:kiosk", kwargs={"token": ball_round.kiosk_token})
    people = list(ball_round.participants.order_by("pk"))
    assert len(people) == 5
    for n, (person, colour) in enumerate(
        zip(people, ["red", "red", "green", "green", "green"], strict=True)
    ):
        services.drop_ball(ball_round, participant=person, colour=colour, note="x")
        for persona in ("leder", "hr", "medarbejder"):
            glass = _glass(client_as(persona))
            assert "rød bold" not in glass, (n, persona)
            assert "røde bolde" not in glass
        client.logout()
        html = client.get(kiosk_url).content.decode()
        assert "0 røde bolde" in html
        assert 'class="ball ball-red"' not in html, n
    # The day is over and five people are behind its figure: now it is shown.
    tomorrow = timezone.localdate() + timedelta(days=1)
    time_machine.move_to(timezone.make_aware(datetime.combine(tomorrow, time(9))))
    glass = _glass(client_as("hr"))
    assert "2 røde bolde" in glass
    assert "3 grønne bolde" in glass
    assert '<th scope="row">1–2</th>' in glass
    client.logout()
    assert client.get(kiosk_url).content.decode().count('class="ball ball-red"') == 2


def test_the_history_of_rounds_shows_a_running_round_only_as_its_glass(
    client_as, cast, solhoj, time_machine
):
    """Today's drops are not counted on the history page either, not even the people."""
    MembershipFactory(workplace=solhoj)
    ball_round = round_running_since_yesterday(solhoj, cast["leder"])
    for person in ball_round.participants.all():
        services.drop_ball(ball_round, participant=person, colour="red", note="x")
    url = reverse("riskmapping:history", kwargs={"slug": SLUG})
    shares = client_as("leder").get(url).context["rounds"][0].shares
    assert shares["red"] is None
    assert shares["participants"] is None
    tomorrow = timezone.localdate() + timedelta(days=1)
    time_machine.move_to(timezone.make_aware(datetime.combine(tomorrow, time(9))))
    shares = client_as("leder").get(url).context["rounds"][0].shares
    assert (shares["red"], shares["participants"]) == (5, 5)


def test_nothing_can_be_sorted_where_too_few_took_part(client_as, past_round):
    """The sorting actions refuse before they act, with or without JavaScript."""
    ball_round = past_round(FIVE[:3])
    url = reverse("riskmapping:category-add", kwargs={"slug": SLUG, "pk": ball_round.pk})
    client = client_as("leder")
    assert client.post(url, {"colour": "red", "title": "Travlhed"}).status_code == 404
    assert not ball_round.categories.exists()
