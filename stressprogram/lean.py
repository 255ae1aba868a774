"""Secret-link pages through a shorter middleware chain (issue 21).

On a drop link (/b/<token>/) and a kiosk (/k/<token>/) the secret in the address is who
the visitor is: these pages read no session and no login, and have no use for session
timeouts, login lockouts or static files. So the first middleware hands them to a handler
of their own, whose chain is settings.SECRET_LINK_MIDDLEWARE: the same security headers,
Content-Security-Policy, language, CSRF check, control-character cleaning, no-store and
frame refusal as every page, without sessions, authentication, axes, the session timeout
and WhiteNoise. The session cookie is neither read nor set there.

CSRF stays Django's own check of its cookie against the form's token: it needs no session
(CSRF_USE_SESSIONS is off) and costs little, and a scheme of our own (a form token signed
with the link) would be one more thing to get right."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


class SecretLinkHandler(BaseHandler):
    """Django's request handling (URL, view middleware, the view, error pages) behind the
    given middleware instead of settings.MIDDLEWARE. Synchronous, as gunicorn runs us."""

    def __init__(self, middleware: list[str]) -> None:
        self._view_middleware, self._template_response_middleware = [], []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(middleware):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


class SecretLinkMiddleware:
    """First in settings.MIDDLEWARE: a request under SECRET_LINK_PREFIXES goes through
    SecretLinkHandler's chain, every other through the full one."""

    sync_capable, async_capable = True, False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.SECRET_LINK_PREFIXES)
        self.lean = SecretLinkHandler(settings.SECRET_LINK_MIDDLEWARE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.prefixes):
            # The outer handler still sets the URLconf, closes the request and logs errors.
            return self.lean._middleware_chain(request)  # noqa: SLF001
        return self.get_response(request)


class CookieMessageMiddleware(MessageMiddleware):
    """Messages in a cookie alone (the kiosk's "Tak for din bold"): Django's default
    storage falls back to the session, which secret-link pages do not have."""

    def process_request(self, request: HttpRequest) -> None:
        request._messages = CookieStorage(request)  # noqa: SLF001
