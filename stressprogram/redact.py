"""Secret links out of the logs. A drop link, a kiosk link, a meeting's join code, a
calendar feed or a password-reset link is a working key, and with its time it says who
did what when: access logs (gunicorn's and Django's own) write such paths with the secret
replaced by "…". The secret parts are the URL parameters named in SECRET_PARAMETERS, read
from the URL patterns themselves, so a new secret link is covered once it is named so."""

import logging
import re
from functools import cache

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SECRET_PARAMETERS = {"token", "code", "uidb64"}
HIDDEN = "…"
_PARAMETER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")
# One path segment (or part of one) as it appears in a log line.
_SEGMENT = r"[^/\s\"'?#]+"


def _routes(patterns: list, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # the admin's regular expressions carry no secrets
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def _regex(route: str) -> str:
    parts, last = ["/"], 0
    for parameter in _PARAMETER.finditer(route):
        parts.append(re.escape(route[last : parameter.start()]))
        secret = parameter.group(1) in SECRET_PARAMETERS
        parts.append(f"(?P<s{len(parts)}>{_SEGMENT}?)" if secret else _SEGMENT)
        last = parameter.end()
    # Up to the end of the secret: what follows the last one does not matter.
    return "".join(parts)


@cache
def _secret_paths() -> list[re.Pattern]:
    routes = _routes(get_resolver().url_patterns)
    secret = {
        _regex(route)
        for route in routes
        if any(p in SECRET_PARAMETERS for p in _PARAMETER.findall(route))
    }
    # The secret ends where the route's next literal character is, or a slash or quote.
    return [re.compile(regex + r"(?=[/\s\"'?#.]|$)") for regex in sorted(secret)]


def _hide(match: re.Match) -> str:
    text, start = match.group(0), match.start()
    spans = [match.span(name) for name in match.groupdict() if match.group(name) is not None]
    for begin, end in sorted(spans, reverse=True):
        text = text[: begin - start] + HIDDEN + text[end - start :]
    return text


def redact(text: str) -> str:
    """`text` (a path, a request line, a whole log line) with every secret link's secret
    replaced by "…"."""
    if not apps.ready:  # a line logged while starting up, before any request
        return text
    for pattern in _secret_paths():
        text = pattern.sub(_hide, text)
    return text


class RedactSecretLinks(logging.Filter):
    """A logging filter for Django's request loggers (django.request, django.server,
    django.security): the message is written with the secrets taken out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
