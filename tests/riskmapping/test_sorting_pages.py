"""The pages after the days: the sorting board (with and without JS), the staff meeting on
phones and the projector, IGLO plans from a click, the results on the round page and the
PDF report; each with a constant number of queries."""

import re
import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from iglo.models import IgloAction, IgloPlan
from riskmapping.balls import services
from riskmapping.models import Ball, BallRound, Category, Proposal
from riskmapping.sorting import services as sorting
from tests.factories import MembershipFactory
from tests.helpers import pdf_page_pixels, pdf_text, queries_at_two_sizes

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"


def _url(name: str, ball_round: BallRound, **kwargs) -> str:
    return reverse(f"riskmapping:{name}", kwargs={"slug": SLUG, "pk": ball_round.pk, **kwargs})


@pytest.fixture
def sorting_round(past_round) -> BallRound:
    return past_round()


@pytest.fixture
def meeting_round(sorting_round, cast) -> BallRound:
    red = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    green = sorting.add_category(sorting_round, colour="green", title="Gode dage")
    for ball in sorting_round.balls.all():
        sorting.file_note(sorting_round, ball.pk, category=red if ball.colour == "red" else green)
    return services.begin_meeting(sorting_round, by=cast["leder"])


def _grow_notes(ball_round: BallRound):
    """`grow(n)` adds n red notes, under the first heading if there is one."""

    def grow(n: int) -> None:
        heading = ball_round.categories.filter(colour="red").first()
        Ball.objects.bulk_create(
            Ball(round=ball_round, colour="red", note=f"Seddel {uuid.uuid4()}", category=heading)
            for _ in range(n)
        )

    return grow


# The sorting board.


def test_board_shows_notes_shuffled_without_dates(client_as, sorting_round):
    html = client_as("tr").get(_url("sorting", sorting_round)).content.decode()
    for note in ("Travlt", "Telefonen", "God dag"):
        assert note in html
    for day in sorting_round.drop_days[:2]:
        assert day.isoformat() not in html
        assert f"{day.day}." not in html.split('id="sorting-board"')[1]
    assert "5 sedler i alt, blandet og uden datoer." in html
    assert 'src="/static/js/sorting.js"' in html
    assert "<script>" not in html
    assert 'style="' not in html


def test_notes_stay_in_the_mailbox_until_the_days_are_over(client_as, cast, running):
    services.drop_ball(
        running, participant=cast["tr"], colour="red", note="Hemmelig", today=running.first_day
    )
    services.empty_mailbox(before=running.first_day + timedelta(days=1))
    assert Ball.objects.filter(note="Hemmelig").exists()
    html = client_as("leder").get(_url("sorting", running)).content.decode()
    assert "Hemmelig" not in html
    assert "Ingen kan læse dem før." in html


