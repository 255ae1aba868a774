"""riskmapping.sorting.services on a round of the ball method: headings within their limits, filing
and hiding notes, the board, joining a heading, proposals and their track, IGLO plans."""

import uuid

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from iglo.models import IgloAction, IgloPlan
from riskmapping.balls import services
from riskmapping.models import Ball, BallRound, Category, Proposal
from riskmapping.sorting import services as sorting
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _note(ball_round: BallRound, text: str) -> Ball:
    return ball_round.balls.get(note=text)


@pytest.fixture
def sorting_round(past_round) -> BallRound:
    return past_round()


def _to_meeting(ball_round: BallRound, by) -> Category:
    """File every note under a red or green heading and open the meeting."""
    red = sorting.add_category(ball_round, colour="red", title="Travlhed")
    green = sorting.add_category(ball_round, colour="green", title="Samarbejde")
    for ball in ball_round.balls.all():
        sorting.file_note(ball_round, ball.pk, category=red if ball.colour == "red" else green)
    services.begin_meeting(ball_round, by=by)
    return Category.objects.get(pk=red.pk)


# Headings.


def test_five_red_and_five_green_headings_at_most(sorting_round):
    for n in range(5):
        sorting.add_category(sorting_round, colour="red", title=f"Rød {n}")
    with pytest.raises(ValidationError, match=r"Der kan højst være 5 røde overskrifter\."):
        sorting.add_category(sorting_round, colour="red", title="Den sjette")
    for n in range(5):
        sorting.add_category(sorting_round, colour="green", title=f"Grøn {n}")
    with pytest.raises(ValidationError, match=r"Der kan højst være 5 grønne overskrifter\."):
        sorting.add_category(sorting_round, colour="green", title="Den sjette")
    assert sorting_round.categories.count() == 10
    positions = list(
        sorting_round.categories.filter(colour="red").values_list("position", flat=True)
    )
    assert positions == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("colour", "title", "message"),
    [
        ("red", "   ", r"Skriv en overskrift\."),
        ("red", "x" * 121, "højst have 120 tegn"),
        ("blue", "Travlhed", r"Vælg rød eller grøn\."),
    ],
)
def test_bad_headings_are_refused_in_danish(sorting_round, colour, title, message):
    with pytest.raises(ValidationError, match=message):
        sorting.add_category(sorting_round, colour=colour, title=title)
    assert not sorting_round.categories.exists()


def test_same_title_twice_in_a_colour_is_refused_whatever_the_case(sorting_round):
    sorting.add_category(sorting_round, colour="red", title="Travlhed")
    with pytest.raises(ValidationError, match="allerede en overskrift med det navn"):
        sorting.add_category(sorting_round, colour="red", title="  TRAVLHED ")
    # A green heading may share the name of a red one.
    assert sorting.add_category(sorting_round, colour="green", title="Travlhed").pk


def test_headings_change_only_while_sorting(running, cast):
    with pytest.raises(ValidationError, match="mens sedlerne sorteres"):
        sorting.add_category(running, colour="red", title="Travlhed")


def test_rename_collapses_spaces_and_refuses_a_taken_name(sorting_round):
    first = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    second = sorting.add_category(sorting_round, colour="red", title="Vagtplan")
    sorting.rename_category(first, title="  For   mange  opgaver ")
    first.refresh_from_db()
    assert first.title == "For mange opgaver"
    with pytest.raises(ValidationError, match="allerede en overskrift"):
        sorting.rename_category(second, title="for mange opgaver")


def test_merge_moves_notes_proposals_and_members_and_deletes_the_other(sorting_round):
    into = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    other = sorting.add_category(sorting_round, colour="red", title="Telefonen")
    sorting.file_note(sorting_round, _note(sorting_round, "Travlt").pk, category=into)
    sorting.file_note(sorting_round, _note(sorting_round, "Telefonen").pk, category=other)
    sorting.merge_categories(into, other)
    assert not Category.objects.filter(pk=other.pk).exists()
    assert set(into.balls.values_list("note", flat=True)) == {"Travlt", "Telefonen"}


