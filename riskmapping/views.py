from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from riskmapping import content, services, sorting_views
from riskmapping.forms import DropForm, RoundForm
from riskmapping.models import BallRound, DropToken
from stressprogram.ratelimit import blocked, too_many
from stressprogram.security_views import too_many_requests
from workplaces.access import opens_drop_link, takes_part_in, workplace_view
from workplaces.expectations import MANAGE, MANAGE_POST, MEMBERS, PUBLIC, READ, expects
from workplaces.models import User
from workplaces.services import active_members


def _round(request: HttpRequest, pk: int) -> BallRound:
    return get_object_or_404(BallRound, workplace=request.workplace, pk=pk)


def _glasses(ball_round: BallRound) -> dict[str, Any]:
    rows = services.counts(ball_round)
    return {"rows": rows, "totals": services.totals(rows)}


@expects(get=READ)
@workplace_view("ballround.view")
@require_safe
def ballround(request: HttpRequest) -> HttpResponse:
    ball_round = services.current_round(request.workplace, figures=True)
    today = timezone.localdate()
    context: dict[str, Any] = {"round": ball_round, "today": today, "intro": content.INTRO}
    context["why"] = content.WHY
    if ball_round is not None:
        context.update(_glasses(ball_round))
        context["day_number"] = ball_round.day_number(today)
        context["open_today"] = ball_round.is_open_on(today)
        context["day_text"] = services.round_day_text(ball_round, today)
        context["takes_part"] = takes_part_in(request.user, ball_round)
        context["can_plan"] = ball_round.status == BallRound.Status.DONE
        context.update(sorting_views.round_page_context(request, ball_round, rows=context["rows"]))
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
@require_POST
@workplace_view("ballround.manage")
def ballround_start(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    try:
        services.start_round(ball_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Boldrunden er i gang."))
    return redirect("riskmapping:ballround", slug=request.workplace.slug)


def _drop(
    request: HttpRequest, ball_round: BallRound, participant: User, *, template_context: dict
) -> HttpResponse:
    """The drop form, or the thank-you with today's glass displays once dropped."""
    today = timezone.localdate()
    form = DropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.drop_ball(
                ball_round, participant=participant, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(request.path)
    dropped = services.has_dropped(ball_round, participant=participant, day=today)
    today_row = None
    if dropped:  # only the thank-you shows the glass displays: the form page skips a query
        today_row = next((row for row in services.counts(ball_round) if row["day"] == today), None)
    return render(
        request,
        "riskmapping/drop.html",
        {
            "round": ball_round,
            "form": form,
            "dropped": dropped,
            "today_row": today_row,
            "open_today": ball_round.is_open_on(today)
            and ball_round.mode == BallRound.Mode.DIGITAL,
            "day_number": ball_round.day_number(today),
            "red_label": content.RED,
            "green_label": content.GREEN,
            **template_context,
        },
    )


# Every member drops a ball; HR sees the glass displays but takes no part.
@expects(get=MEMBERS, post=MEMBERS)
@workplace_view("ballround.drop")
@require_http_methods(["GET", "POST"])
def ball_drop(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    if not takes_part_in(request.user, ball_round):
        raise Http404
    return _drop(request, ball_round, request.user, template_context={"standalone": False})


# Personal links per client address: staff behind one municipal address may drop at the
# end of the same shift, so this only stops floods and guessing (the secret is 256 bits).
# Guessing is what must be stopped: wrong links are counted per address, while a break
# room's wifi may put a whole staff behind one address, so right links count per link.
DROP_LINK_MISSES, DROP_LINK_USES, DROP_LINK_WINDOW = 20, 60, 10 * 60


# The personal link needs no login: its secret is the key (a wrong one is 404).
@expects(get=PUBLIC, post=PUBLIC)
@require_http_methods(["GET", "POST"])
def token_drop(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of the daily reminder: no login, only on the round's open days."""
    if blocked(request, "drop-link-miss", limit=DROP_LINK_MISSES):
        return too_many_requests(request, retry_after=DROP_LINK_WINDOW)
    candidates = DropToken.objects.select_related("round__workplace", "participant").filter(
        selector=token[: services.SELECTOR]
    )
    found = next((t for t in candidates if opens_drop_link(t, token)), None)
    if found is None:
        too_many(request, "drop-link-miss", limit=DROP_LINK_MISSES, per_seconds=DROP_LINK_WINDOW)
        raise Http404
    uses = {"limit": DROP_LINK_USES, "per_seconds": DROP_LINK_WINDOW, "key": str(found.pk)}
    if too_many(request, "drop-link-use", **uses):
        return too_many_requests(request, retry_after=DROP_LINK_WINDOW)
    ball_round = found.round
    if not ball_round.is_open_on(timezone.localdate()) or not takes_part_in(
        found.participant, ball_round
    ):
        raise Http404
    return _drop(request, ball_round, found.participant, template_context={"standalone": True})
