"""Django's PostgreSQL backend, but for how a kept connection is checked (issue 21).

With CONN_HEALTH_CHECKS Django sends SELECT 1 before each request's first query: one
round trip in three of a ball drop's, for a connection that is almost always fine. A
server that ends a connection (a restart, pg_terminate_backend, an idle timeout, a
PgBouncer closing it) says why and closes the socket, so the socket turns readable; a
healthy connection between requests has nothing to read. Only a readable socket gets
Django's SELECT 1, which then finds the connection gone and reconnects. A connection cut
without a word (a network gone) is no worse off: SELECT 1 would have waited on it too."""

import select

from django.db.backends.postgresql import base


def _readable(fileno: int) -> bool:
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        quiet = (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and not self.connection.closed
            and not _readable(self.connection.fileno())
        )
        if quiet:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