def test_keyboard_form_files_a_note_without_js(client_as, sorting_round):
    client = client_as("amir")
    client.post(_url("category-add", sorting_round), {"colour": "red", "title": "Travlhed"})
    heading = Category.objects.get()
    note = sorting_round.balls.get(note="Travlt")
    response = client.post(
        _url("note-file", sorting_round, note_pk=note.pk), {"category": heading.pk}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#board")
    note.refresh_from_db()
    assert note.category == heading
    html = client.get(_url("sorting", sorting_round)).content.decode()
    column = html.split(f'data-category="{heading.pk}"')[1].split("</ul>")[0]
    assert "Travlt" in column
    client.post(_url("note-file", sorting_round, note_pk=note.pk), {"category": "aside"})
    note.refresh_from_db()
    assert (note.category, note.set_aside) == (None, True)


def test_ticked_notes_move_at_once_and_identical_notes_show_once(client_as, past_round):
    ball_round = past_round(
        [
            ("red", "Travlt"),
            ("red", "  travlt "),
            ("red", "TRAVLT"),
            ("red", "Telefonen"),
            ("green", "God dag"),
        ]
    )
    client = client_as("tr")
    client.post(_url("category-add", ball_round), {"colour": "red", "title": "Travlhed"})
    heading = Category.objects.get()
    html = client.get(_url("sorting", ball_round)).content.decode()
    assert html.count('class="badge text-bg-light border note-count"') == 1
    assert "3 ens sedler" in html
    travlt = [
        str(pk)
        for pk in ball_round.balls.filter(note__icontains="travlt").values_list("pk", flat=True)
    ]
    telefonen = ball_round.balls.get(note="Telefonen")
    # Without JS: the tick boxes (one holds the three identical notes) and one button.
    response = client.post(
        _url("notes-move", ball_round),
        {"notes": [",".join(travlt), str(telefonen.pk)], "category": heading.pk},
    )
    assert response.status_code == 302
    assert heading.balls.count() == 4
    # A green note among them: nothing moves, and the page says why.
    green = ball_round.balls.get(note="God dag")
    response = client.post(
        _url("notes-move", ball_round),
        {"notes": [str(green.pk), str(telefonen.pk)], "category": "aside"},
    )
    assert ball_round.balls.filter(set_aside=True).count() == 2
    response = client.post(
        _url("notes-move", ball_round),
        {"notes": [str(green.pk), ",".join(travlt)], "category": ""},
        follow=True,
    )
    assert ball_round.balls.filter(category=None, set_aside=False).count() == 4
    for bad, message in (
        ({"notes": [str(green.pk), str(telefonen.pk)], "category": heading.pk}, "i sin farve"),
        ({"notes": ["ikke-en-seddel"], "category": ""}, "Sedlen findes ikke."),
        ({"category": ""}, "Vælg de sedler, der skal flyttes."),
    ):
        before = list(ball_round.balls.order_by("pk").values_list("category", "set_aside"))
        response = client.post(_url("notes-move", ball_round), bad, follow=True)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert list(ball_round.balls.order_by("pk").values_list("category", "set_aside")) == before


def test_drag_and_drop_gets_the_board_back_or_a_400_with_the_reason(client_as, sorting_round):
    client = client_as("tr")
    client.post(_url("category-add", sorting_round), {"colour": "green", "title": "Gode dage"})
    heading = Category.objects.get()
    note = sorting_round.balls.get(note="Travlt")
    url = _url("note-file", sorting_round, note_pk=note.pk)
    response = client.post(url, {"category": heading.pk}, HTTP_X_SORTING_BOARD="1")
    assert response.status_code == 400
    html = response.content.decode()
    assert html.startswith('<div id="sorting-board"')
    assert "En seddel kan kun ligge under en overskrift i sin farve." in html
    assert "<html" not in html
    green = sorting_round.balls.get(note="God dag")
    response = client.post(
        _url("note-file", sorting_round, note_pk=green.pk),
        {"category": heading.pk},
        HTTP_X_SORTING_BOARD="1",
    )
    assert response.status_code == 200
    green.refresh_from_db()
    assert green.category == heading


def test_sixth_heading_is_refused_on_the_page(client_as, sorting_round):
    client = client_as("leder")
    for n in range(5):
        client.post(_url("category-add", sorting_round), {"colour": "red", "title": f"R{n}"})
    response = client.post(
        _url("category-add", sorting_round), {"colour": "red", "title": "R6"}, follow=True
    )
    html = response.content.decode()
    assert "Der kan højst være 5 røde overskrifter." in html
    assert "Der er ikke plads til flere røde." in html
    assert Category.objects.count() == 5


def test_rename_merge_delete_and_bad_input(client_as, sorting_round):
    client = client_as("leder")
    client.post(_url("category-add", sorting_round), {"colour": "red", "title": "Travlhed"})
    client.post(_url("category-add", sorting_round), {"colour": "red", "title": "Telefon"})
    first, second = Category.objects.order_by("pk")
    client.post(_url("category-rename", sorting_round, category_pk=first.pk), {"title": "Travlt"})
    first.refresh_from_db()
    assert first.title == "Travlt"
    note = sorting_round.balls.get(note="Telefonen")
    sorting.file_note(sorting_round, note.pk, category=second)
    client.post(_url("category-merge", sorting_round, category_pk=second.pk), {"into": first.pk})
    assert list(Category.objects.all()) == [first]
    note.refresh_from_db()
    assert note.category == first
    response = client.post(
        _url("category-merge", sorting_round, category_pk=first.pk), {"into": "abc"}, follow=True
    )
    assert "Overskriften findes ikke." in response.content.decode()
    response = client.post(
        _url("note-file", sorting_round, note_pk=note.pk), {"category": "999999"}, follow=True
    )
    assert "Overskriften findes ikke." in response.content.decode()
    client.post(_url("category-delete", sorting_round, category_pk=first.pk))
    assert not Category.objects.exists()
    note.refresh_from_db()
    assert note.category is None


def test_hidden_note_shows_only_its_reason(client_as, sorting_round):
    client = client_as("leder")
    note = sorting_round.balls.get(note="Telefonen")
    client.post(_url("note-hide", sorting_round, note_pk=note.pk), {"reason": "Nævner en kollega"})
    html = client.get(_url("sorting", sorting_round)).content.decode()
    assert "skjult</span>" not in html
    assert "skjult: Nævner en kollega" in html
    assert "Telefonen" not in html
    client.post(_url("note-show", sorting_round, note_pk=note.pk))
    assert "Telefonen" in client.get(_url("sorting", sorting_round)).content.decode()


def test_manager_moves_on_to_the_meeting_from_the_board(client_as, sorting_round):
    client = client_as("leder")
    response = client.post(
        _url("ballround-advance", sorting_round), {"to": "meeting", "next": "sorting"}, follow=True
    )
    assert (
        "5 sedler mangler en overskrift eller at blive lagt til side." in response.content.decode()
    )
    assert BallRound.objects.get().status == "sorting"


def test_sorting_board_queries_are_constant(client_as, sorting_round):
    client = client_as("leder")
    sorting.add_category(sorting_round, colour="red", title="Travlhed")
    small, large = queries_at_two_sizes(
        lambda: client.get(_url("sorting", sorting_round)),
        _grow_notes(sorting_round),
        small=2,
        large=30,
    )
    assert small == large <= 10


# The round page.


def test_round_page_buttons_follow_the_status(client_as, cast, solhoj):
    today = timezone.localdate()
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=today - timedelta(days=14), weekends_count=True
    )
    services.start_round(ball_round, by=cast["leder"])
    client = client_as("leder")
    page = reverse("riskmapping:ballround", kwargs={"slug": SLUG})
    assert "begynd sorteringen" in client.get(page).content.decode()
    response = client.post(
        _url("ballround-advance", ball_round), {"to": "sorting", "next": "sorting"}
    )
    assert response["Location"] == _url("sorting", ball_round)
    html = client.get(page).content.decode()
    assert "Sortér sedlerne" in html
    assert "Gå videre til personalemødet" in html
    assert "Sortér sedlerne" in client_as("tr").get(page).content.decode()
    html = client_as("medarbejder").get(page).content.decode()
    assert "Sortér sedlerne" not in html
    assert "Gå videre til personalemødet" not in html


