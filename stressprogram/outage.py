"""Remembering, per process, that Redis has just failed (the cache and the broker each keep
one `Outage`): callers skip it for a few seconds instead of waiting on every call, and
the warning is logged once a minute, not once a call."""

import logging
from time import monotonic

logger = logging.getLogger("stressprogram.outage")

SKIP_SECONDS = 5.0
LOG_EVERY_SECONDS = 60.0


class Outage:
    def __init__(self, name: str) -> None:
        self.name = name
        self._skip_until = 0.0
        self._next_log = 0.0
        self._failing = False

    def skipping(self) -> bool:
        """True shortly after a failure: answer without trying the server."""
        return monotonic() < self._skip_until

    def failed(self, error: Exception) -> None:
        now = monotonic()
        self._skip_until = now + SKIP_SECONDS
        self._failing = True
        if now >= self._next_log:
            self._next_log = now + LOG_EVERY_SECONDS
            logger.warning("%s is unreachable (%s); carrying on without it.", self.name, error)

    def succeeded(self) -> None:
        if self._failing:
            self._failing = False
            self._next_log = 0.0
            logger.info("%s is reachable again.", self.name)

    def reset(self) -> None:
        """Forget the failure (tests, and settings that point somewhere else)."""
        self._skip_until = self._next_log = 0.0
        self._failing = False
