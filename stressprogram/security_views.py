"""The one answer to too many requests: a secret link guessed at (429 or 404) and the limits
on password-reset mails. Every app's views use these; they import no app."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from stressprogram.ratelimit import hashed, too_many, wrong_secret


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
