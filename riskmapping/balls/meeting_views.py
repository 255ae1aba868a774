"""Bilag 5 after the days: the round's status buttons, sorting the notes under headings,
the staff meeting (phones and projector), IGLO plans from the red headings, the results
and the PDF report. The sorting board is a reusable include (`_sorting_board.html`);
`decorate_board` gives its categories and notes the URLs it posts to, so the dialogue
method can show the same board with its own URLs."""

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from riskmapping import content, presenter
from riskmapping.balls import results, services
from riskmapping.balls.forms import AgendaFormSet
from riskmapping.models import BallRound, Category, Proposal
from riskmapping.sorting import services as sorting
from stressprogram.anonymity import MIN_PARTICIPANTS, shown_count
from stressprogram.pdf import pdf_response, render_pdf
from workplaces.access import reads_notes, workplace_view
from workplaces.expectations import (
    FACILITATE,
    FACILITATE_POST,
    MANAGE,
    MANAGE_POST,
    MEMBERS,
    MEMBERS_POST,
    READ,
    expects,
)

POLL_SECONDS = 5
FETCH_HEADER = "X-Sorting-Board"  # set by static/js/sorting.js: answer with the board only


def _round(request: HttpRequest, pk: int) -> BallRound:
    return get_object_or_404(BallRound, workplace=request.workplace, pk=pk)


def _category(ball_round: BallRound, category_pk: int) -> Category:
    category = get_object_or_404(Category, ball_round=ball_round, pk=category_pk)
    category.ball_round = ball_round
    return category


# A key no object has yet, for each kind of key (ball notes are UUIDs, the rest numbers).
PLACEHOLDERS = {int: 2_147_483_647, uuid.UUID: uuid.UUID(int=2**128 - 1)}


def _url_per_object(name: str, key: str, kwargs: dict[str, Any]) -> Callable[[Any], str]:
    """`reverse(name)` for every object of a board at the cost of one: reversed with a
    placeholder for `key`, then filled in per object. A board of 600 notes would otherwise
    resolve 1,800 URLs on every render, a third of its time."""
    parts: dict[type, tuple[str, str]] = {}

    def url(pk: Any) -> str:
        if type(pk) not in parts:
            placeholder = PLACEHOLDERS[type(pk)]
            found = reverse(name, kwargs={**kwargs, key: placeholder})
            parts[type(pk)] = tuple(found.rsplit(str(placeholder), 1))
        head, tail = parts[type(pk)]
        return f"{head}{pk}{tail}"

    return url


