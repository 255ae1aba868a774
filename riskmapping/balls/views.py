from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from riskmapping import content
from riskmapping.balls import kiosk, meeting_views, services
from riskmapping.balls.forms import DropForm, RoundForm
from riskmapping.cancellation import cancel_page
from riskmapping.models import BallRound, DropToken
from stressprogram.anonymity import MIN_PARTICIPANTS
from stressprogram.once import render_once
from stressprogram.ratelimit import too_many
from stressprogram.security_views import refuse_wrong_secret, too_many_requests
from workplaces.access import takes_part_in, workplace_view
from workplaces.expectations import (
    MANAGE,
    MANAGE_POST,
    MEMBERS,
    MEMBERS_POST,
    PUBLIC,
    READ,
    expects,
)
from workplaces.services import active_members


def _round(request: HttpRequest, pk: int) -> BallRound:
    return get_object_or_404(BallRound, workplace=request.workplace, pk=pk)


@expects(get=READ)
@workplace_view("ballround.view")
@require_safe
def ballround(request: HttpRequest) -> HttpResponse:
    return _round_page(request, services.current_round(request.workplace, figures=True))


@expects(get=READ)
@workplace_view("ballround.view")
@require_safe
def past_round(request: HttpRequest, pk: int) -> HttpResponse:
    """One round of the workplace's history, with its results and the comparison."""
    rounds = BallRound.objects.filter(workplace=request.workplace)
    later = rounds.filter(first_day__gt=OuterRef("first_day"))
    ball_round = get_object_or_404(
        services.with_totals(rounds.filter(pk=pk)).annotate(past=Exists(later))
    )
    return _round_page(request, ball_round, past=ball_round.past)


def _round_page(
    request: HttpRequest, ball_round: BallRound | None, *, past: bool = False
) -> HttpResponse:
    today = timezone.localdate()
    mode = ball_round.mode if ball_round else BallRound.Mode.DIGITAL
    context: dict[str, Any] = {"round": ball_round, "intro": content.intro(mode)}
    context["why"] = content.WHY
    context["past"] = past
    if ball_round is not None:
        context["rows"] = services.counts(ball_round)
        context["glass"] = services.round_glass(ball_round, rows=context["rows"], today=today)
        context["min_participants"] = MIN_PARTICIPANTS
        context["open_today"] = ball_round.is_open_on(today)
        context["day_text"] = services.round_day_text(ball_round, today)
        context["takes_part"] = takes_part_in(request.user, ball_round)
        context["can_plan"] = (
            ball_round.status in (BallRound.Status.DONE, BallRound.Status.CANCELLED) and not past
        )
        context.update(meeting_views.round_page_context(request, ball_round, rows=context["rows"]))
    else:
        context["can_plan"] = True
    return render(request, "riskmapping/ballround.html", context)


