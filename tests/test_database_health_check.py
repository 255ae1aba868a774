"""stressprogram.postgresql: a kept connection is checked by looking at its socket, and
gets Django's SELECT 1 only when the server has said something (issue 21). Read from the
server's side: what the connection's backend last ran, and whether it was replaced."""

import time

from django.db import connection, connections

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept():
    """A connection of its own (outside the test's transaction), as a worker keeps one
    between requests with CONN_MAX_AGE and CONN_HEALTH_CHECKS."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's backend")
    wrapper = connections.create_connection("default")
    wrapper.settings_dict.update(CONN_HEALTH_CHECKS=True, CONN_MAX_AGE=60)  # tests' is 0
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _next_request(wrapper) -> int:
    """What the request handler does between two requests, then the next request's first
    query; the backend's process id that answered it."""
    wrapper.close_if_unusable_or_obsolete()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _last_query(pid: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # not the transaction's first look
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def test_a_quiet_connection_is_used_without_a_select_1(kept):
    assert kept.health_check_enabled
    pid = _next_request(kept)
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last query of a request'")
    kept.close_if_unusable_or_obsolete()
    kept.close_if_health_check_failed()  # as Django does before the next request's query
    assert kept.health_check_done
    assert _last_query(pid) == "SELECT 'the last query of a request'"
    assert _next_request(kept) == pid


def test_a_connection_the_server_ended_is_replaced_before_the_request_uses_it(kept):
    pid = _next_request(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's goodbye reaches the socket a moment later.
    deadline = time.monotonic() + 5
    while pid in _backends() and time.monotonic() < deadline:
        time.sleep(0.01)
    new_pid = _next_request(kept)
    assert new_pid != pid
    assert new_pid in _backends()


def _backends() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT pid FROM pg_stat_activity")
        return {pid for (pid,) in cursor.fetchall()}