def test_round_page_shows_results_and_comparison(client_as, past_round, cast, solhoj):
    for _ in range(2):
        MembershipFactory(workplace=solhoj)
    today = timezone.localdate()
    earlier = past_round(
        [("red", "Travlt"), ("red", "Telefonen"), ("green", "Godt")] * 2,
        first_day=today - timedelta(days=60),
    )
    red = sorting.add_category(earlier, colour="red", title="Travlhed")
    green = sorting.add_category(earlier, colour="green", title="Gode dage")
    for ball in earlier.balls.all():
        sorting.file_note(earlier, ball.pk, category=red if ball.colour == "red" else green)
    services.begin_meeting(earlier, by=cast["leder"])
    sorting.add_proposal(Category.objects.get(pk=red.pk), text="Faste pauser", track="now")
    sorting.create_iglo_plan(Category.objects.get(pk=red.pk), by=cast["leder"])
    services.finish_round(earlier, by=cast["leder"])
    now = past_round([("red", "Travlt")] + [("green", "Fint")] * 5)
    html = (
        client_as("medarbejder")
        .get(reverse("riskmapping:ballround", kwargs={"slug": SLUG}))
        .content.decode()
    )
    assert '<svg class="results-chart"' in html
    assert 'role="img"' in html
    assert '<title id="results-chart-title">Røde og grønne bolde pr. dag</title>' in html
    assert "6 personer har smidt bolde." in html
    assert "Sammenlignet med sidste runde" in html
    assert "4 (67 %)" in html  # red balls in the earlier round
    assert "1 (17 %)" in html
    assert "Glasmontrene" not in html
    assert now.status == "sorting"


