"""Small pages around security and accessibility: the session keep-alive ("Forlæng"), the
answer to too many requests on a secret link, and the accessibility statement."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from stressprogram.ratelimit import hashed, too_many, wrong_secret
from workplaces import middleware
from workplaces.expectations import PUBLIC, everyone, expects, logged_in


# "Forlæng" keeps the session (a form post goes back; htmx gets 204).
@expects(get=logged_in(204), post=everyone(302))
@login_required
@require_http_methods(["GET", "POST"])
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """POST ("Forlæng") counts now as activity; GET only asks (another tab may have been
    active). Scripts get 204 with the time left in X-Session-Expires-In; a plain form post
    goes back where it came from."""
    if request.method == "POST":
        middleware.touch(request.session)
    if request.method == "GET" or request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "home"
    return redirect(back)


def too_many_requests(request: HttpRequest, *, retry_after: int = 60) -> HttpResponse:
    """The answer once stressprogram.ratelimit.too_many says so: 429, a short Danish page."""
    response = render(request, "errors/429.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


def refuse_wrong_secret(
    request: HttpRequest, scope: str, *, secret: str, limit: int, per_seconds: int
) -> HttpResponse:
    """A secret link that opens nothing: 404, or 429 once this address or this link's
    prefix has guessed `limit` times in the window (ratelimit.wrong_secret)."""
    if wrong_secret(request, scope, secret=secret, limit=limit, per_seconds=per_seconds):
        return too_many_requests(request, retry_after=per_seconds)
    raise Http404


# "Glemt adgangskode": a few mails an hour to one address (no one is flooded with mails),
# and a generous number per client address (a whole office may sit behind one).
RESETS_PER_EMAIL, RESETS_PER_ADDRESS, RESET_WINDOW = 3, 30, 60 * 60


def limit_password_resets(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap Django's password-reset view with the limits above (429 past them)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            window = {"per_seconds": RESET_WINDOW}
            email = hashed(request.POST.get("email", "").strip().lower())
            per_email = too_many(
                request, "password-reset-email", limit=RESETS_PER_EMAIL, key=email, **window
            )
            per_address = too_many(request, "password-reset", limit=RESETS_PER_ADDRESS, **window)
            if per_email or per_address:
                return too_many_requests(request, retry_after=RESET_WINDOW)
        return view(request, *args, **kwargs)

    return wrapper


@expects(get=PUBLIC)
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tilgængelighedserklæring (webtilgængelighedsloven): public, linked from every page."""
    return render(
        request,
        "stressprogram/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
        },
    )
