"""A round on paper: the physical glass displays and mailbox. The day's counts are typed
in, the notes transcribed after the last day (duplicates flagged), slips printed."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from riskmapping.balls import paper, services
from riskmapping.models import Ball, BallRound, DropToken, PaperCount
from tests.helpers import pdf_text
from workplaces.services import history_of

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"


def _paper_round(cast, solhoj, *, first_day: date, start: bool = True) -> BallRound:
    ball_round = services.plan_round(
        solhoj,
        by=cast["leder"],
        first_day=first_day,
        weekends_count=True,
        mode=BallRound.Mode.PAPER,
    )
    if start:
        services.start_round(ball_round, by=cast["leder"])
    return ball_round


@pytest.fixture
def day_three(cast, solhoj) -> BallRound:
    """A paper round on its third day (every day counts)."""
    return _paper_round(cast, solhoj, first_day=timezone.localdate() - timedelta(days=2))


@pytest.fixture
def finished(cast, solhoj) -> BallRound:
    """A paper round whose 14 days ended yesterday."""
    return _paper_round(cast, solhoj, first_day=timezone.localdate() - timedelta(days=14))


def _url(name: str, ball_round: BallRound) -> str:
    return reverse(f"riskmapping:{name}", kwargs={"slug": SLUG, "pk": ball_round.pk})


def test_the_plan_form_offers_paper(client_as, cast):
    client = client_as("leder")
    html = client.get(reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG})).content
    assert "På papir: glasmontre og postkasse, tallene tastes ind" in html.decode()
    client.post(
        reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG}),
        {"first_day": "2026-12-07", "mode": "paper", "participants": [cast["tr"].pk]},
    )
    ball_round = BallRound.objects.get()
    assert ball_round.mode == BallRound.Mode.PAPER
    services.start_round(ball_round, by=cast["leder"])
    assert not DropToken.objects.exists()  # nobody gets a personal link on paper


def test_nobody_drops_a_digital_ball_in_a_paper_round(client_as, cast, day_three):
    with pytest.raises(ValidationError):
        services.drop_ball(day_three, participant=cast["tr"], colour="red", note="x")
    html = client_as("tr").get(day_three.get_absolute_url()).content.decode()
    assert "Smid dagens bold" not in html
    html = client_as("tr").get(_url("ball-drop", day_three)).content.decode()
    assert "Der kan ikke smides bolde i denne runde i dag." in html


def test_manager_types_in_the_counts_of_the_days_that_have_begun(client_as, day_three):
    client = client_as("leder")
    url = _url("paper-counts", day_three)
    html = client.get(url).content.decode()
    days = day_three.drop_days
    assert html.count('inputmode="numeric"') == 6  # red and green for days 1-3
    assert f'name="red_{days[2].isoformat()}"' in html
    assert f'name="red_{days[3].isoformat()}"' not in html
    # The cursor starts in the first day without counts.
    assert _focused(html) == f"id_red_{days[0].isoformat()}"

    data = {
        f"red_{days[0].isoformat()}": "4",
        f"green_{days[0].isoformat()}": "7",
        f"red_{days[1].isoformat()}": "",
        f"green_{days[1].isoformat()}": "2",
        f"red_{days[3].isoformat()}": "99",  # a day to come: not a field, ignored
    }
    html = client.post(url, data, follow=True).content.decode()
    assert "Tallene er gemt for 2 dage:" in html
    counts = {c.day: (c.red, c.green) for c in PaperCount.objects.all()}
    assert counts == {days[0]: (4, 7), days[1]: (0, 2)}
    assert 'value="7"' in html  # shown again, to correct later
    assert _focused(html) == f"id_red_{days[2].isoformat()}"  # the next open day
    # The glass displays on the round's page use the typed counts.
    rows = services.counts(day_three)
    assert (rows[0]["red"], rows[0]["green"]) == (4, 7)


def _focused(html: str) -> str:
    (field,) = re.findall(r'id="([^"]+)"[^>]* autofocus', html)
    return field


def _corrected(client, url: str, data: dict) -> str:
    """Post a correction of a saved day: shown first, saved only once confirmed."""
    html = client.post(url, data).content.decode()
    assert "Du er ved at rette tal, der allerede er gemt" in html
    key = re.search(r'name="confirm" value="([^"]+)"', html).group(1)
    return client.post(url, {**data, "confirm": key}, follow=True).content.decode()


def test_a_correction_of_a_saved_day_is_shown_before_it_is_saved_and_kept_in_history(
    client_as, day_three
):
    client = client_as("leder")
    url = _url("paper-counts", day_three)
    first = day_three.drop_days[0].isoformat()
    client.post(url, {f"red_{first}": "7", f"green_{first}": "3"})

    html = client.post(url, {f"red_{first}": "5", f"green_{first}": "3"}).content.decode()
    assert "røde 7 → 5, grønne 3 → 3" in html
    assert "Intet er gemt endnu." in html
    assert PaperCount.objects.get().red == 7  # not yet

    # A confirmation of other corrections than those shown counts for nothing.
    client.post(url, {f"red_{first}": "1", f"green_{first}": "3", "confirm": "1"})
    assert PaperCount.objects.get().red == 7

    html = _corrected(client, url, {f"red_{first}": "5", f"green_{first}": "3"})
    assert "Tallene er gemt for" in html
    assert PaperCount.objects.get().red == 5
    history = [(c.field, c.before, c.after) for c in history_of(day_three)]
    assert any(
        field.startswith("Røde bolde") and (old, new) == ("7", "5") for field, old, new in history
    ), history


def test_an_empty_field_never_replaces_a_saved_count(client_as, day_three):
    client = client_as("leder")
    url = _url("paper-counts", day_three)
    first, second = (d.isoformat() for d in day_three.drop_days[:2])
    client.post(url, {f"red_{first}": "7", f"green_{first}": "3"})

    # Both fields of day 1 cleared by mistake while day 2 is typed in: day 1 stays.
    html = client.post(
        url, {f"red_{first}": "", f"green_{first}": "", f"red_{second}": "2"}, follow=True
    ).content.decode()
    assert "Du er ved at rette" not in html
    counts = {c.day.isoformat(): (c.red, c.green) for c in PaperCount.objects.all()}
    assert counts == {first: (7, 3), second: (2, 0)}
    # One field cleared: that count stays as saved, the other is corrected.
    _corrected(client, url, {f"red_{first}": "", f"green_{first}": "4"})
    assert (PaperCount.objects.get(day=day_three.first_day).red, 4) == (7, 4)
    html = client.post(url, {f"red_{first}": "", f"green_{first}": ""}, follow=True)
    assert "Ingen tal er ændret." in html.content.decode()


def test_letters_over_a_saved_count_are_refused_and_the_count_kept(client_as, day_three):
    client = client_as("leder")
    url = _url("paper-counts", day_three)
    first = day_three.drop_days[0].isoformat()
    client.post(url, {f"red_{first}": "7", f"green_{first}": "3"})
    html = client.post(url, {f"red_{first}": "7a", f"green_{first}": "3"}).content.decode()
    assert "Skriv et helt tal." in html
    assert _focused(html) == f"id_red_{first}"  # the cursor is where the error is
    assert PaperCount.objects.get().red == 7


def test_a_paper_round_does_not_promise_a_personal_link(client_as, day_three, tmp_path):
    html = client_as("leder").get(day_three.get_absolute_url()).content.decode()
    assert "personligt link" not in html
    assert "sæt en daglig påmindelse i alles kalendere" in html
    poster = client_as("leder").get(_url("poster", day_three))
    assert "personligt link" not in pdf_text(poster.content, tmp_path)


def test_a_round_planned_wholly_in_the_past_is_refused(client_as, cast):
    client = client_as("leder")
    url = reverse("riskmapping:ballround-plan", kwargs={"slug": SLUG})
    first_day = timezone.localdate() - timedelta(days=20)
    html = client.post(
        url, {"first_day": first_day.isoformat(), "weekends_count": "on", "participants": []}
    ).content.decode()
    assert "Hele runden ville ligge før i dag" in html
    assert not BallRound.objects.exists()
    # A round that began a few days ago still runs into the coming days: allowed.
    client.post(
        url,
        {
            "first_day": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "participants": [cast["tr"].pk],
        },
    )
    assert BallRound.objects.exists()


@pytest.mark.parametrize("bad", ["-1", "abc", "2.5", "100000"])
def test_bad_counts_are_refused_in_danish_and_nothing_is_saved(client_as, day_three, bad):
    days = day_three.drop_days
    response = client_as("leder").post(
        _url("paper-counts", day_three),
        {f"red_{days[0].isoformat()}": "3", f"green_{days[1].isoformat()}": bad},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ret de markerede tal. Intet er gemt." in html
    assert any(
        message in html
        for message in ("Antallet kan ikke være negativt.", "Skriv et helt tal.", "Højst 10000")
    )
    assert not PaperCount.objects.exists()


def test_counts_service_refuses_days_to_come_and_digital_rounds(cast, day_three, solhoj):
    future = day_three.drop_days[5]
    with pytest.raises(ValidationError, match="ikke en af rundens dage"):
        paper.save_paper_counts(day_three, by=cast["leder"], counts={future: (1, 1)})
    with pytest.raises(ValidationError, match="helt tal"):
        paper.save_paper_counts(day_three, by=cast["leder"], counts={day_three.first_day: (-1, 0)})
    assert not PaperCount.objects.exists()
    day_three.mode = BallRound.Mode.DIGITAL
    with pytest.raises(ValidationError):
        paper.save_paper_counts(day_three, by=cast["leder"], counts={})


def test_counts_screen_is_404_for_a_digital_round(client_as, cast, solhoj):
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=timezone.localdate(), weekends_count=True
    )
    assert client_as("leder").get(_url("paper-counts", ball_round)).status_code == 404
    assert client_as("leder").get(_url("paper-transcribe", ball_round)).status_code == 404


def test_notes_are_transcribed_only_after_the_last_day(client_as, day_three):
    html = client_as("leder").get(_url("paper-transcribe", day_three)).content.decode()
    assert "Sedlerne tastes ind efter den sidste dag" in html
    assert 'name="note"' not in html
    client_as("leder").post(
        _url("paper-transcribe", day_three), {"note": "For tidligt", "colour": "red"}
    )
    assert not Ball.objects.exists()


def test_transcribing_one_note_after_another(client_as, finished):
    client = client_as("leder")
    url = _url("paper-transcribe", finished)
    html = client.get(url).content.decode()
    assert 'name="note"' in html
    assert "autofocus" in html
    assert "Tastet ind – røde sedler: 0, grønne sedler: 0." in html

    response = client.post(url, {"note": "For mange vikarer", "colour": "red"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?farve=red"  # the colour stays for the next one
    html = client.get(response["Location"]).content.decode()
    assert "Sedlen er gemt. Skriv den næste." in html
    assert 'value="red" checked' in html
    assert 'value=""' in html  # the note field is empty again
    client.post(url, {"note": "Godt kaffemøde", "colour": "green"})
    html = client.get(url).content.decode()
    assert "Tastet ind – røde sedler: 1, grønne sedler: 1." in html

    balls = {(b.colour, b.note, b.day) for b in Ball.objects.all()}
    assert balls == {("red", "For mange vikarer", None), ("green", "Godt kaffemøde", None)}


def test_a_possible_duplicate_must_be_confirmed(client_as, finished):
    client = client_as("leder")
    url = _url("paper-transcribe", finished)
    client.post(url, {"note": "Travlt ved  middagen", "colour": "red"})

    response = client.post(url, {"note": "  travlt VED middagen ", "colour": "red"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mulig dublet" in html
    assert "Ja, det er en anden seddel – gem den" in html
    assert Ball.objects.count() == 1

    response = client.post(
        url, {"note": "  travlt VED middagen ", "colour": "red", "confirmed": "on"}
    )
    assert response.status_code == 302
    assert Ball.objects.count() == 2
    # The same words in another colour are also flagged: a note is compared as text.
    assert paper.is_possible_duplicate(finished, "TRAVLT ved middagen")
    assert not paper.is_possible_duplicate(finished, "Travlt ved aftensmaden")


def test_empty_note_is_refused_in_danish(client_as, finished):
    response = client_as("leder").post(
        _url("paper-transcribe", finished), {"note": "", "colour": "red"}
    )
    assert "Skriv sedlens tekst." in response.content.decode()
    assert not Ball.objects.exists()


def test_note_slips_pdf_has_red_and_green_slips_with_the_dates(client_as, cast, solhoj, tmp_path):
    ball_round = _paper_round(cast, solhoj, first_day=date(2026, 12, 7), start=False)
    response = client_as("leder").get(_url("paper-slips", ball_round))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    pages = text.split("\f")
    assert "Røde sedler" in pages[0]
    assert "Grønne sedler" in pages[1]
    assert pages[0].count("Rød bold – en dag med mange belastninger") == 6
    assert pages[1].count("Grøn bold – en energigivende dag") == 6
    assert "7. december 2026 – 20. december 2026" in text
    assert "Vær så konkret som mulig. Der skal ikke anføres navn." in text
    assert "Klip langs de stiplede linjer." in text
