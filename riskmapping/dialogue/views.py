"""Bilag 6, the dialogue method: planning (manager), the projector board and its phases
(manager and tillidsvalgte), the participants' board on their phones (members logged in,
guests by the code), clustering through the shared sorting board, results, IGLO plans and
the PDFs."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

import segno

from riskmapping import content, presenter
from riskmapping.cancellation import cancel_page
from riskmapping.dialogue import services as dialogue
from riskmapping.dialogue.forms import MeetingForm
from riskmapping.models import Colour, DialogueMeeting, MeetingGroup, MeetingGuest
from riskmapping.sorting import services as sorting
from riskmapping.sorting.views import Board
from stressprogram.pdf import pdf_response, render_pdf
from stressprogram.ratelimit import too_many, wrong_secret
from stressprogram.security_views import refuse_wrong_secret, too_many_requests
from workplaces.access import opens_guest_seat, takes_part_in_meeting, workplace_view
from workplaces.expectations import (
    FACILITATE,
    FACILITATE_POST,
    MANAGE,
    MANAGE_POST,
    PHONE,
    PHONE_POST,
    PUBLIC,
    READ,
    expects,
)
from workplaces.models import User
from workplaces.services import active_members

POLL_MS = 1500
SEATS = "dialogue_seats"  # session: meetings this browser was let into
GUESTS = "dialogue_guests"  # session: meeting pk -> [guest pk, secret]


def _meeting(request: HttpRequest, pk: int) -> DialogueMeeting:
    # The four roles are shown on most of the meeting's pages.
    meetings = DialogueMeeting.objects.select_related(
        "time_keeper", "introducer", "summariser", "writer"
    )
    meeting = get_object_or_404(meetings, workplace=request.workplace, pk=pk)
    meeting.workplace = request.workplace
    return meeting


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _to(
    request: HttpRequest, meeting: DialogueMeeting, name: str, anchor: str = ""
) -> HttpResponse:
    url = reverse(f"riskmapping:{name}", kwargs={"slug": request.workplace.slug, "pk": meeting.pk})
    return redirect(url + anchor)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (`next`, this site only), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


# Planning -------------------------------------------------------------------------------------


# Bilag 6: everyone reads the plan; the manager plans, invites and lets guests in; the
# manager and the tillidsvalgte run the board, cluster, sort proposals and make IGLO plans.
@expects(get=READ)
@workplace_view("dialogue.view")
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "riskmapping/dialogue/overview.html",
        {
            "meetings": dialogue.meetings_of(request.workplace),
            "why": content.DIALOGUE_WHY,
            "before": content.DIALOGUE_BEFORE,
            "after": content.DIALOGUE_AFTER,
            "phases": dialogue.PHASES,
        },
    )


def _form_roles(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data.get(name) for name in MeetingForm.ROLE_FIELDS}


@expects(get=MANAGE, post=MANAGE)
@workplace_view("dialogue.manage")
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    members = active_members(request.workplace)
    form = MeetingForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = dialogue.plan_meeting(
                request.workplace,
                by=request.user,
                starts_at=data["starts_at"],
                room=data["room"],
                invited=list(data["invited"]),
                **_form_roles(data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dialogmødet er planlagt, og grupperne er lavet."))
            return redirect(meeting.get_absolute_url())
    return render(request, "riskmapping/dialogue/plan.html", {"form": form, "meeting": None})


@expects(get=MANAGE, post=MANAGE)
@workplace_view("dialogue.manage")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if meeting.status != DialogueMeeting.Status.PLANNED:
        messages.error(request, _("Kun et planlagt møde kan ændres."))
        return redirect(meeting.get_absolute_url())
    members = active_members(request.workplace)
    initial = {
        "starts_at": timezone.localtime(meeting.starts_at),
        "room": meeting.room,
        "invited": list(meeting.invited.all()),
        **{name: getattr(meeting, name) for name in MeetingForm.ROLE_FIELDS},
    }
    form = MeetingForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dialogue.update_meeting(
                meeting,
                by=request.user,
                starts_at=data["starts_at"],
                room=data["room"],
                invited=list(data["invited"]),
                **_form_roles(data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mødeplanen er gemt."))
            return redirect(meeting.get_absolute_url())
    return render(request, "riskmapping/dialogue/plan.html", {"form": form, "meeting": meeting})


@expects(get=READ)
@workplace_view("dialogue.view")
@require_safe
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    groups = dialogue.groups_of(meeting)
    grouped = {u.pk for g in groups for u in g.members.all()}
    invited = list(meeting.invited.order_by("first_name", "last_name", "username"))
    splits = dialogue.split_options(len(dialogue.groupable(meeting, invited)))
    return render(
        request,
        "riskmapping/dialogue/meeting.html",
        {
            "meeting": meeting,
            "groups": groups,
            "invited": invited,
            "ungrouped": [u for u in invited if u.pk not in grouped],
            "splits": splits,
            "split_warning": dialogue.split_warning(splits),
            "current_split": dialogue.Split(
                tuple(sorted((g.people_count for g in groups), reverse=True))
            ).key,
            "agenda": dialogue.agenda(meeting),
            "before": content.DIALOGUE_BEFORE,
            "join_url": request.build_absolute_uri(meeting.join_path()),
            "pending": list(meeting.guests.filter(status=MeetingGuest.Status.PENDING)),
        },
    )


@expects(post=MANAGE_POST)
@workplace_view("dialogue.manage")
@require_POST
def groups(request: HttpRequest, pk: int) -> HttpResponse:
    """`remake`: the groups again from the invited; else move `user` to group `number`."""
    meeting = _meeting(request, pk)
    try:
        if request.POST.get("remake"):
            dialogue.make_groups(meeting, split=request.POST.get("split", ""))
            messages.success(request, _("Grupperne er lavet på ny."))
        else:
            user = meeting.invited.filter(pk=_int(request.POST.get("user"))).first()
            group = dialogue.move_person(
                meeting, user=user, number=_int(request.POST.get("number"))
            )
            messages.success(
                request,
                _("%(name)s er flyttet til gruppe %(n)s.")
                % {"name": user.display_name, "n": group.number},
            )
    except ValidationError as error:
        messages.error(request, _errors(error))
    return _to(request, meeting, "dialogue-meeting", "#grupper")


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@expects(get=MANAGE, post=MANAGE)
@workplace_view("dialogue.cancel")
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not meeting.may_cancel:
        raise Http404
    return cancel_page(
        request,
        subject=meeting,
        parent=_("Dialogmøde"),
        title=_("Aflys dialogmødet %(when)s") % {"when": dialogue.when(meeting.starts_at)},
        people=meeting.invited.count(),
        cancel=lambda reason: dialogue.cancel_meeting(meeting, by=request.user, reason=reason),
    )


@expects(post=MANAGE_POST)
@workplace_view("dialogue.manage")
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        sent = dialogue.send_invitations(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Indkaldelsen er sendt til %(n)s.") % {"n": sent})
    return redirect(meeting.get_absolute_url())


@expects(get=READ)
@workplace_view("dialogue.view")
@require_safe
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    pdf = render_pdf(
        "pdf/dialogue_agenda.html",
        {
            "meeting": meeting,
            "agenda": dialogue.agenda(meeting),
            "groups": dialogue.groups_of(meeting),
            "intro": content.DIALOGUE_INTRO,
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"dagsorden-dialogmoede-{_day(meeting)}.pdf")


def _day(meeting: DialogueMeeting) -> str:
    return timezone.localdate(meeting.starts_at).isoformat()


# The projector board --------------------------------------------------------------------------


def board_context(request: HttpRequest, meeting: DialogueMeeting) -> dict[str, Any]:
    """The board's context, for the facilitators and the room's screen (riskmapping.presenter)."""
    t = dialogue.timer(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "timer": t,
        "moves": dialogue.allowed_moves(meeting),
        "phases": dialogue.PHASES,
        "pending": list(meeting.guests.filter(status=MeetingGuest.Status.PENDING)),
        "join_url": request.build_absolute_uri(meeting.join_path()),
        "intro": content.DIALOGUE_INTRO,
        "poll_ms": POLL_MS,
        "presenter_on": presenter.is_on(meeting),  # a room screen only while it is on
        "guest_next": reverse(
            "riskmapping:dialogue-board",
            kwargs={"slug": request.workplace.slug, "pk": meeting.pk},
        ),
        "live_url": reverse(
            "riskmapping:dialogue-board-live",
            kwargs={"slug": request.workplace.slug, "pk": meeting.pk},
        ),
        "qr_url": reverse(
            "riskmapping:dialogue-qr", kwargs={"slug": request.workplace.slug, "pk": meeting.pk}
        ),
    }
    key = t.phase.key if t.phase else ""
    if key in ("groups", "presentations"):
        context["counts"] = dialogue.group_counts(meeting)
    if key == "presentations" and t.presenting_group:
        context["presenting_notes"] = list(
            meeting.sticky_notes.filter(group__number=t.presenting_group, hidden_reason="")
        )
    if key in ("clusters", "proposals", "roundoff") or meeting.status == "done":
        context["board"] = sorting.board(meeting)
    return context


@expects(get=FACILITATE)
@workplace_view("dialogue.facilitate")
@require_safe
def board(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "riskmapping/dialogue/board.html", board_context(request, meeting))


@expects(get=FACILITATE)
@never_cache
@workplace_view("dialogue.facilitate")
@require_safe
def board_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector's live region, polled every 1.5 s; 204 when nothing changed."""
    meeting = _meeting(request, pk)
    if request.GET.get("version") == str(meeting.version):
        return HttpResponse(status=204)
    return render(request, "riskmapping/dialogue/_board_live.html", board_context(request, meeting))