def test_round_page_queries_are_constant_after_the_days(client_as, meeting_round):
    client = client_as("leder")
    page = reverse("riskmapping:ballround", kwargs={"slug": SLUG})
    small, large = queries_at_two_sizes(
        lambda: client.get(page), _grow_notes(meeting_round), small=2, large=30
    )
    assert small == large <= 10  # with the results and the comparison


# The staff meeting.


def test_a_member_joins_on_the_phone_and_proposes_once(client_as, meeting_round, cast):
    client = client_as("medarbejder")
    heading = meeting_round.categories.get(colour="red")
    html = client.get(_url("meeting", meeting_round)).content.decode()
    assert "Gå til »Travlhed«" in html
    response = client.post(_url("join", meeting_round, category_pk=heading.pk), follow=True)
    html = response.content.decode()
    assert "Du er ved »Travlhed«." in html
    key = re.search(r'name="client_id" value="([0-9a-f-]+)"', html).group(1)
    for _ in range(2):  # a resend after a lost connection
        client.post(
            _url("propose", meeting_round, category_pk=heading.pk),
            {"text": "Faste pauser", "client_id": key},
        )
    assert list(Proposal.objects.values_list("text", flat=True)) == ["Faste pauser"]
    response = client.post(
        _url("propose", meeting_round, category_pk=heading.pk),
        {"text": " ", "client_id": "x"},
        follow=True,
    )
    assert "Skriv et forslag." in response.content.decode()
    assert list(heading.members.all()) == [cast["medarbejder"]]


def test_tillidsvalgte_set_tracks_and_make_the_iglo_plan_once(client_as, meeting_round):
    heading = meeting_round.categories.get(colour="red")
    proposal = sorting.add_proposal(heading, text="Faste pauser")
    employee = client_as("medarbejder")
    assert (
        "Handles straks eller arbejdes videre med?"
        not in employee.get(_url("meeting", meeting_round)).content.decode()
    )
    client = client_as("tr")
    html = client.get(_url("meeting", meeting_round)).content.decode()
    # The seed's two kinds of proposal, in its words, never the app's own "Spor".
    assert "Handles straks eller arbejdes videre med?" in html
    assert "2: Arbejdes videre med" in html
    assert "Spor" not in html
    client.post(_url("track", meeting_round, proposal_pk=proposal.pk), {"track": "now"})
    proposal.refresh_from_db()
    assert proposal.track == "now"
    response = client.post(
        _url("track", meeting_round, proposal_pk=proposal.pk), {"track": "x"}, follow=True
    )
    assert "Vælg »handles straks«" in response.content.decode()
    response = client.post(_url("category-iglo", meeting_round, category_pk=heading.pk))
    plan = IgloPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert IgloAction.objects.get(plan=plan).track == "now"
    response = client.post(
        _url("category-iglo", meeting_round, category_pk=heading.pk), follow=True
    )
    assert "allerede en IGLO-handleplan" in response.content.decode()
    assert IgloPlan.objects.count() == 1
    html = client.get(_url("meeting", meeting_round)).content.decode()
    assert f'href="{plan.get_absolute_url()}"' in html


def test_projector_shows_the_agenda_and_polls_the_headings(client_as, meeting_round):
    client = client_as("leder")
    html = client.get(_url("projector", meeting_round)).content.decode()
    assert "15 min" in html
    assert "25 min" in html
    assert "I alt 75 minutter" in html
    assert 'hx-trigger="every 5s"' in html
    assert _url("projector-live", meeting_round) in html
    heading = meeting_round.categories.get(colour="red")
    sorting.add_proposal(heading, text="Ekstra hænder", track="later")
    live = client.get(_url("projector-live", meeting_round)).content.decode()
    assert live.startswith('<div id="projector-live"')
    assert "Ekstra hænder" in live
    assert "Leder og tillidsvalgte arbejder videre" in live
    assert "2 sedler" in live