def decorate_board(found: dict[str, Any], *, prefix: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Give every category and note of a `sorting.board()` the URLs the board posts to:
    `{prefix}category-` rename, merge, delete, iglo and `{prefix}note-` file, hide, show,
    each with `kwargs` and the object's own key; and the board its `move_url`
    (`{prefix}notes-move`, several notes at once)."""
    category_urls = {
        name: _url_per_object(f"{prefix}category-{name}", "category_pk", kwargs)
        for name in ("rename", "merge", "delete", "iglo")
    }
    note_urls = {
        name: _url_per_object(f"{prefix}note-{name}", "note_pk", kwargs)
        for name in ("file", "hide", "show")
    }
    categories = found["red_categories"] + found["green_categories"]
    notes = found["unsorted"] + found["aside"]
    for category in categories:
        category.urls = {name: url(category.pk) for name, url in category_urls.items()}
        notes += category.sorted_notes
    for note in notes:
        note.urls = {name: url(note.pk) for name, url in note_urls.items()}
    found["move_url"] = reverse(f"{prefix}notes-move", kwargs=kwargs)
    return found


def posted_notes(request: HttpRequest) -> list[str]:
    """The notes a move is for: each ticked box holds the keys of one note and of the notes
    identical to it, comma-separated."""
    return [key for value in request.POST.getlist("notes") for key in value.split(",") if key]


def _ball_board(request: HttpRequest, ball_round: BallRound) -> dict[str, Any]:
    return decorate_board(
        sorting.board(ball_round),
        prefix="riskmapping:",
        kwargs={"slug": request.workplace.slug, "pk": ball_round.pk},
    )


def _sortable_round(request: HttpRequest, pk: int) -> BallRound:
    """The round a sorting action is for: none where too few took part, so nothing can be
    sorted there (the page offers no board either)."""
    ball_round = _round(request, pk)
    if services.too_few_took_part(ball_round):
        raise Http404
    return ball_round


def _board_context(request: HttpRequest, ball_round: BallRound) -> dict[str, Any]:
    return {
        "round": ball_round,
        "board": _ball_board(request, ball_round),
        "can_sort": ball_round.sorting_open,
        "can_hide": ball_round.notes_readable,
        "add_category_url": reverse(
            "riskmapping:category-add",
            kwargs={"slug": request.workplace.slug, "pk": ball_round.pk},
        ),
    }


# The round's status.


# After the days: the manager moves the round on; the manager and the tillidsvalgte
# sort the notes and give proposals their track; every member takes part in the meeting;
# IGLO plans for those who edit them; the report for everyone who reads.
@expects(post=MANAGE_POST)
@require_POST
@workplace_view("ballround.manage")
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    try:
        services.advance_round(ball_round, by=request.user, to=request.POST.get("to", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Runden er nu: %(status)s.") % {"status": ball_round.get_status_display()},
        )
    if request.POST.get("next") == "sorting":
        return redirect("riskmapping:sorting", slug=request.workplace.slug, pk=pk)
    return redirect("riskmapping:ballround", slug=request.workplace.slug)


# Sorting.


@expects(get=FACILITATE)
@workplace_view("ballround.sort")
@require_safe
def sorting_board(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    context: dict[str, Any] = {"round": ball_round, "guide": content.SORTING_GUIDE}
    if ball_round.notes_readable and services.too_few_took_part(ball_round):
        context.update(too_few=True, min_participants=MIN_PARTICIPANTS)
    elif ball_round.notes_readable:
        context.update(_board_context(request, ball_round))
    return render(request, "riskmapping/sorting.html", context)


def board_action(
    *,
    permission: str,
    owner: Callable[[HttpRequest, int], Any],
    context: Callable[[HttpRequest, Any], dict[str, Any]],
    back: Callable[[HttpRequest, Any], HttpResponse],
    changed: Callable[[Any], None] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    """Make a POST view of the sorting board for one kind of owner (a ball round, a dialogue
    meeting): run the action, then answer sorting.js with the board (400 when refused) or
    a browser without JS with a redirect to `back`; `changed` runs after a success."""

    def decorate(action: Callable[..., Any]) -> Callable[..., HttpResponse]:
        @require_POST
        @workplace_view(permission)
        def view(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            item = owner(request, pk)
            error = None
            try:
                action(request, item, **kwargs)
            except ValidationError as found:
                error = found
            else:
                if changed is not None:
                    changed(item)
            if request.headers.get(FETCH_HEADER):
                board = context(request, item)
                board["board_error"] = " ".join(error.messages) if error else ""
                return render(
                    request, "riskmapping/_sorting_board.html", board, status=400 if error else 200
                )
            if error is not None:
                messages.error(request, " ".join(error.messages))
            return back(request, item)

        view.__name__ = action.__name__
        return view

    return decorate


_sorting_action = board_action(
    permission="ballround.sort",
    owner=_sortable_round,
    context=_board_context,
    back=lambda request, ball_round: redirect(
        reverse("riskmapping:sorting", kwargs={"slug": request.workplace.slug, "pk": ball_round.pk})
        + "#board"
    ),
)


def _posted_category(request: HttpRequest, ball_round: BallRound, field: str) -> Category:
    try:
        return Category.objects.get(ball_round=ball_round, pk=int(request.POST.get(field, "")))
    except (ValueError, Category.DoesNotExist):
        raise ValidationError(_("Overskriften findes ikke.")) from None


@expects(post=FACILITATE_POST)
@_sorting_action
def category_add(request: HttpRequest, ball_round: BallRound) -> None:
    sorting.add_category(
        ball_round, colour=request.POST.get("colour", ""), title=request.POST.get("title", "")
    )


@expects(post=FACILITATE_POST)
@_sorting_action
def category_rename(request: HttpRequest, ball_round: BallRound, category_pk: int) -> None:
    sorting.rename_category(_category(ball_round, category_pk), title=request.POST.get("title", ""))


@expects(post=FACILITATE_POST)
@_sorting_action
def category_merge(request: HttpRequest, ball_round: BallRound, category_pk: int) -> None:
    other = _category(ball_round, category_pk)
    into = _posted_category(request, ball_round, "into")
    into.ball_round = ball_round
    sorting.merge_categories(into, other)


@expects(post=FACILITATE_POST)
@_sorting_action
def category_delete(request: HttpRequest, ball_round: BallRound, category_pk: int) -> None:
    sorting.delete_category(_category(ball_round, category_pk))


@expects(post=FACILITATE_POST)
@_sorting_action
def note_file(request: HttpRequest, ball_round: BallRound, note_pk: uuid.UUID) -> None:
    """`category`: a heading's id, "aside" (set aside) or empty (back among the unsorted)."""
    where = request.POST.get("category", "")
    category = None
    if where not in ("", "aside"):
        category = _posted_category(request, ball_round, "category")
        category.ball_round = ball_round
    sorting.file_note(ball_round, note_pk, category=category, set_aside=where == "aside")


@expects(post=FACILITATE_POST)
@_sorting_action
def notes_move(request: HttpRequest, ball_round: BallRound) -> None:
    """The ticked notes (`notes`) to `category`, as in `note_file`."""
    where = request.POST.get("category", "")
    category = None
    if where not in ("", "aside"):
        category = _posted_category(request, ball_round, "category")
        category.ball_round = ball_round
    sorting.file_notes(
        ball_round, posted_notes(request), category=category, set_aside=where == "aside"
    )


@expects(post=FACILITATE_POST)
@_sorting_action
def note_hide(request: HttpRequest, ball_round: BallRound, note_pk: uuid.UUID) -> None:
    sorting.hide_note(ball_round, note_pk, reason=request.POST.get("reason", ""))


@expects(post=FACILITATE_POST)
@_sorting_action
def note_show(request: HttpRequest, ball_round: BallRound, note_pk: uuid.UUID) -> None:
    sorting.show_note(ball_round, note_pk)


# The staff meeting.


def meeting_context(request: HttpRequest, ball_round: BallRound) -> dict[str, Any]:
    """The staff meeting's context, for its pages and the room's screen (riskmapping.presenter)."""
    agenda = services.agenda_of(ball_round)
    people = services.round_totals([ball_round])[ball_round.pk]["participants"]
    too_few = shown_count(people, people) is None
    found = sorting.board(ball_round) if ball_round.plans_open and not too_few else None
    if found is not None:
        for category in found["red_categories"] + found["green_categories"]:
            category.shown_count = len(category.shown_notes)
            category.shown_members = shown_count(category.member_count, people)
            if not reads_notes(request.access):
                category.shown_notes = []
    return {
        "round": ball_round,
        "board": found,
        "too_few": too_few and ball_round.plans_open,
        "min_participants": MIN_PARTICIPANTS,
        "agenda": agenda,
        "agenda_minutes": sum(minutes for minutes, _text in agenda),
        "poll_seconds": POLL_SECONDS,
        "tracks": Proposal._meta.get_field("track").choices,  # noqa: SLF001
        "live_url": reverse(
            "riskmapping:projector-live",
            kwargs={"slug": request.workplace.slug, "pk": ball_round.pk},
        ),
    }


@expects(get=MEMBERS)
@workplace_view("ballround.meet")
@require_safe
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """On the phone: go to a red heading, write proposals under it; the manager and the
    tillidsvalgte give each proposal its track and make the IGLO plans."""
    ball_round = _round(request, pk)
    context = meeting_context(request, ball_round)
    context["joined"] = (
        sorting.joined_category(ball_round, request.user) if context["board"] else None
    )
    context["client_id"] = uuid.uuid4()
    context["can_track"] = request.access.can("ballround.sort")
    context["can_plan"] = request.access.can("iglo.edit")
    return render(request, "riskmapping/meeting.html", context)


@expects(get=MEMBERS)
@workplace_view("ballround.meet")
@require_safe
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    return render(request, "riskmapping/projector.html", meeting_context(request, ball_round))


@expects(get=MEMBERS)
@workplace_view("ballround.meet")
@require_safe
def projector_live(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    return render(request, "riskmapping/_projector_live.html", meeting_context(request, ball_round))


@expects(post=MANAGE_POST)
@require_POST
@workplace_view("ballround.manage")
def presenter_enable(request: HttpRequest, pk: int) -> HttpResponse:
    """A (new) link for the meeting room's screen, shown on the projector page."""
    ball_round = _round(request, pk)
    try:
        presenter.enable(ball_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Linket til skærmen i mødelokalet er klar."))
    return redirect("riskmapping:projector", slug=request.workplace.slug, pk=pk)


@expects(get=MANAGE, post=MANAGE)
@workplace_view("ballround.manage")
@require_http_methods(["GET", "POST"])
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The manager fits the staff meeting's blocks to the hour they have (the seed lists
    75 minutes for "i alt 1 time"), or goes back to the seed's."""
    ball_round = _round(request, pk)
    agenda = services.agenda_of(ball_round)
    initial = [{"minutes": m, "text": t} for m, t in agenda]
    rows = AgendaFormSet(request.POST or None, initial=initial, prefix="agenda")
    if request.method == "POST":
        reset = "reset" in request.POST
        if reset or rows.is_valid():
            try:
                services.set_agenda(
                    ball_round, by=request.user, items=None if reset else rows.values()
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Dagsordenen er gemt."))
                return redirect("riskmapping:meeting-agenda", slug=request.workplace.slug, pk=pk)
    return render(
        request,
        "riskmapping/meeting_agenda.html",
        {
            "round": ball_round,
            "rows": rows,
            "adjusted": bool(ball_round.meeting_agenda),
            "agenda_minutes": sum(m for m, _t in agenda),
        },
    )


def _to_meeting(request: HttpRequest, pk: int, anchor: str = "") -> HttpResponse:
    url = reverse("riskmapping:meeting", kwargs={"slug": request.workplace.slug, "pk": pk})
    return redirect(url + anchor)


@expects(post=MEMBERS_POST)
@require_POST
@workplace_view("ballround.meet")
def join(request: HttpRequest, pk: int, category_pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    category = _category(ball_round, category_pk)
    try:
        sorting.join_category(category, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Du er gået til »%(title)s«.") % {"title": category.title})
    return _to_meeting(request, pk, "#mine")


@expects(post=MEMBERS_POST)
@require_POST
@workplace_view("ballround.meet")
def propose(request: HttpRequest, pk: int, category_pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    category = _category(ball_round, category_pk)
    try:
        client_id = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        client_id = None
    try:
        sorting.add_proposal(category, text=request.POST.get("text", ""), client_id=client_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Forslaget er gemt."))
    return _to_meeting(request, pk, "#mine")


@expects(post=FACILITATE_POST)
@require_POST
@workplace_view("ballround.sort")
def track(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    proposal = get_object_or_404(
        Proposal.objects.select_related("category"), category__ball_round=ball_round, pk=proposal_pk
    )
    proposal.category.ball_round = ball_round
    try:
        sorting.set_track(proposal, request.POST.get("track", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_meeting(request, pk, f"#forslag-{proposal.pk}")


@expects(post=FACILITATE_POST)
@require_POST
@workplace_view("iglo.edit")
def category_iglo(request: HttpRequest, pk: int, category_pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    category = _category(ball_round, category_pk)
    try:
        plan = sorting.create_iglo_plan(category, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_meeting(request, pk, f"#overskrift-{category.pk}")
    messages.success(
        request, _("IGLO-handleplanen for »%(title)s« er lavet.") % {"title": category.title}
    )
    return redirect("iglo:plan", slug=request.workplace.slug, pk=plan.pk)


# Results.


def round_page_context(
    request: HttpRequest, ball_round: BallRound, *, rows: list[services.DayCount] | None = None
) -> dict[str, Any]:
    """What the round page adds once the days are over: results and the comparison
    (`rows`: the round's `counts`, if the page has them already)."""
    context: dict[str, Any] = {
        "comparison": services.comparison(ball_round)
        if ball_round.status != BallRound.Status.PLANNED
        else None
    }
    if ball_round.notes_readable:
        context["results"] = results.results(
            ball_round, rows=rows, notes=reads_notes(request.access)
        )
    if ball_round.status == BallRound.Status.SORTING:
        context["unsorted"] = len(context["results"]["board"]["unsorted"])
    context["sorting_over"] = (
        ball_round.status == BallRound.Status.RUNNING and timezone.localdate() > ball_round.last_day
    )
    return context


@expects(get=READ)
@workplace_view("ballround.view")
@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    if not ball_round.notes_readable:
        raise Http404
    pdf = render_pdf(
        "pdf/ballround_report.html",
        {
            "round": ball_round,
            "comparison": services.comparison(ball_round),
            "printed_at": timezone.localdate(),
            **results.results(ball_round, notes=reads_notes(request.access)),
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"boldmetoden-{ball_round.first_day.isoformat()}.pdf")