def test_merge_refuses_other_colours_rounds_and_itself(sorting_round, past_round, cast, solhoj):
    red = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    green = sorting.add_category(sorting_round, colour="green", title="Gode dage")
    with pytest.raises(ValidationError, match="samme farve"):
        sorting.merge_categories(red, green)
    with pytest.raises(ValidationError, match="to forskellige"):
        sorting.merge_categories(red, red)
    elsewhere = BallRound.objects.create(
        workplace=solhoj, first_day=sorting_round.first_day, status="sorting"
    )
    foreign = sorting.add_category(elsewhere, colour="red", title="Travlhed")
    with pytest.raises(ValidationError, match="samme farve"):
        sorting.merge_categories(red, foreign)


def test_deleting_a_heading_leaves_its_notes_unsorted(sorting_round):
    heading = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    note = _note(sorting_round, "Travlt")
    sorting.file_note(sorting_round, note.pk, category=heading)
    sorting.delete_category(heading)
    note.refresh_from_db()
    assert note.category is None
    assert not note.set_aside
    assert note in sorting.board(sorting_round)["unsorted"]


# Filing and hiding notes.


def test_a_note_goes_under_a_heading_of_its_colour_aside_or_back(sorting_round):
    red = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    green = sorting.add_category(sorting_round, colour="green", title="Gode dage")
    note = _note(sorting_round, "Travlt")
    with pytest.raises(ValidationError, match="i sin farve"):
        sorting.file_note(sorting_round, note.pk, category=green)
    sorting.file_note(sorting_round, note.pk, category=red)
    note.refresh_from_db()
    assert (note.category_id, note.set_aside) == (red.pk, False)
    sorting.file_note(sorting_round, note.pk, category=None, set_aside=True)
    note.refresh_from_db()
    assert (note.category_id, note.set_aside) == (None, True)
    sorting.file_note(sorting_round, note.pk, category=None)
    note.refresh_from_db()
    assert (note.category_id, note.set_aside) == (None, False)


def test_filing_refuses_unknown_notes_and_other_rounds_headings(sorting_round, solhoj):
    with pytest.raises(ValidationError, match=r"Sedlen findes ikke\."):
        sorting.file_note(sorting_round, uuid.uuid4(), category=None)
    elsewhere = BallRound.objects.create(
        workplace=solhoj, first_day=sorting_round.first_day, status="sorting"
    )
    foreign = sorting.add_category(elsewhere, colour="red", title="Travlhed")
    with pytest.raises(ValidationError, match=r"Overskriften findes ikke\."):
        sorting.file_note(sorting_round, _note(sorting_round, "Travlt").pk, category=foreign)


def test_hidden_note_still_counts_and_keeps_only_its_reason(sorting_round):
    note = _note(sorting_round, "Telefonen")
    before = services.totals(services.counts(sorting_round))
    with pytest.raises(ValidationError, match="hvorfor sedlen skjules"):
        sorting.hide_note(sorting_round, note.pk, reason="  ")
    sorting.hide_note(sorting_round, note.pk, reason="Nævner en kollega ved navn")
    note.refresh_from_db()
    assert note.hidden_reason == "Nævner en kollega ved navn"
    assert services.totals(services.counts(sorting_round)) == before == {"red": 3, "green": 2}
    heading = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    sorting.file_note(sorting_round, note.pk, category=heading)
    found = sorting.board(sorting_round)["red_categories"][0]
    assert [n.pk for n in found.sorted_notes] == [note.pk]
    assert found.shown_notes == []
    sorting.show_note(sorting_round, note.pk)
    note.refresh_from_db()
    assert note.hidden_reason == ""


def test_nobody_hides_or_reads_notes_before_the_days_are_over(running):
    with pytest.raises(ValidationError, match="når dagene er gået"):
        sorting.hide_note(running, uuid.uuid4(), reason="Grov")


# The board.


