"""Session lifetime and caching of personal pages.

A session ends after SESSION_IDLE_TIMEOUT without activity (30 minutes) and
SESSION_ABSOLUTE_TIMEOUT after login (12 hours), and at once when its user is deactivated.
The login time and the last activity are kept in the session; activity is written at most
once per SESSION_ACTIVITY_RESOLUTION (a minute), not on every request. Background polls
(htmx `every`, marked by static/js/session.js with X-Session-Passive) are not activity.
Every response to a logged-in user says X-Session-Expires-In, so the page's warning
(static/js/session.js) counts down from what the server will do.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

LOGIN_AT = "session_login_at"
SEEN_AT = "session_seen_at"
EXPIRES_HEADER = "X-Session-Expires-In"
PASSIVE_HEADER = "X-Session-Passive"


def _now() -> int:
    return int(time.time())


def start(session, now: int | None = None) -> None:
    now = _now() if now is None else now
    session[LOGIN_AT] = session[SEEN_AT] = now


def touch(session) -> None:
    """Count this moment as activity (the keep-alive of "Forlæng")."""
    session[SEEN_AT] = _now()


def expires_in(session, now: int | None = None) -> int:
    """Seconds until the session ends, by the idle or the absolute limit."""
    now = _now() if now is None else now
    idle_left = session.get(SEEN_AT, now) + settings.SESSION_IDLE_TIMEOUT - now
    absolute_left = session.get(LOGIN_AT, now) + settings.SESSION_ABSOLUTE_TIMEOUT - now
    return max(0, min(idle_left, absolute_left))


@receiver(user_logged_in, dispatch_uid="session-timeout-start")
def _logged_in(sender, request: HttpRequest, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        start(request.session)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ended = self._check(request)
        if ended and (request.headers.get("HX-Request") or request.headers.get(PASSIVE_HEADER)):
            # A script's request of a page whose session just ended: the page reloads and
            # leads to the login form (with the message), rather than a form in a corner.
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        response = self.get_response(request)
        if request.user.is_authenticated and LOGIN_AT in request.session:
            response[EXPIRES_HEADER] = str(expires_in(request.session))
        return response

    def _check(self, request: HttpRequest) -> bool:
        """End the session if it is over; True if it was ended now."""
        session = request.session
        if SESSION_KEY not in session:
            return False
        if not request.user.is_authenticated:
            # Deactivated or deleted since login (Django no longer accepts the user).
            session.flush()
            return True
        now = _now()
        if LOGIN_AT not in session or SEEN_AT not in session:
            start(session, now)  # a session from before these limits
        elif expires_in(session, now) <= 0:
            idle = now - session[SEEN_AT] >= settings.SESSION_IDLE_TIMEOUT
            logout(request)
            messages.info(
                request,
                _("Du er blevet logget ud, fordi du ikke har været aktiv i et stykke tid.")
                if idle
                else _("Du er blevet logget ud, fordi du har været logget ind i mange timer."),
            )
            return True
        elif (
            not request.headers.get(PASSIVE_HEADER)
            and now - session[SEEN_AT] >= settings.SESSION_ACTIVITY_RESOLUTION
        ):
            session[SEEN_AT] = now
        request.session_expires_in = expires_in(session, now)
        request.session_warning_seconds = settings.SESSION_IDLE_WARNING
        return False


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user and on the pages of
    secret links (any URL with a `token`: drop links, kiosk, calendar feeds, password
    reset), so no browser or proxy cache keeps personal pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        secret_link = match is not None and "token" in match.kwargs
        # No user on the secret-link chain (stressprogram/lean.py).
        user = getattr(request, "user", None)
        if secret_link or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response
