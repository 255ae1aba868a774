"""Bilag 5 after the days: the round's status buttons, its sorting board (the shared one,
riskmapping.sorting.views, with `ROUND_BOARD`), the staff meeting (phones and projector),
IGLO plans from the red headings, the results and the PDF report."""

import uuid
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
from riskmapping.sorting.views import Board
from stressprogram.anonymity import MIN_PARTICIPANTS, shown_count
from stressprogram.pdf import pdf_response, render_pdf
from workplaces.access import reads_notes, workplace_view
from workplaces.expectations import (
    FACILITATE_POST,
    MANAGE,
    MANAGE_POST,
    MEMBERS,
    MEMBERS_POST,
    READ,
    expects,
)

POLL_SECONDS = 5


def _round(request: HttpRequest, pk: int) -> BallRound:
    return get_object_or_404(BallRound, workplace=request.workplace, pk=pk)


def _category(ball_round: BallRound, category_pk: int) -> Category:
    category = get_object_or_404(Category, ball_round=ball_round, pk=category_pk)
    category.ball_round = ball_round
    return category


class RoundBoard(Board):
    """A round's balls on the sorting board: readable once the days are over, and nothing
    to sort where too few took part (the page says so instead)."""

    names = ""
    page_name = "sorting"
    owner_key = "round"
    template = "riskmapping/sorting.html"
    permission = "ballround.sort"
    plan_permission = "iglo.edit"
    plans_page = "meeting"

    def owner(self, request: HttpRequest, pk: int) -> BallRound:
        return _round(request, pk)

    def refuses(self, owner: BallRound) -> bool:
        return services.too_few_took_part(owner)

    def shows_board(self, owner: BallRound) -> bool:
        return owner.notes_readable

    def page_context(self, request: HttpRequest, owner: BallRound) -> dict[str, Any]:
        context: dict[str, Any] = {"guide": content.SORTING_GUIDE}
        if owner.notes_readable and services.too_few_took_part(owner):
            context.update(too_few=True, min_participants=MIN_PARTICIPANTS)
        return context


ROUND_BOARD = RoundBoard()


# The round's status.


# After the days: the manager moves the round on; the manager and the tillidsvalgte
# sort the notes and give proposals their track; every member takes part in the meeting;
# IGLO plans for those who edit them; the report for everyone who reads.
@expects(post=MANAGE_POST)
@workplace_view("ballround.manage")
@require_POST
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
@workplace_view("ballround.manage")
@require_POST
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
@workplace_view("ballround.meet")
@require_POST
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
@workplace_view("ballround.meet")
@require_POST
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
@workplace_view("ballround.sort")
@require_POST
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
