"""A round after its days: running → sorting → meeting → done, the results, the comparison
with the earlier round, and the IGLO measurement dates offered for the next round."""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

import pytest

from iglo import services as iglo_services
from iglo.models import IgloAction
from riskmapping.balls import results, services
from riskmapping.models import Ball, BallRound, MailboxBall
from riskmapping.sorting import services as sorting
from tests.factories import MembershipFactory
from workplaces.services import history_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def six_people(solhoj):
    """Two more employees: six participants, above the threshold of five."""
    for _ in range(2):
        MembershipFactory(workplace=solhoj)


def _sort_all(ball_round: BallRound, *, red_title: str = "Travlhed") -> None:
    red = sorting.add_category(ball_round, colour="red", title=red_title)
    green = sorting.add_category(ball_round, colour="green", title="Gode dage")
    for ball in ball_round.balls.all():
        sorting.file_note(ball_round, ball.pk, category=red if ball.colour == "red" else green)


# Status.


def test_sorting_begins_after_the_last_day_with_an_empty_mailbox(cast, solhoj):
    today = timezone.localdate()
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=today - timedelta(days=14), weekends_count=True
    )
    services.start_round(ball_round, by=cast["leder"])
    last = ball_round.last_day
    assert last == today - timedelta(days=1)
    services.drop_ball(ball_round, participant=cast["tr"], colour="red", note="Sidst", today=last)
    assert MailboxBall.objects.count() == 1
    with pytest.raises(ValidationError, match="når den sidste dag med bolde"):
        services.begin_sorting(ball_round, by=cast["leder"], today=last)
    services.begin_sorting(ball_round, by=cast["leder"], today=today)
    assert not MailboxBall.objects.exists()
    assert Ball.objects.get(round=ball_round).note == "Sidst"
    ball_round.refresh_from_db()
    assert ball_round.status == BallRound.Status.SORTING
    change = history_of(ball_round).first()
    assert (change.before, change.after, change.by) == ("I gang", "Sortering", cast["leder"])


def test_meeting_needs_every_note_sorted_and_a_red_heading(past_round, cast):
    ball_round = past_round()
    with pytest.raises(ValidationError, match="5 sedler mangler en overskrift"):
        services.begin_meeting(ball_round, by=cast["leder"])
    for ball in ball_round.balls.all():
        sorting.file_note(ball_round, ball.pk, category=None, set_aside=True)
    with pytest.raises(ValidationError, match="mindst én rød overskrift"):
        services.begin_meeting(ball_round, by=cast["leder"])
    sorting.add_category(ball_round, colour="red", title="Travlhed")
    services.begin_meeting(ball_round, by=cast["leder"])
    assert BallRound.objects.get().status == BallRound.Status.MEETING
    services.finish_round(ball_round, by=cast["leder"])
    assert BallRound.objects.get().status == BallRound.Status.DONE


def test_steps_cannot_be_skipped_or_repeated(past_round, cast, running):
    with pytest.raises(ValidationError, match="kun gå videre til »Afsluttet« fra »Personalemøde«"):
        services.finish_round(running, by=cast["leder"])
    with pytest.raises(ValidationError, match="Ukendt status"):
        services.advance_round(running, by=cast["leder"], to="planned")


# Results.


def test_results_hide_every_figure_below_five_participants(past_round):
    found = results.results(past_round([("red", "Travlt")] * 4), notes=True)  # four people
    assert not found["shown"]
    assert found["participants"] is None
    assert found["rows"] == []
    assert found["chart"] is None
    assert found["board"]["red_categories"] == []  # and no note


