"""Where a request's time goes (issue 21): the ball drop's two requests (open the personal
link, send the ball) and HR's dashboard, each run --requests times in this process through
Django's test client with production settings (DEBUG off, collected static files, CSRF
enforced), first plainly for the time per request, then under cProfile.

    .venv/bin/python bench/hotspots.py [--requests 200] [--workplaces 50] [--big 1000]

The report gives each area's ms per request: every function's own time goes to the area of
its nearest caller that has one (split between callers as cProfile measured them), so a
query run while loading the session counts as database and the ORM work around it as
session/auth. cProfile slows Python code more than C code: compare areas with each other,
and the plain ms per request with other runs. --big grows the data to that many
workplaces (45 members each) and profiles the dashboard again (0 skips it). The database is
a throw-away `test_<name>` beside the one DATABASE_URL names, as in bench/load.py.
"""

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Production settings: DEBUG off, manifest static files, connections kept (as gunicorn).
os.environ.update(
    DJANGO_SETTINGS_MODULE="stressprogram.settings", DEBUG="0", SECURE="0",
    SECRET_KEY="bench-only-" + "x" * 40, ALLOWED_HOSTS="127.0.0.1",
    CONN_MAX_AGE="3600", VAR_DIR=tempfile.mkdtemp(prefix="bench-var-"),
)  # fmt: skip

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from bench import load  # noqa: E402
from bench.areas import area, group  # noqa: E402
from bench.pages import analyze  # noqa: E402
from workplaces.models import User  # noqa: E402

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def middleware_methods() -> dict[tuple, str]:
    """cProfile's key of each method defined by a middleware class in settings.MIDDLEWARE
    and in the secret links' shorter chain (SECRET_LINK_MIDDLEWARE, stressprogram/lean.py)."""
    named = {}
    for dotted in dict.fromkeys(settings.MIDDLEWARE + settings.SECRET_LINK_MIDDLEWARE):
        found = import_string(dotted)
        label = f"middleware: {dotted.rsplit('.', 1)[1]}"
        members = vars(found).values() if isinstance(found, type) else [found]
        for member in members:
            if code := getattr(member, "__code__", None):
                named[(code.co_filename, code.co_firstlineno, code.co_name)] = label
    return named


def show(title: str, count: int, seconds: float, profile: cProfile.Profile, named) -> None:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    totals = group(stats, named)
    served = {k: v for k, v in totals.items() if k != "test client (not served)"}
    total = 1000 * sum(served.values()) / count
    print(f"\n{title}: {1000 * seconds / count:.1f} ms per request without the profiler; "
          f"under cProfile, ms per request by area (of {total:.1f}):")  # fmt: skip
    for label, spent in sorted(served.items(), key=lambda item: -item[1]):
        print(f"  {label:<44}{1000 * spent / count:>8.2f}")
    print("  top 15 functions by own time (ms per request, calls per request, area):")
    top = sorted(stats.items(), key=lambda item: -item[1][2])[:15]
    for function, (_, calls, own_time, _, _) in top:
        filename, line, name = function
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}({name})"
        print(f"  {1000 * own_time / count:>7.2f} {calls / count:>7.1f}  {where[-60:]:<60} "
              f"{area(function, named) or ''}")  # fmt: skip


def measure(title: str, count: int, work, named) -> None:
    """`work(n)` count times plainly (wall time), then count times more under cProfile."""
    started = time.perf_counter()
    for n in range(count):
        work(n)
    seconds = time.perf_counter() - started
    profile = cProfile.Profile()
    for n in range(count, 2 * count):
        profile.runcall(work, n)
    show(title, count, seconds, profile, named)


def seed(workplaces: int) -> None:
    """Demo Kommune grown to `workplaces` (45 members each, every one in a ball round)."""
    load.WORKPLACES, load.MEMBERS = workplaces, 45 * workplaces
    load.grow()
    load.make_tokens()
    analyze()


def profile_drops(count: int, named) -> None:
    """Each phone opens its own link and sends a red ball, as bench/load.py's drop()."""
    links = load.make_links(2 * count + 10)
    # One client (one handler, its middleware loaded once, as a gunicorn worker), with
    # each phone's own cookies.
    phone = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    cookies, forms = {}, {}

    def open_link(n: int) -> None:
        phone.cookies = SimpleCookie()
        response = phone.get(links[n])
        assert response.status_code == 200, response.status_code
        cookies[n] = phone.cookies
        forms[n] = {"csrfmiddlewaretoken": CSRF.search(response.content).group(1).decode(),
                    "colour": "red", "note": "For mange afbrydelser"}  # fmt: skip

    def send_ball(n: int) -> None:
        phone.cookies = cookies[n]
        response = phone.post(links[n], forms[n])
        assert response.status_code == 302, response.status_code

    for n in range(2 * count, 2 * count + 10):  # warm: code loaded, templates cached
        open_link(n)
        send_ball(n)
    measure("drop: open link", count, open_link, named)
    measure("drop: send ball", count, send_ball, named)


def profile_dashboard(title: str, count: int, named) -> None:
    hr = Client(HTTP_HOST="127.0.0.1")
    hr.force_login(User.objects.get(username="hr"))

    def dashboard(n: int) -> None:
        response = hr.get("/oversight/")
        assert response.status_code == 200, response.status_code

    dashboard(0)
    dashboard(0)
    measure(title, count, dashboard, named)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workplaces", type=int, default=50)
    parser.add_argument("--big", type=int, default=1000)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)  # group() walks up the call graph
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("collectstatic", interactive=False, verbosity=0)
    named = middleware_methods()
    few = max(args.requests // 10, 5)
    sizes = [args.workplaces] + ([args.big] if args.big > args.workplaces else [])
    for size in sizes:  # a fresh database for each size
        name = connection.creation.create_test_db(
            verbosity=0, keepdb=False, serialize=False, autoclobber=True
        )
        try:
            with override_settings(DEBUG=True):  # seed_demo refuses to run with DEBUG off
                call_command("seed_demo")
            seed(size)
            if size == args.workplaces:
                profile_drops(args.requests, named)
            profile_dashboard(f"HR: dashboard at {size} workplaces", few, named)
        finally:
            connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