def test_hidden_notes_stay_out_of_the_meeting_and_the_report(
    client_as, meeting_round, cast, tmp_path
):
    note = meeting_round.balls.get(note="Telefonen")
    sorting.hide_note(meeting_round, note.pk, reason="Navn")
    html = client_as("amir").get(_url("meeting", meeting_round)).content.decode()
    assert "Travlt" in html
    assert "Telefonen" not in html
    assert "Navn" not in html
    services.finish_round(meeting_round, by=cast["leder"])
    response = client_as("tr").get(_url("report-pdf", meeting_round))
    text = pdf_text(response.content, tmp_path)
    assert "Travlt" in text
    assert "Telefonen" not in text


def test_meeting_pages_queries_are_constant(client_as, meeting_round):
    client = client_as("tr")
    grow = _grow_notes(meeting_round)
    for name in ("meeting", "projector-live"):
        small, large = queries_at_two_sizes(
            lambda name=name: client.get(_url(name, meeting_round)), grow, small=2, large=30
        )
        assert small == large <= 10, name


# The report.


def test_report_pdf_reads_back(client_as, meeting_round, cast, solhoj, tmp_path):
    heading = meeting_round.categories.get(colour="red")
    sorting.add_proposal(heading, text="Faste pauser", track="now")
    sorting.add_proposal(heading, text="Ny vagtplan", track="later")
    services.finish_round(meeting_round, by=cast["leder"])
    response = client_as("hr").get(_url("report-pdf", meeting_round))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Boldmetoden – rapport" in text
    for words in ("Travlhed", "Gode dage", "Faste pauser", "Handles straks", "Ny vagtplan"):
        assert words in text
    assert "Leder og tillidsvalgte arbejder videre" in text
    assert "5 personer har smidt bolde. I alt 3 røde og 2 grønne bolde." in text
    assert "Travlt" not in text  # HR: headings and counts, never a note


def _bars(image, colours: tuple[tuple[int, int, int], ...]) -> list[int]:
    """Heights in pixels of the bars drawn in `colours` (fill and stroke), left to right:
    runs of neighbouring columns holding those colours."""

    def near(pixel: tuple[int, int, int]) -> bool:
        # Close enough to allow for smoothing, but not the grey grid lines.
        return any(sum(abs(a - b) for a, b in zip(pixel, c, strict=True)) < 25 for c in colours)

    pixels, (width, height) = image.load(), image.size
    columns = [[y for y in range(height) if near(pixels[x, y])] for x in range(width)]
    bars, run = [], []
    for rows in [*columns, []]:
        if len(rows) > 2:
            run += rows
        elif run:
            bars.append(max(run) - min(run) + 1)
            run = []
    return bars


def test_report_pdf_draws_the_chart_in_danish(client_as, past_round, solhoj, tmp_path):
    MembershipFactory(workplace=solhoj)  # six participants, six drops a day
    # Day 1: 4 red, 2 green; day 2: 5 red (each day has 5 or more, so each is a bar).
    ball_round = past_round(
        [("red", "Travlt"), ("red", "Telefonen"), ("green", "God dag")] * 2
        + [("red", "Vagtplan")] * 5
    )
    pdf = client_as("leder").get(_url("report-pdf", ball_round)).content
    page = pdf_page_pixels(pdf, tmp_path)
    red = _bars(page, ((0xB0, 0x2A, 0x37), (0xF6, 0xD3, 0xCF)))
    green = _bars(page, ((0x14, 0x6C, 0x43), (0xD3, 0xEC, 0xD9)))
    assert len(red) == 2, red
    assert len(green) == 1, green
    per_ball = red[0] / 4
    assert per_ball > 10
    assert red[1] == pytest.approx(5 * per_ball, abs=3)
    assert green[0] == pytest.approx(2 * per_ball, abs=3)


