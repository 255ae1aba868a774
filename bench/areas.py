"""How bench/hotspots.py groups cProfile's figures into areas of a request (pure functions,
so tests/test_bench_areas.py can check them without a profile)."""

from collections import defaultdict

# Path fragments of the libraries whose code is one area (the first that matches wins).
LIBRARIES = [
    ("database", ("/psycopg/", "/django/db/backends/")),
    ("templates", ("/django/template/", "/django/templatetags/", "/crispy_forms/")),
    ("session/auth", ("/django/contrib/sessions/", "/django/contrib/auth/", "/axes/")),
    ("logging", ("/logging/",)),
    ("cache (Redis)", ("/redis/", "/django/core/cache/")),
    ("test client (not served)", ("/django/test/",)),
    ("handler", ("/django/core/handlers/",)),
]


def area(function: tuple[str, int, str], named: dict[tuple, str]) -> str | None:
    """The area a function (cProfile's filename, line, name) works for by itself, or None
    when it works for whichever area called it (the ORM, the app's own helpers...)."""
    if function in named:  # a middleware class's own methods
        return named[function]
    filename, _, name = function
    path = filename.replace("\\", "/")
    if path.endswith("django/contrib/auth/decorators.py"):
        return None  # login_required around a view works for the view
    if name == "_get_response" and path.endswith("django/core/handlers/base.py"):
        return "view"  # resolving the URL and calling the view, inside the middleware chain
    return next((label for label, parts in LIBRARIES if any(p in path for p in parts)), None)


def group(stats: dict, named: dict[tuple, str]) -> dict[str, float]:
    """Seconds of own time per area, from pstats' raw table {function: (cc, nc, tt, ct,
    callers)}, where callers maps each caller to the (cc, nc, tt, ct) of its calls."""
    shares: dict[tuple, dict[str, float]] = {}

    def share(function: tuple, seen: frozenset) -> dict[str, float]:
        """Parts of the function's time per area; empty when it is only called from `seen`
        (recursion, which is then left out of the split)."""
        if function in shares:
            return shares[function]
        own, callers = area(function, named), stats[function][4]
        if own or not callers:
            shares[function] = {own or "other": 1.0}
            return shares[function]
        result: dict[str, float] = defaultdict(float)
        total = 0.0
        for caller, edge in callers.items():
            parts = {} if caller in seen else share(caller, seen | {function})
            weight = edge[2] or edge[1]  # own time spent for this caller, else its calls
            total += weight if parts else 0
            for label, part in parts.items():
                result[label] += part * weight
        result = {label: value / total for label, value in result.items()}
        if result:
            shares[function] = result
        return result

    totals: dict[str, float] = defaultdict(float)
    for function, (_, _, own_time, _, _) in stats.items():
        for label, part in (share(function, frozenset()) or {"other": 1.0}).items():
            totals[label] += own_time * part
    return dict(totals)
