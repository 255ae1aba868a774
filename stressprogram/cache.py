"""Django's Redis cache, forgiving when Redis is unreachable: reads miss and writes are
dropped (with a warning once a minute) instead of failing the page. Everything we cache
can be rebuilt: the dialogue's polled state comes from the database again, and the rate
limits count from zero (stressprogram/ratelimit.py says why that is acceptable)."""

from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from stressprogram.outage import Outage

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
NOT_THERE = object()  # incr's answer for a key that is not there: ValueError

# Django makes a cache object per thread; the outage is the server's, so one per location.
_outages: dict[str, Outage] = {}


def outage_of(location: str) -> Outage:
    # Not named by its URL, which may hold a password.
    return _outages.setdefault(location, Outage("The Redis cache"))


class OneClientPerPool(RedisCacheClient):
    """Django makes a new redis.Redis for every call, which costs about as much CPU as the
    call itself (redis-py fills its table of reply callbacks each time): a third of what the
    rate limit of a drop link costs. One per connection pool serves every call."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[Any, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class ForgivingRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = OneClientPerPool
        self.outage = outage_of(server if isinstance(server, str) else ",".join(server))

    def validate_key(self, key: str) -> None:
        """Redis takes any key. Django's check is for memcached's limits, character by
        character: a twelfth of HR's dashboard, which reads a thousand keys a view."""

    def _try(self, method: Callable[..., Any], *args: Any, miss: Any) -> Any:
        """`method(*args)`, or `miss` while Redis is unreachable."""
        if not self.outage.skipping():
            try:
                result = method(*args)
            except UNREACHABLE as error:
                self.outage.failed(error)
            else:
                self.outage.succeeded()
                return result
        if miss is NOT_THERE:
            raise ValueError(f"Key {args[0]!r} not found.")
        return miss

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._try(super().get, key, default, version, miss=default)

    def get_many(self, keys: Any, version: int | None = None) -> dict:
        return self._try(super().get_many, keys, version, miss={})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._try(super().has_key, key, version, miss=False)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._try(super().add, key, value, timeout, version, miss=False)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._try(super().set, key, value, timeout, version, miss=None)

    def set_many(
        self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list:
        # Answers the keys that were not stored: all of them.
        return self._try(super().set_many, data, timeout, version, miss=list(data))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._try(super().touch, key, timeout, version, miss=False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._try(super().incr, key, delta, version, miss=NOT_THERE)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._try(super().delete, key, version, miss=False)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._try(super().delete_many, keys, version, miss=None)

    def clear(self) -> bool:
        return self._try(super().clear, miss=False)

    def count(self, key: Any, timeout: int) -> int:
        """Add one to the counter at `key` and answer its new value; a new counter lives
        `timeout` seconds. One round trip (a Lua script, atomic in Redis), where `add` and
        `incr` take two; 0 while Redis is unreachable (the rate limits fail open)."""
        return self._try(self._count, key, timeout, miss=0)

    def _count(self, key: Any, timeout: int) -> int:
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        if (script := self._scripts.get(client)) is None:
            script = self._scripts[client] = client.register_script(COUNT)
        return int(script(keys=[key], args=[timeout]))

    @cached_property
    def _scripts(self) -> dict[Any, Any]:
        return {}


# INCR makes a missing key 1; only then is its expiry set, so a window never grows.
COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