def test_report_is_404_before_the_days_are_over(client_as, running):
    assert client_as("leder").get(_url("report-pdf", running)).status_code == 404


def test_plan_page_offers_iglo_measurement_dates(client_as, cast, solhoj):
    from iglo import services as iglo_services  # noqa: PLC0415

    day = timezone.localdate() + timedelta(days=40)
    plan = iglo_services.start_plan(solhoj, by=cast["leder"], title="Travlhed")
    action = iglo_services.add_action(plan, by=cast["leder"], level="group", text="Pauser")
    IgloAction.objects.filter(pk=action.pk).update(measure_on=day)
    client = client_as("leder")
    url = reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG})
    html = client.get(url).content.decode()
    assert f'href="?first_day={day.isoformat()}"' in html
    html = client.get(url, {"first_day": day.isoformat()}).content.decode()
    assert f'value="{day.isoformat()}"' in html
    assert client.get(url, {"first_day": "2026-02-30"}).status_code == 200


def _agenda_post(rows: list[tuple[object, str]], **extra) -> dict[str, object]:
    data: dict[str, object] = {
        "agenda-TOTAL_FORMS": len(rows),
        "agenda-INITIAL_FORMS": 0,
        **extra,
    }
    for i, (minutes, text) in enumerate(rows):
        data[f"agenda-{i}-minutes"] = minutes
        data[f"agenda-{i}-text"] = text
    return data


def test_manager_fits_the_staff_meeting_agenda_to_the_hour(client_as, meeting_round):
    client = client_as("leder")
    url = _url("meeting-agenda", meeting_round)
    page = client.get(url).content.decode()
    # The seed's blocks, 75 minutes for a meeting the seed calls one hour.
    assert "I alt nu: 75 minutter." in page
    assert "Drejebogens dagsorden." in page
    assert "De røde kategorier hænges op" in page

    rows = [(10, "Lederen viser overskrifterne"), (35, "Grupperne skriver forslag"), ("", "")]
    response = client.post(url, _agenda_post(rows))
    assert response.status_code == 302
    meeting_round.refresh_from_db()
    assert services.agenda_of(meeting_round) == [
        (10, "Lederen viser overskrifterne"),
        (35, "Grupperne skriver forslag"),
    ]
    projector = client.get(_url("projector", meeting_round)).content.decode()
    assert "Grupperne skriver forslag" in projector
    assert "I alt 45 minutter" in projector
    assert "De røde kategorier hænges op" not in projector

    # Back to the seed's agenda with one button; both edits are in the round's history.
    client.post(url, {**_agenda_post([]), "reset": "1"})
    meeting_round.refresh_from_db()
    assert services.agenda_of(meeting_round)[0][0] == 15
    assert (
        "Dagsorden for personalemødet"
        in client.get(reverse("riskmapping:ballround", kwargs={"slug": SLUG})).content.decode()
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("", "Et punkt uden tid")], "Skriv, hvor mange minutter punktet tager."),
        ([(0, "Nul minutter")], "Et punkt tager mindst 1 minut."),
        ([(500, "For langt")], "Et punkt kan højst tage 120 minutter."),
        ([("", "")], "Dagsordenen skal have mindst ét punkt."),
        ([(5, f"Punkt {n}") for n in range(13)], "Dagsordenen kan højst have 12 punkter."),
    ],
)
def test_a_wrong_agenda_is_refused_with_a_danish_reason(client_as, meeting_round, rows, message):
    response = client_as("leder").post(_url("meeting-agenda", meeting_round), _agenda_post(rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    meeting_round.refresh_from_db()
    assert meeting_round.meeting_agenda == []


def test_the_agenda_of_a_finished_round_stays(client_as, meeting_round, cast):
    services.finish_round(meeting_round, by=cast["leder"])
    response = client_as("leder").post(
        _url("meeting-agenda", meeting_round), _agenda_post([(10, "Sent")]), follow=True
    )
    assert "dagsordenen kan ikke længere ændres" in response.content.decode()
    meeting_round.refresh_from_db()
    assert meeting_round.meeting_agenda == []
