"""Control characters (a bell, an escape, U+001F ...) in a form are never what anyone meant
to write: they are taken out of every posted field before a form or view sees it, so no
title or note is stored with invisible bytes in it. Tab, newline and carriage return stay.

In a name (a user's, a dialogue meeting's guest's) the invisible characters that change how
text around them reads go too: bidi overrides and zero-width characters let one name pass
for another. In an address or its query string, control characters are refused (400)."""

import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy

from stressprogram.ratelimit import note_untrusted_forwarding

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidi embeddings, overrides and isolates; zero-width space, (non-)joiner, word joiner, BOM.
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]")
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
PATH_CONTROL = re.compile("[\x00-\x1f\x7f]")


def is_name_field(field: str) -> bool:
    """name, first_name, last_name, username, guest_name ..."""
    return field.endswith("name")


def clean_name(name: str) -> str:
    """A name without control characters and without the invisible ones."""
    return INVISIBLE.sub("", CONTROL.sub("", name))


def _clean(field: str, value: str) -> str:
    return clean_name(value) if is_name_field(field) else CONTROL.sub("", value)


class StripControlCharactersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if PATH_CONTROL.search(request.path) or any(
            CONTROL.search(text) for key, values in request.GET.lists() for text in (key, *values)
        ):
            # A NUL byte reaches no database: 400 (templates/errors/400.html), not a 500.
            raise SuspiciousOperation("Control character in the address")
        if request.method == "POST" and request.content_type in FORM_TYPES:
            posted = request.POST
            if any(
                _clean(key, value) != value for key, values in posted.lists() for value in values
            ):
                cleaned = posted.copy()
                for key, values in posted.lists():
                    cleaned.setlist(key, [_clean(key, value) for value in values])
                request.POST = cleaned
        return self.get_response(request)


class UntrustedForwardingMiddleware:
    """Warns (log and admin) about X-Forwarded-For from a peer outside TRUSTED_PROXIES."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        note_untrusted_forwarding(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the header built once (issue 21): no page of ours uses
    a nonce or a policy of its own (django-csp's decorators), so every response carries the
    same header, which django-csp would build anew on every request. A response that does
    carry its own policy, a request that took a nonce, a report-only policy or DEBUG's
    error pages go through django-csp as it is."""

    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        self.header = build_policy()
        self.usual = not (
            settings.DEBUG
            or build_policy(report_only=True)
            or settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
        )

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            not self.usual
            or getattr(request, "_csp_nonce", None) is not None
            or any(name.startswith("_csp_") for name in vars(response))
            or HEADER in response
        ):
            return super().process_response(request, response)
        response[HEADER] = self.header
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