@expects(post=FACILITATE_POST)
@workplace_view("dialogue.facilitate")
@require_POST
def phase(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    expected = request.POST.get("phase")
    try:
        dialogue.move(
            meeting,
            request.POST.get("action", ""),
            by=request.user,
            minutes=_int(request.POST.get("minutes")),
            expected_phase=_int(expected) if expected not in (None, "") else None,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    return _to(request, meeting, "dialogue-board")


@expects(get=FACILITATE)
@workplace_view("dialogue.facilitate")
@require_safe
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The join URL as a QR code (SVG) for the projector."""
    return qr_response(request, _meeting(request, pk))


def qr_response(request: HttpRequest, meeting: DialogueMeeting) -> HttpResponse:
    code = segno.make(request.build_absolute_uri(meeting.join_path()), error="m")
    # A file of its own, so with the SVG namespace (svg_inline leaves it out): without it
    # an <img> shows nothing.
    response = HttpResponse(content_type="image/svg+xml")
    code.save(response, kind="svg", xmldecl=False, scale=8, border=2, title=_("QR-kode til mødet"))
    return response


@expects(post=MANAGE_POST)
@workplace_view("dialogue.manage")
@require_POST
def presenter_enable(request: HttpRequest, pk: int) -> HttpResponse:
    """A (new) link for the meeting room's screen, shown on the board."""
    meeting = _meeting(request, pk)
    try:
        presenter.enable(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Linket til skærmen i mødelokalet er klar."))
    return _to(request, meeting, "dialogue-board", "#skaerm")


@expects(post=MANAGE_POST)
@workplace_view("dialogue.manage")
@require_POST
def guest(request: HttpRequest, pk: int, guest_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        found = dialogue.decide_guest(meeting, guest_pk, by=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        text = _("%(name)s er lukket ind.") if accept else _("%(name)s er afvist.")
        messages.success(request, text % {"name": found.name})
    return _back(request, meeting.get_absolute_url())


# Clustering: the shared sorting board (riskmapping.sorting.views) -------------------------


class MeetingBoard(Board):
    """A meeting's red post-its on the sorting board; what may change when is the meeting's
    own rule (its phases, riskmapping.dialogue.services)."""

    names = "dialogue-"
    page_name = "dialogue-clustering"
    owner_key = "meeting"
    template = "riskmapping/dialogue/clustering.html"
    permission = "dialogue.cluster"
    plan_permission = "dialogue.cluster"
    plans_page = "dialogue-results"

    def owner(self, request: HttpRequest, pk: int) -> DialogueMeeting:
        return _meeting(request, pk)

    def page_context(self, request: HttpRequest, owner: DialogueMeeting) -> dict[str, Any]:
        return {"phase": dialogue.timer(owner)}

    def changed(self, owner: DialogueMeeting) -> None:
        dialogue.changed(owner)  # every screen of the meeting is told


MEETING_BOARD = MeetingBoard()


# Round-off, results, IGLO plans and the summary -----------------------------------------------


@expects(post=FACILITATE_POST)
@workplace_view("dialogue.cluster")
@require_POST
def track(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        dialogue.set_track(meeting, proposal_pk, request.POST.get("track", ""))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return _back(
        request,
        reverse("riskmapping:dialogue-results", kwargs={"slug": request.workplace.slug, "pk": pk}),
    )


@expects(get=FACILITATE)
@workplace_view("dialogue.cluster")
@require_safe
def results(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(
        request,
        "riskmapping/dialogue/results.html",
        {
            "meeting": meeting,
            "participants": dialogue.participant_count(meeting),
            "after": content.DIALOGUE_AFTER,
            **dialogue.results(meeting),
        },
    )


@expects(get=FACILITATE)
@workplace_view("dialogue.cluster")
@require_safe
def summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    pdf = render_pdf(
        "pdf/dialogue_summary.html",
        {
            "meeting": meeting,
            "participants": dialogue.participant_count(meeting),
            "groups": dialogue.groups_of(meeting),
            "printed_at": timezone.localdate(),
            **dialogue.results(meeting),
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"referat-dialogmoede-{_day(meeting)}.pdf")


# The participants' board: /m/<code>/ ---------------------------------------------------------


@dataclass
class Seat:
    """Who is at the board: a member (logged in) or an accepted guest."""

    meeting: DialogueMeeting
    user: User | None = None
    guest: MeetingGuest | None = None

    @property
    def name(self) -> str:
        return self.guest.name if self.guest else self.user.display_name

    def group(self) -> MeetingGroup | None:
        return dialogue.group_of(self.meeting, user=self.user, guest=self.guest)


def _guest_in_session(request: HttpRequest, meeting: DialogueMeeting) -> MeetingGuest | None:
    held = request.session.get(GUESTS, {}).get(str(meeting.pk))
    if not held:
        return None
    return meeting.guests.filter(pk=held[0]).select_related("group").first()


def _seat(request: HttpRequest, meeting: DialogueMeeting) -> Seat | None:
    """The member or accepted guest this browser is, at this meeting; None for anyone else."""
    if request.user.is_authenticated and takes_part_in_meeting(request.user, meeting):
        return Seat(meeting, user=request.user)
    found = _guest_in_session(request, meeting)
    held = request.session.get(GUESTS, {}).get(str(meeting.pk))
    if found is not None and opens_guest_seat(found, held[1]):
        return Seat(meeting, guest=found)
    return None


def _remember_seat(request: HttpRequest, meeting: DialogueMeeting) -> None:
    seats = request.session.get(SEATS, [])
    if meeting.pk not in seats:
        request.session[SEATS] = [*seats, meeting.pk]


def _meeting_by_code(code: str) -> DialogueMeeting:
    meeting = dialogue.meeting_for_code(code)
    if meeting is None:
        raise Http404
    return meeting


# A room full of people types the same code from one address: a right code always works,
# wrong ones are counted per address and per code prefix, and past the limit get 429. A
# guessed code only reaches the door, where the manager lets a named guest in or not.
JOIN_MISSES, JOIN_WINDOW = 30, 10 * 60
# Asking for a seat as a guest, per address: a room of guests at one address asks once each.
GUEST_LIMIT, GUEST_WINDOW = 10, 60


def _code_guess(code: str) -> dict[str, Any]:
    """How a wrong code is counted (stressprogram.ratelimit.wrong_secret)."""
    return {"secret": code.strip().upper(), "limit": JOIN_MISSES, "per_seconds": JOIN_WINDOW}


# The phones' board takes anyone with the code to its door (a guest asks to be let in);
# its state and writing are for members and accepted guests only.
@expects(get=PUBLIC, post=PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Type the meeting's short code (what the projector shows)."""
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "")
        meeting = dialogue.meeting_for_code(code)
        if meeting is not None:
            return redirect(meeting.join_path())
        if wrong_secret(request, "join-code", **_code_guess(code)):
            return too_many_requests(request, retry_after=JOIN_WINDOW)
        error = _("Koden passer ikke til et møde. Tjek koden på skærmen.")
    return render(request, "riskmapping/dialogue/join.html", {"error": error})


def _participant_context(seat: Seat) -> dict[str, Any]:
    meeting = seat.meeting
    t = dialogue.timer(meeting)
    key = t.phase.key if t.phase else meeting.status
    group = seat.group()
    context: dict[str, Any] = {
        "meeting": meeting,
        "seat": seat,
        "group": group,
        "timer": t,
        "key": key,
        "state": dialogue.state(meeting),
        "intro": content.DIALOGUE_INTRO,
        "phases": dialogue.PHASES,
        "client_id": uuid.uuid4(),
        "can_cluster": seat.user is not None and _can(seat.user, meeting, "dialogue.cluster"),
    }
    if key == "groups":
        context["groups"] = list(meeting.groups.all()) if group is None else []
        notes = list(meeting.sticky_notes.filter(group=group)) if group else []
        context["group_notes"] = notes
        red = sum(1 for n in notes if n.colour == Colour.RED)
        green = len(notes) - red
        context["counts"] = {"red": red, "green": green, "max": dialogue.NOTES_PER_COLOUR}
        context["full"] = red >= dialogue.NOTES_PER_COLOUR and green >= dialogue.NOTES_PER_COLOUR
        context["default_colour"] = "red" if red < dialogue.NOTES_PER_COLOUR else "green"
    elif key == "presentations" and t.presenting_group:
        context["presenting_notes"] = list(
            meeting.sticky_notes.filter(group__number=t.presenting_group, hidden_reason="")
        )
    elif key in ("clusters", "proposals", "roundoff", "done"):
        context["board"] = sorting.board(meeting)
        if key == "proposals":
            context["green_notes"] = list(
                meeting.sticky_notes.filter(colour=Colour.GREEN, hidden_reason="")
            )
    return context


def _can(user: User, meeting: DialogueMeeting, action: str) -> bool:
    from workplaces.access import get_workplace_for  # noqa: PLC0415 -- only for the few who sort

    try:
        return get_workplace_for(user, meeting.workplace.slug).can(action)
    except Http404:
        return False


@expects(get=PUBLIC, post=PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def participant(request: HttpRequest, code: str) -> HttpResponse:
    """The phone's board; for someone not yet let in, the form to join as a named guest."""
    meeting = dialogue.meeting_for_code(code)
    if meeting is None:  # 404, or 429 past the limit, as every wrong secret link
        return refuse_wrong_secret(request, "join-code", **_code_guess(code))
    seat = _seat(request, meeting)
    if seat is None:
        return _guest_door(request, meeting)
    _remember_seat(request, meeting)
    if seat.user is not None:
        dialogue.mark_attending(meeting, seat.user)
    context = _participant_context(seat)
    if request.GET.get("part") == "phase":
        return render(request, "riskmapping/dialogue/_participant_phase.html", context)
    return render(request, "riskmapping/dialogue/participant.html", context)


def _guest_door(request: HttpRequest, meeting: DialogueMeeting) -> HttpResponse:
    """Ask for a seat under a name, or wait for the manager's answer."""
    waiting = _guest_in_session(request, meeting)
    error = ""
    if request.method == "POST" and waiting is None:
        if too_many(request, "dialogue-guest", limit=GUEST_LIMIT, per_seconds=GUEST_WINDOW):
            return too_many_requests(request, retry_after=GUEST_WINDOW)
        try:
            waiting = dialogue.request_seat(meeting, name=request.POST.get("name", ""))
        except ValidationError as error_found:
            error = _errors(error_found)
        else:
            held = request.session.get(GUESTS, {})
            request.session[GUESTS] = {**held, str(meeting.pk): [waiting.pk, waiting.secret]}
            return redirect(meeting.join_path())
    return render(
        request,
        "riskmapping/dialogue/guest.html",
        {"meeting": meeting, "waiting": waiting, "error": error, "poll_ms": POLL_MS},
    )


@expects(get=PHONE)
@never_cache
@require_GET
def state(request: HttpRequest, code: str) -> JsonResponse:
    """The small JSON every phone polls every 1.5 s. A browser already let in is known from
    its session, and the meeting's phase comes from the cache: the session (and its user)
    are the only queries."""
    meeting = dialogue.polled_meeting(code)
    if meeting is None:
        raise Http404
    if meeting.pk not in request.session.get(SEATS, []):
        meeting = _meeting_by_code(code)
        if _seat(request, meeting) is None:
            waiting = _guest_in_session(request, meeting)
            if waiting is None:
                raise Http404
            return JsonResponse({"status": "waiting", "guest": waiting.status})
        _remember_seat(request, meeting)
    return JsonResponse(dialogue.state(meeting))


def _posted(request: HttpRequest, code: str) -> Seat:
    meeting = _meeting_by_code(code)
    seat = _seat(request, meeting)
    if seat is None:
        raise Http404
    return seat


@expects(post=PHONE_POST)
@require_POST
def note(request: HttpRequest, code: str) -> HttpResponse:
    """A group's post-it from a phone (JSON for dialogue.js; a redirect without JS)."""
    seat = _posted(request, code)
    meeting = seat.meeting
    group = seat.group()
    if group is None:
        group = meeting.groups.filter(number=_int(request.POST.get("group"))).first()
    try:
        _found, created = dialogue.add_note(
            meeting,
            group=group,
            colour=request.POST.get("colour", ""),
            note=request.POST.get("note", ""),
            client_id=request.POST.get("client_id"),
            sent_for=request.POST.get("phase"),
        )
    except ValidationError as error:
        return _answer(request, meeting, error=_errors(error))
    return _answer(request, meeting, saved=_("Post-it'en er sat op."), created=created)


@expects(post=PHONE_POST)
@require_POST
def proposal(request: HttpRequest, code: str) -> HttpResponse:
    seat = _posted(request, code)
    meeting = seat.meeting
    try:
        dialogue.add_proposal(
            meeting,
            category_id=request.POST.get("category"),
            text=request.POST.get("text", ""),
            client_id=request.POST.get("client_id"),
            sent_for=request.POST.get("phase"),
        )
    except ValidationError as error:
        return _answer(request, meeting, error=_errors(error))
    return _answer(request, meeting, saved=_("Forslaget er hængt op."))


def _answer(
    request: HttpRequest,
    meeting: DialogueMeeting,
    *,
    error: str = "",
    saved: str = "",
    created: bool = True,
) -> HttpResponse:
    if request.headers.get("Accept", "").startswith("application/json"):
        if error:
            return JsonResponse({"ok": False, "error": error}, status=400)
        return JsonResponse({"ok": True, "message": saved, "created": created})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, saved)
    return redirect(meeting.join_path())