def test_results_chart_and_proposals_by_track(past_round, cast, six_people):
    ball_round = past_round(
        [("red", "Travlt"), ("red", "Telefonen"), ("green", "God dag")] * 2 + [("red", "Vagtplan")]
    )
    _sort_all(ball_round)
    services.begin_meeting(ball_round, by=cast["leder"])
    red = ball_round.categories.get(colour="red")
    sorting.add_proposal(red, text="Faste pauser", track="now")
    sorting.add_proposal(red, text="Ny vagtplan", track="later")
    sorting.add_proposal(red, text="Endnu uafklaret")
    found = results.results(ball_round, notes=True)
    assert found["shown"]
    assert found["participants"] == 7
    assert found["totals"] == {"red": 5, "green": 2}
    # Day 2's one ball (and the empty days after it) is merged into day 1's figure.
    assert [(r["number"], r["last_number"], r["red"], r["green"]) for r in found["rows"]] == [
        (1, 14, 5, 2)
    ]
    chart = found["chart"]
    assert [day["label"] for day in chart["days"]] == ["1–14"]
    tallest = chart["days"][0]["bars"][0]
    assert tallest["value"] == 5
    assert chart["ticks"][-1]["value"] == 5
    assert [
        (group["track"], [p.text for _c, p in group["items"]]) for group in found["by_track"]
    ] == [("now", ["Faste pauser"]), ("later", ["Ny vagtplan"]), ("", ["Endnu uafklaret"])]
    heading = found["board"]["red_categories"][0]
    assert heading.shown_count == 5


def test_bar_chart_scales_to_a_round_top():
    rows = [{"number": 1, "day": None, "red": 7, "green": 2}]
    chart = results.bar_chart(rows)
    red, green = chart["days"][0]["bars"]
    assert [t["value"] for t in chart["ticks"]] == [0, 2, 4, 6, 8, 10]
    assert red["y"] + red["height"] == chart["baseline"]
    assert red["height"] == pytest.approx(2 * green["height"] * 7 / 4, rel=0.01)


def test_bar_chart_coordinates_keep_their_point_in_danish():
    rows = [{"number": n, "day": None, "red": n, "green": 3} for n in range(1, 4)]
    with translation.override("da"):
        svg = render_to_string(
            "riskmapping/_chart.html",
            {"chart": results.bar_chart(rows), "chart_id": "c", "rows": rows, "totals": {}},
        )
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert any("." in number for number in numbers)  # the chart has fractional coordinates
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", number) for number in numbers), numbers


# The comparison with the earlier round.


def _finished_round_with_plan(past_round, cast, *, first_day) -> BallRound:
    earlier = past_round(
        [("red", "Travlt"), ("red", "Travlt igen"), ("red", "Telefonen"), ("green", "Godt")] * 2,
        first_day=first_day,
    )
    red = sorting.add_category(earlier, colour="red", title="Travlhed")
    other = sorting.add_category(earlier, colour="red", title="Telefonen")
    green = sorting.add_category(earlier, colour="green", title="Gode dage")
    for ball in earlier.balls.all():
        target = {"green": green, "red": other if ball.note == "Telefonen" else red}
        sorting.file_note(earlier, ball.pk, category=target[ball.colour])
    services.begin_meeting(earlier, by=cast["leder"])
    sorting.create_iglo_plan(earlier.categories.get(pk=red.pk), by=cast["leder"])
    services.finish_round(earlier, by=cast["leder"])
    return earlier


def test_comparison_with_the_earlier_round(past_round, cast, six_people):
    today = timezone.localdate()
    earlier = _finished_round_with_plan(past_round, cast, first_day=today - timedelta(days=60))
    now = past_round([("red", "Travlt"), ("green", "Godt"), ("green", "Godt"), ("green", "Fint")]
                     + [("green", "x")] * 2)  # fmt: skip
    before_sorting = services.comparison(now)
    assert before_sorting["earlier"] == earlier
    assert before_sorting["then"]["red"] == 6
    assert before_sorting["then"]["red_share"] == 75
    assert before_sorting["now"]["red_share"] == 17
    assert before_sorting["now"]["green_share"] == 83
    [row] = before_sorting["headings"]  # only the heading that got a plan
    assert (row["title"], row["then"]) == ("Travlhed", 4)
    assert row["now"] == 0
    _sort_all(now, red_title="TRAVLHED")
    [row] = services.comparison(now)["headings"]
    assert row["now"] == 1


