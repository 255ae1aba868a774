"""The one sorting board of both methods (riskmapping.sorting.views): the same answers for a
round's balls and a dialogue meeting's post-its. A heading that is not on this board is a
404 in the URL and a Danish refusal (400 to sorting.js) when chosen in the form; an
outsider's wrong method is the same 404 as their right one."""

from django.urls import reverse

import pytest

from riskmapping.models import BallRound, DialogueMeeting, StickyNote
from riskmapping.sorting import services as sorting
from tests.riskmapping.dialogue_setup import running

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
BOARD = {"HTTP_X_SORTING_BOARD": "1"}


def _url(name: str, owner: BallRound | DialogueMeeting, **kwargs) -> str:
    return reverse(f"riskmapping:{name}", kwargs={"slug": SLUG, "pk": owner.pk, **kwargs})


@pytest.fixture
def boards(past_round, cast, solhoj) -> dict[str, tuple[BallRound | DialogueMeeting, str]]:
    """Each method's board, with one red heading and one red note: (owner, name prefix)."""
    ball_round = past_round()
    meeting = running(cast, solhoj, phase="clustering")
    StickyNote.objects.create(
        meeting=meeting, group=meeting.groups.first(), colour="red", note="Travlt"
    )
    for owner in (ball_round, meeting):
        sorting.add_category(owner, colour="red", title="Travlhed")
    return {"balls": (ball_round, ""), "dialogue": (meeting, "dialogue-")}


@pytest.mark.parametrize("method", ["balls", "dialogue"])
@pytest.mark.parametrize("action", ["rename", "merge", "delete", "iglo"])
def test_a_heading_not_on_the_board_is_a_404_in_both_methods(client_as, boards, method, action):
    owner, names = boards[method]
    other, _ = boards["dialogue" if method == "balls" else "balls"]
    theirs = other.categories.get().pk  # a heading, but of the other board
    client = client_as("leder")
    for category_pk in (theirs, 2_000_000_000):
        url = _url(f"{names}category-{action}", owner, category_pk=category_pk)
        assert client.post(url, {"title": "Ny", "into": theirs}).status_code == 404
    assert owner.categories.get().title == "Travlhed"


@pytest.mark.parametrize("method", ["balls", "dialogue"])
def test_a_heading_chosen_in_the_form_that_is_not_there_is_refused_in_danish(
    client_as, boards, method
):
    owner, names = boards[method]
    note = owner.notes().first()
    client = client_as("amir")
    response = client.post(
        _url(f"{names}note-file", owner, note_pk=note.pk), {"category": "999999"}, **BOARD
    )
    assert response.status_code == 400
    assert "Overskriften findes ikke." in response.content.decode()
    heading = owner.categories.get()
    merge = _url(f"{names}category-merge", owner, category_pk=heading.pk)
    followed = client.post(merge, {"into": "abc"}, follow=True)
    assert "Overskriften findes ikke." in followed.content.decode()
    page = "sorting" if method == "balls" else "dialogue-clustering"
    assert followed.redirect_chain[-1][0].startswith(_url(page, owner))


@pytest.mark.parametrize("method", ["balls", "dialogue"])
def test_an_outsider_gets_the_same_404_for_the_wrong_method(client_as, boards, method):
    owner, names = boards[method]
    client = client_as("outsider")
    page = "sorting" if method == "balls" else "dialogue-clustering"
    for name in (page, f"{names}category-add"):
        assert client.get(_url(name, owner)).status_code == 404
        assert client.post(_url(name, owner)).status_code == 404
