"""The one rate limit: a fixed window counted in the shared cache (Redis in production),
per scope and client address (or another key, such as the link itself). It guards the
secret links and codes (drop links, kiosk, meeting screens, join codes, calendar feeds),
password resets and the unsubscribe page; and it is where the client's address is read
behind our proxies (client_address) and an untrusted X-Forwarded-For is noted.

Secret links are limited so as to punish the guesser, not the crowd: the right secret
always works (it is looked up first and limited only per secret, against floods), while
wrong ones are counted per address and per their first characters (wrong_secret). A short
code a person types (the kiosk's code of the day) is the exception: past its misses the
right code waits too (blocked), or a guesser would go on until one works.

While Redis is down the limits fail open: the cache forgets the counts, so every request
passes (stressprogram/cache.py). Employees' links and kiosks keep working, which matters
more; guessing a link stays hopeless without the limit, since the tokens are long and
random, and logins stay limited by axes, which counts in the database."""

import ipaddress
import logging
from functools import cache as memoise

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)
# A secret's first characters name the link a guesser aims at (hashed in the cache key).
PREFIX = 8
# Where the last X-Forwarded-For from a peer outside TRUSTED_PROXIES is remembered (admin).
UNTRUSTED_FORWARDING = "untrusted-forwarded-for"


@memoise
def _trusted(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The address the request came from: REMOTE_ADDR, unless that is one of our own
    proxies (TRUSTED_PROXIES), in which case X-Forwarded-For is read from the right and the
    first hop our proxies did not add is the client. Hops further left are the client's to
    forge, so they are never believed. The one rule for rate limits, axes and the audit log."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(address):
        return address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:  # garbage in the header: fall back to the proxy itself
                return address
    return address


def _key(request: HttpRequest, scope: str, key: str | None) -> str:
    return f"ratelimit:{scope}:{client_address(request) if key is None else key}"


def too_many(
    request: HttpRequest, scope: str, *, limit: int, per_seconds: int, key: str | None = None
) -> bool:
    """Count this request; True once the address has made more than `limit` requests in
    `scope` within the current window of `per_seconds`."""
    key = _key(request, scope, key)
    if counter := getattr(cache, "count", None):  # Redis: one round trip
        return counter(key, per_seconds) > limit
    cache.add(key, 0, timeout=per_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=per_seconds)
        count = 1
    return count > limit


def blocked(request: HttpRequest, scope: str, *, limit: int) -> bool:
    """True when this address already has `limit` counts in `scope` (this request is not
    counted). For short codes a person types, such as the kiosk's code of the day: there
    the right code must wait too, or a guesser would simply go on until one works."""
    return (cache.get(_key(request, scope, None)) or 0) >= limit


def hashed(text: str) -> str:
    """A cache key's part that does not show what it counts (a secret's prefix, an e-mail)."""
    return salted_hmac("ratelimit", text).hexdigest()[:24]


def wrong_secret(
    request: HttpRequest, scope: str, *, secret: str, limit: int, per_seconds: int
) -> bool:
    """Count one wrong secret from this address and against its first characters; True
    once either has more than `limit` in the window. Called only after the secret was
    looked up and found wrong, so a right one is never refused for others' guesses."""
    window = {"limit": limit, "per_seconds": per_seconds}
    by_address = too_many(request, f"{scope}-miss", **window)
    by_prefix = too_many(request, f"{scope}-miss-prefix", key=hashed(secret[:PREFIX]), **window)
    return by_address or by_prefix


def note_untrusted_forwarding(request: HttpRequest) -> None:
    """X-Forwarded-For from a peer not in TRUSTED_PROXIES is ignored; if it comes from a
    proxy of ours that is missing from the list, everyone behind it shares its address
    (one guesser then slows everyone): log it, at most hourly per peer, and keep the last
    one for the admin's front page."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not request.META.get("HTTP_X_FORWARDED_FOR") or _is_trusted(peer):
        return
    if cache.add(f"{UNTRUSTED_FORWARDING}:{peer}", 1, timeout=60 * 60):
        logger.warning(
            "X-Forwarded-For from %s, which is not in TRUSTED_PROXIES: ignored. If %s is "
            "the municipality's proxy, add it to TRUSTED_PROXIES.",
            peer,
            peer,
        )
        cache.set(UNTRUSTED_FORWARDING, {"peer": peer, "at": timezone.now()}, 7 * 24 * 60 * 60)