def test_comparison_hides_figures_of_a_small_round(past_round, cast, six_people, solhoj):
    today = timezone.localdate()
    _finished_round_with_plan(past_round, cast, first_day=today - timedelta(days=60))
    now = past_round([("red", "Travlt")])  # one person dropped
    found = services.comparison(now)
    assert found["then"]["red"] == 6
    assert found["now"]["participants"] is None
    assert found["now"]["red"] is None
    assert found["now"]["red_share"] is None


def test_the_history_keeps_every_round_and_meeting_with_its_results(
    past_round, cast, six_people, client_as, solhoj
):
    """Once a new round starts, the finished one is still one click away, with its report;
    the new round's results say how the planned heading went (fewer red notes)."""
    from riskmapping.dialogue import services as dialogue  # noqa: PLC0415

    today = timezone.localdate()
    earlier = _finished_round_with_plan(past_round, cast, first_day=today - timedelta(days=60))
    now = past_round([("red", "Travlt"), ("green", "Godt"), ("green", "Godt"), ("green", "Fint")]
                     + [("green", "x")] * 2)  # fmt: skip
    _sort_all(now, red_title="Travlhed")
    meeting = dialogue.plan_meeting(
        solhoj, by=cast["leder"], starts_at=timezone.now() - timedelta(days=30), room="Salen"
    )
    client = client_as("medarbejder")
    home = client.get(f"/workplaces/{solhoj.slug}/boldmetoden/").content.decode()
    history_url = f"/workplaces/{solhoj.slug}/boldmetoden/historik/"
    assert history_url in home
    page = client.get(history_url).content.decode()
    earlier_url = f"/workplaces/{solhoj.slug}/boldmetoden/{earlier.pk}/"
    assert earlier_url in page
    assert f"/workplaces/{solhoj.slug}/boldmetoden/{earlier.pk}/rapport.pdf" in page
    assert f"/dialogmetoden/{meeting.pk}/dagsorden.pdf" in page
    assert "Salen" in page
    old_page = client.get(earlier_url).content.decode()
    assert "en tidligere runde" in old_page
    assert "Resultater" in old_page
    # The new round: 4 red notes under "Travlhed" then, 1 now.
    assert (
        "3 røde sedler færre"
        in client.get(f"/workplaces/{solhoj.slug}/boldmetoden/").content.decode()
    )


def test_the_change_per_heading_keeps_the_threshold(past_round, cast, six_people, client_as):
    today = timezone.localdate()
    _finished_round_with_plan(past_round, cast, first_day=today - timedelta(days=60))
    now = past_round([("red", "Travlt")])  # one person dropped: nothing about them shows
    _sort_all(now)
    [row] = services.comparison(now)["headings"]
    assert (row["then"], row["now"], row["change"], row["fewer"]) == (4, None, None, None)
    page = client_as("leder").get(now.get_absolute_url()).content.decode()
    assert "sedler færre" not in page
    assert "rød seddel færre" not in page


def test_no_comparison_without_an_earlier_finished_round(past_round):
    assert services.comparison(past_round()) is None


def test_iglo_measurement_dates_are_offered_as_first_days(cast, solhoj):
    today = timezone.localdate()
    plan = iglo_services.start_plan(solhoj, by=cast["leder"], title="Travlhed")
    soon = iglo_services.add_action(plan, by=cast["leder"], level="group", text="Pauser")
    later = iglo_services.add_action(plan, by=cast["leder"], level="group", text="Vagtplan")
    past = iglo_services.add_action(plan, by=cast["leder"], level="group", text="Gammel")
    IgloAction.objects.filter(pk=soon.pk).update(measure_on=today + timedelta(days=30))
    IgloAction.objects.filter(pk=later.pk).update(measure_on=today + timedelta(days=90))
    IgloAction.objects.filter(pk=past.pk).update(measure_on=today - timedelta(days=1))
    assert services.suggested_first_days(solhoj) == [
        {"day": today + timedelta(days=30), "plans": ["Travlhed"]},
        {"day": today + timedelta(days=90), "plans": ["Travlhed"]},
    ]
