"""bench/hotspots.py's grouping of cProfile's figures into areas of a request (issue 21)."""

import pytest

from bench.areas import area, group

SITE = "/venv/lib/python3.11/site-packages/"
VIEW = (SITE + "django/core/handlers/base.py", 174, "_get_response")
CSRF = (SITE + "django/middleware/csrf.py", 440, "process_view")
EXECUTE = (SITE + "psycopg/cursor.py", 97, "execute")
SESSION = (SITE + "django/contrib/sessions/backends/db.py", 50, "load")
ORM = (SITE + "django/db/models/query.py", 380, "_fetch_all")
COMPILE = (SITE + "django/db/models/sql/where.py", 230, "_resolve_node")


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        (EXECUTE, "database"),
        ((SITE + "django/db/backends/utils.py", 100, "_execute"), "database"),
        ((SITE + "django/template/base.py", 1000, "render"), "templates"),
        ((SITE + "crispy_forms/utils.py", 60, "render_field"), "templates"),
        (SESSION, "session/auth"),
        ((SITE + "axes/handlers/database.py", 90, "is_locked"), "session/auth"),
        (("/usr/lib/python3.11/logging/__init__.py", 1500, "info"), "logging"),
        ((SITE + "redis/client.py", 550, "execute_command"), "cache (Redis)"),
        (VIEW, "view"),
        # login_required around a view and the ORM work for whoever calls them
        ((SITE + "django/contrib/auth/decorators.py", 30, "_view_wrapper"), None),
        (ORM, None),
        (("/app/riskmapping/balls/views.py", 261, "token_drop"), None),
    ],
)
def test_a_function_belongs_to_its_library_s_area(function, expected):
    assert area(function, {}) == expected


def test_a_middleware_class_s_own_methods_are_named_after_it():
    named = {CSRF: "middleware: CsrfViewMiddleware"}
    assert area(CSRF, named) == "middleware: CsrfViewMiddleware"


def test_own_time_goes_to_the_nearest_caller_with_an_area():
    # The view runs the ORM (4 ms own) for itself and, through the session, 2 ms more;
    # the ORM's recursion (_resolve_node calls itself) stays with the same callers.
    stats = {
        VIEW: (1, 1, 0.001, 0.020, {}),
        SESSION: (1, 1, 0.001, 0.005, {VIEW: (1, 1, 0.001, 0.005)}),
        ORM: (2, 2, 0.006, 0.015, {VIEW: (1, 1, 0.004, 0.010), SESSION: (1, 1, 0.002, 0.004)}),
        COMPILE: (
            4,
            2,
            0.002,
            0.002,
            {ORM: (2, 2, 0.001, 0.002), COMPILE: (2, 2, 0.001, 0.001)},
        ),
        EXECUTE: (2, 2, 0.003, 0.003, {ORM: (2, 2, 0.003, 0.003)}),
    }
    totals = group(stats, {})
    assert totals["database"] == pytest.approx(0.003)
    # ORM: 4 of its 6 ms for the view, 2 for the session; _resolve_node splits like the ORM
    assert totals["view"] == pytest.approx(0.001 + 0.004 + 0.002 * 4 / 6)
    assert totals["session/auth"] == pytest.approx(0.001 + 0.002 + 0.002 * 2 / 6)
    assert sum(totals.values()) == pytest.approx(sum(s[2] for s in stats.values()))