@expects(get=MANAGE, post=MANAGE)
@workplace_view("ballround.manage")
@require_http_methods(["GET", "POST"])
def ballround_plan(request: HttpRequest) -> HttpResponse:
    members = active_members(request.workplace)
    form = RoundForm(request.POST or None, members=members)
    # The IGLO actions' measurement dates, offered as the first day (`?first_day=`).
    suggestions = services.suggested_first_days(request.workplace)
    try:
        suggested = parse_date(request.GET.get("first_day", ""))
    except ValueError:  # well-formed but no such day
        suggested = None
    if suggested is not None:
        form.fields["first_day"].initial = suggested
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_round(request.workplace, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Procesplanen er gemt."))
            return redirect("riskmapping:ballround", slug=request.workplace.slug)
    return render(request, "riskmapping/plan.html", {"form": form, "suggestions": suggestions})


@expects(post=MANAGE_POST)
@workplace_view("ballround.manage")
@require_POST
def ballround_start(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    try:
        services.start_round(ball_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Boldrunden er i gang."))
    return redirect("riskmapping:ballround", slug=request.workplace.slug)


@expects(get=MANAGE, post=MANAGE)
@workplace_view("ballround.cancel")
@require_http_methods(["GET", "POST"])
def ballround_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    if not ball_round.may_cancel:
        raise Http404
    return cancel_page(
        request,
        subject=ball_round,
        parent=_("Boldmetoden"),
        title=_("Aflys boldrunden %(first)s – %(last)s")
        % {
            "first": formats.date_format(ball_round.first_day, "DATE_FORMAT"),
            "last": formats.date_format(ball_round.last_day, "DATE_FORMAT"),
        },
        people=ball_round.participants.count(),
        cancel=lambda reason: services.cancel_round(ball_round, by=request.user, reason=reason),
    )


def _drop(
    request: HttpRequest,
    drop_token: DropToken,
    *,
    template_context: dict,
    takes_part: bool | None = None,
    dropped: bool | None = None,
) -> HttpResponse:
    """The drop form and the participant's code for the kiosk, or the thank-you once
    dropped (today's balls count on the glass once the day is over). `takes_part` and
    `dropped`, if the caller read them already (services.drop_link), are not read again."""
    ball_round, participant = drop_token.round, drop_token.participant
    today = timezone.localdate()
    form = DropForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            services.drop_ball(
                ball_round,
                participant=participant,
                today=today,
                takes_part=takes_part,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
            dropped = None  # perhaps just now, from another tab: read it again
        else:
            # The address as it is: redirect() would first try it as a view's name.
            return HttpResponseRedirect(request.path)
    if dropped is None:
        dropped = services.has_dropped(ball_round, participant=participant, day=today)
    open_today = ball_round.is_open_on(today) and ball_round.mode == BallRound.Mode.DIGITAL
    day_number = ball_round.day_number(today)

    def context() -> dict:
        return {
            "round": ball_round,
            "form": form or DropForm(),
            "dropped": dropped,
            "open_today": open_today,
            "day_number": day_number,
            "red_label": content.RED,
            "green_label": content.GREEN,
            **template_context,
        }

    holes = {
        "day_code": kiosk.day_code(drop_token, today),
        "workplace_name": ball_round.workplace.name,
    }
    if form is None and template_context["standalone"]:
        # The personal link's page is the same for every round on the same day of its 14
        # and in the same state, but for the person's day code and workplace: kept
        # rendered, those filled in (issue 21). Kept per round, a worker rendered afresh
        # for most of a busy morning's first visits: rendering is most of an open's CPU.
        key = (day_number, open_today, dropped)
        return render_once(request, "riskmapping/drop.html", context, key=key, holes=holes)
    return render(request, "riskmapping/drop.html", {**context(), **holes})


# Every member drops a ball; HR sees the glass displays but takes no part.
@expects(get=MEMBERS, post=MEMBERS)
@workplace_view("ballround.drop")
@require_http_methods(["GET", "POST"])
def ball_drop(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    if not takes_part_in(request.user, ball_round):
        raise Http404
    drop_token = services.token_for(ball_round, request.user)
    return _drop(
        request,
        drop_token,
        template_context={
            "standalone": False,
            "link": request.build_absolute_uri(drop_token.get_absolute_url()),
        },
    )


# The participant's own page renews their personal link: the old one stops working.
@expects(post=MEMBERS_POST)
@workplace_view("ballround.drop")
@require_POST
def drop_link_renew(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    if not takes_part_in(request.user, ball_round):
        raise Http404
    services.renew_drop_link(ball_round, participant=request.user)
    messages.success(
        request, _("Dit personlige link er fornyet. Det gamle link virker ikke længere.")
    )
    return redirect("riskmapping:ball-drop", slug=request.workplace.slug, pk=ball_round.pk)


# A right link always works, counted per link only (against floods): a break room's wifi
# or the municipality's proxy may put a whole staff behind one address. Wrong links are
# counted per address and per link prefix (stressprogram.ratelimit.wrong_secret), and
# past the limit answered 429 instead of 404; the 256-bit secret is what defeats guessing.
DROP_LINK_MISSES, DROP_LINK_USES, DROP_LINK_WINDOW = 20, 60, 10 * 60


# The personal link needs no login: its secret is the key (a wrong one is 404).
@expects(get=PUBLIC, post=PUBLIC)
@require_http_methods(["GET", "POST"])
def token_drop(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of the daily reminder: no login, only on the round's open days.
    A good send is one statement (services.send_ball); otherwise one query reads the link,
    its round and whether its person may drop (and has)."""
    today = timezone.localdate()
    if request.method == "POST":
        form = DropForm(request.POST)
        # A send that goes well is one statement (and the ball), uncounted by the limit of
        # uses: it can happen once a day per link. Anything else takes the way below, which
        # counts the use and tells the person what is wrong.
        if form.is_valid() and services.send_ball(token, today=today, **form.cleaned_data):
            # The address as it is: redirect() would first try it as a view's name.
            return HttpResponseRedirect(request.path)
    found = services.drop_link(token, today=today, dropped=request.method != "POST")
    if found is None:
        window = {"limit": DROP_LINK_MISSES, "per_seconds": DROP_LINK_WINDOW}
        return refuse_wrong_secret(request, "drop-link", secret=token, **window)
    uses = {"limit": DROP_LINK_USES, "per_seconds": DROP_LINK_WINDOW, "key": str(found.pk)}
    if too_many(request, "drop-link-use", **uses):
        return too_many_requests(request, retry_after=DROP_LINK_WINDOW)
    ball_round = found.round
    if not ball_round.is_open_on(today):
        raise Http404
    if not found.takes_part:
        # Removed from the workplace (or the round) since the link was sent.
        return render(
            request, "riskmapping/drop_link_ended.html", {"round": ball_round}, status=410
        )
    return _drop(
        request,
        found,
        template_context={"standalone": True},
        takes_part=True,
        dropped=found.dropped_today,
    )