def test_board_groups_notes_and_shuffles_them_by_their_random_key(sorting_round):
    red = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    sorting.file_note(sorting_round, _note(sorting_round, "Travlt").pk, category=red)
    sorting.file_note(
        sorting_round, _note(sorting_round, "God dag").pk, category=None, set_aside=True
    )
    found = sorting.board(sorting_round)
    assert [c.title for c in found["red_categories"]] == ["Travlhed"]
    assert [n.note for n in found["red_categories"][0].sorted_notes] == ["Travlt"]
    assert sorted(n.note for n in found["unsorted"]) == ["Gode kolleger", "Telefonen", "Vagtplanen"]
    assert [n.note for n in found["aside"]] == ["God dag"]
    assert found["limit"] == 5
    assert found["note_count"] == 5
    assert not found["red_full"]


def test_identical_notes_are_one_with_their_count(past_round):
    ball_round = past_round(
        [
            ("red", "Ingen pause"),
            ("red", " ingen  PAUSE\n"),
            ("red", "Travlt"),
            ("green", "Ingen pause"),
        ]
    )
    groups = sorting.board(ball_round)["unsorted_groups"]
    assert sorted((n.colour, sorting.same_text(n.note), n.count) for n in groups) == [
        ("green", "ingen pause", 1),
        ("red", "ingen pause", 2),
        ("red", "travlt", 1),
    ]
    both = next(n for n in groups if n.count == 2)
    pauses = ball_round.balls.filter(colour="red", note__icontains="pause")
    assert set(both.copies) == set(pauses.values_list("pk", flat=True))


def test_the_iglo_plan_counts_the_notes_and_their_distinct_texts(sorting_round, cast):
    """The plan is read by HR and every member: it counts the notes (identical ones as
    one text) and copies none of them, not even once (issue 16: notes are for sorters)."""
    for text in ("  travlt ", "TRAVLT"):
        Ball.objects.create(round=sorting_round, colour="red", note=text)
    red = _to_meeting(sorting_round, cast["leder"])
    plan = sorting.create_iglo_plan(red, by=cast["leder"])
    assert plan.description == ("5 sedler ligger under overskriften. Heraf 3 forskellige tekster.")
    assert "ravlt" not in plan.description


def test_board_takes_the_same_queries_for_many_notes(sorting_round):
    for n in range(3):
        sorting.add_category(sorting_round, colour="red", title=f"Rød {n}")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            sorting.board(sorting_round)
        return len(context.captured_queries)

    few = queries()
    heading = sorting_round.categories.first()
    Ball.objects.bulk_create(
        Ball(round=sorting_round, colour="red", note=f"n{i}", category=heading) for i in range(40)
    )
    assert queries() == few


# The meeting: joining a heading, proposals and tracks.


def test_a_member_joins_one_red_heading_at_a_time(sorting_round, cast):
    red = _to_meeting(sorting_round, cast["leder"])
    other = Category.objects.create(ball_round=sorting_round, colour="red", title="Vagtplan")
    sorting.join_category(red, cast["medarbejder"])
    sorting.join_category(other, cast["medarbejder"])
    assert list(red.members.all()) == []
    assert list(other.members.all()) == [cast["medarbejder"]]
    assert sorting.joined_category(sorting_round, cast["medarbejder"]) == other
    green = sorting_round.categories.get(colour="green")
    with pytest.raises(ValidationError, match="røde overskrifter"):
        sorting.join_category(green, cast["tr"])
    with pytest.raises(ValidationError, match="Kun arbejdspladsens medarbejdere"):
        sorting.join_category(red, cast["outsider"])


def test_joining_waits_for_the_meeting(sorting_round, cast):
    red = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    with pytest.raises(ValidationError, match="under mødet"):
        sorting.join_category(red, cast["medarbejder"])
    with pytest.raises(ValidationError, match="under mødet"):
        sorting.add_proposal(red, text="Pauser")


def test_a_resent_proposal_is_stored_once(sorting_round, cast):
    red = _to_meeting(sorting_round, cast["leder"])
    key = uuid.uuid4()
    first = sorting.add_proposal(red, text="Faste pauser", client_id=key)
    again = sorting.add_proposal(red, text="Faste pauser", client_id=key)
    assert first.pk == again.pk
    assert Proposal.objects.count() == 1
    other = Category.objects.create(ball_round=sorting_round, colour="red", title="Vagtplan")
    with pytest.raises(ValidationError, match="kunne ikke gemmes"):
        sorting.add_proposal(other, text="Noget andet", client_id=key)
    sorting.add_proposal(red, text="Uden nøgle")
    sorting.add_proposal(red, text="Uden nøgle")
    assert Proposal.objects.count() == 3


