"""The meeting room's screen behind its presenter link (riskmapping.presenter): no login,
read-only, following the phases the manager moves on from their own device."""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from riskmapping import presenter
from riskmapping.balls import meeting_views
from riskmapping.dialogue import views as dialogue_views
from riskmapping.models import BallRound
from stressprogram.ratelimit import too_many
from stressprogram.security_views import refuse_wrong_secret, too_many_requests
from workplaces.access import NoAccess
from workplaces.expectations import PUBLIC, expects

logger = logging.getLogger(__name__)


def _presented(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Call `view(request, meeting, token)` for the meeting whose link this is, with
    `request` made to look as its pages expect: its workplace, and an access that allows
    nothing (no controls, no forms). Guesses are counted and limited, and so is each link."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        meeting = presenter.presented(token)
        if meeting is None:  # a right link always works; wrong ones are counted
            logger.info("Unknown or ended presenter link")
            window = {"limit": presenter.GUESS_LIMIT, "per_seconds": presenter.GUESS_WINDOW}
            return refuse_wrong_secret(request, "presenter", secret=token, **window)
        limits = {"limit": presenter.PAGE_LIMIT, "per_seconds": presenter.PAGE_WINDOW}
        if too_many(request, presenter.rate_scope(meeting), **limits):
            return too_many_requests(request, retry_after=presenter.PAGE_WINDOW)
        request.workplace = meeting.workplace
        request.access = NoAccess()
        return view(request, meeting, token)

    return wrapper


def _context(request: HttpRequest, meeting: Any, token: str) -> dict[str, Any]:
    live_url = reverse("riskmapping:presenter-live", kwargs={"token": token})
    if isinstance(meeting, BallRound):
        context = meeting_views.meeting_context(request, meeting)
    else:
        context = dialogue_views.board_context(request, meeting)
        context["qr_url"] = reverse("riskmapping:presenter-qr", kwargs={"token": token})
    return {**context, "presenter": True, "live_url": live_url}


@expects(get=PUBLIC)
@never_cache
@require_safe
@_presented
def screen(request: HttpRequest, meeting: Any, token: str) -> HttpResponse:
    context = _context(request, meeting, token)
    if isinstance(meeting, BallRound):
        return render(request, "riskmapping/projector.html", context)
    return render(request, "riskmapping/dialogue/board.html", context)


@expects(get=PUBLIC)
@never_cache
@require_safe
@_presented
def screen_live(request: HttpRequest, meeting: Any, token: str) -> HttpResponse:
    """The screen's live region, polled; for a dialogue meeting 204 when nothing changed."""
    if isinstance(meeting, BallRound):
        return render(
            request, "riskmapping/_projector_live.html", _context(request, meeting, token)
        )
    if request.GET.get("version") == str(meeting.version):
        return HttpResponse(status=204)
    return render(
        request, "riskmapping/dialogue/_board_live.html", _context(request, meeting, token)
    )


@expects(get=PUBLIC)
@never_cache
@require_safe
@_presented
def screen_qr(request: HttpRequest, meeting: Any, token: str) -> HttpResponse:
    if isinstance(meeting, BallRound):
        raise Http404
    return dialogue_views.qr_response(request, meeting)
