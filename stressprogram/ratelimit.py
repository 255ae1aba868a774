"""One rate limit for the secret-link pages (drop links, kiosk, calendar feeds): a fixed
window counted in the shared cache (Redis in production), per scope and client address
(or another key, such as the link itself)."""

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is the client's to forge.
    return request.META.get("REMOTE_ADDR", "")


def _key(request: HttpRequest, scope: str, key: str | None) -> str:
    return f"ratelimit:{scope}:{client_address(request) if key is None else key}"


def blocked(request: HttpRequest, scope: str, *, limit: int, key: str | None = None) -> bool:
    """True when `scope` has already been counted `limit` times in the current window
    (without counting this request)."""
    return (cache.get(_key(request, scope, key)) or 0) >= limit


def too_many(
    request: HttpRequest, scope: str, *, limit: int, per_seconds: int, key: str | None = None
) -> bool:
    """Count this request; True once the address has made more than `limit` requests in
    `scope` within the current window of `per_seconds`."""
    key = _key(request, scope, key)
    cache.add(key, 0, timeout=per_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=per_seconds)
        count = 1
    return count > limit