@pytest.mark.parametrize(
    ("text", "track", "message"),
    [
        ("", "", r"Skriv et forslag\."),
        ("x" * 1001, "", "højst have 1000 tegn"),
        ("ok", "soon", "handles straks"),
        ("nul\x00tegn", "", "tegn, der ikke kan gemmes"),
    ],
)
def test_bad_proposals_are_refused(sorting_round, cast, text, track, message):
    red = _to_meeting(sorting_round, cast["leder"])
    with pytest.raises(ValidationError, match=message):
        sorting.add_proposal(red, text=text, track=track)
    assert not Proposal.objects.exists()


def test_proposals_belong_under_red_headings(sorting_round, cast):
    _to_meeting(sorting_round, cast["leder"])
    green = sorting_round.categories.get(colour="green")
    with pytest.raises(ValidationError, match="rød overskrift"):
        sorting.add_proposal(green, text="Mere kage")


def test_track_is_now_later_or_none(sorting_round, cast):
    red = _to_meeting(sorting_round, cast["leder"])
    proposal = sorting.add_proposal(red, text="Faste pauser")
    sorting.set_track(proposal, "now")
    proposal.refresh_from_db()
    assert proposal.track == "now"
    with pytest.raises(ValidationError, match="handles straks"):
        sorting.set_track(proposal, "never")
    services.finish_round(sorting_round, by=cast["leder"])
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="under mødet"):
        sorting.set_track(proposal, "later")


# IGLO plans.


def test_one_click_makes_a_draft_iglo_plan_once(sorting_round, cast):
    red = _to_meeting(sorting_round, cast["leder"])
    sorting.hide_note(sorting_round, _note(sorting_round, "Telefonen").pk, reason="Navn")
    sorting.add_proposal(red, text="Faste pauser", track="now")
    sorting.add_proposal(red, text="Ekstra hænder kl. 17-21")
    plan = sorting.create_iglo_plan(red, by=cast["amir"])
    assert plan.title == "Travlhed"
    assert plan.source == IgloPlan.Source.BALL_ROUND
    assert plan.source_label == sorting_round.source_label()
    assert plan.status == IgloPlan.Status.DRAFT
    # HR and every member read the plan: the count of notes, not their texts (issue 16).
    assert plan.description == "2 sedler ligger under overskriften."  # the hidden one out
    actions = list(IgloAction.objects.filter(plan=plan).order_by("pk"))
    assert [(a.text, a.track, a.level) for a in actions] == [
        ("Faste pauser", "now", ""),
        ("Ekstra hænder kl. 17-21", "later", ""),
    ]
    red.refresh_from_db()
    assert red.iglo_plan == plan
    with pytest.raises(ValidationError, match="allerede en IGLO-handleplan"):
        sorting.create_iglo_plan(red, by=cast["amir"])
    assert IgloPlan.objects.count() == 1


def test_iglo_plans_come_from_red_headings_after_the_sorting(sorting_round, cast):
    red = sorting.add_category(sorting_round, colour="red", title="Travlhed")
    with pytest.raises(ValidationError, match="sorteret og fremlagt"):
        sorting.create_iglo_plan(red, by=cast["leder"])
    green = sorting.add_category(sorting_round, colour="green", title="Gode dage")
    with pytest.raises(ValidationError, match="røde overskrifter"):
        sorting.create_iglo_plan(green, by=cast["leder"])
    assert not IgloPlan.objects.exists()


def test_a_member_who_left_cannot_join(sorting_round, cast, solhoj):
    from datetime import date  # noqa: PLC0415

    red = _to_meeting(sorting_round, cast["leder"])
    gone = UserFactory()
    MembershipFactory(user=gone, workplace=solhoj, ends_on=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="Kun arbejdspladsens medarbejdere"):
        sorting.join_category(red, gone)
