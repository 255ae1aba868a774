"""Benchmark of the pages: query counts at two data sizes, and throughput under gunicorn
as a ratio to a trivial view (/healthz/) of the same stack, measured in the same run.

    .venv/bin/python bench/pages.py [--seconds 5] [--clients 4]

It builds a throw-away database (DATABASE_URL decides the server) with Demo Kommune, takes
the query counts, grows the data (300 more workplaces and members, and rows under every
page: tests/demo_pages.py, which tests/test_query_counts.py checks the same way) and counts
again, then starts gunicorn on a loopback port and measures requests per second,
alternating each page with the trivial view.
"""

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stressprogram.settings")
os.environ.setdefault("DEBUG", "1")  # only for seeding; gunicorn runs with DEBUG=0

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tests.demo_pages import PAGES, grow, paths, query_counts  # noqa: E402
from workplaces.models import User  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, cookie: str, seconds: float, clients: int) -> float:
    """Requests per second over `clients` keep-alive connections for `seconds`."""
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"}
        while time.perf_counter() < deadline:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
            done[index] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    server = None
    try:
        call_command("seed_demo")  # Demo Kommune with the annexes' demo content
        small = query_counts()
        grow()
        analyze()
        large = query_counts()
        cookies = {}
        for username in {username for username, _path in PAGES.values()}:
            client = Client(HTTP_HOST="localhost")
            client.force_login(User.objects.get(username=username))
            cookies[username] = client.cookies["sessionid"].value
        pages = paths()
        connection.close()

        server, port = start_gunicorn(name, workers=2)
        rows = []
        for page, (username, path) in pages.items():
            hammer(port, path, cookies[username], 1, args.clients)  # warm up
            trivial = page_rate = 0.0
            for _round in range(2):  # alternate, so machine noise hits both alike
                trivial += hammer(port, "/healthz/", "", args.seconds / 2, args.clients)
                page_rate += hammer(port, path, cookies[username], args.seconds / 2, args.clients)
            rows.append((page, small[page], large[page], page_rate / 2, trivial / 2))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        connection.creation.destroy_test_db(name, verbosity=0)

    print(f"database: {connection.vendor}; gunicorn 2 workers, {args.clients} clients")
    header = f"{'page':<20}{'queries small':>14}{'queries large':>14}{'req/s':>8}{'trivial':>9}"
    print(header + f"{'ratio':>7}")
    for page, q_small, q_large, rate, trivial in rows:
        print(
            f"{page:<20}{q_small:>14}{q_large:>14}{rate:>8.0f}{trivial:>9.0f}{rate / trivial:>7.2f}"
        )


def _database_url(name: str) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    user = settings["USER"] or ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{name}"


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def analyze() -> None:
    """Fresh planner statistics after seeding, as autovacuum keeps them in production.
    Without them (this machine's PostgreSQL runs with autovacuum off) the drop link's
    lookup joins all 45,000 users by a sequential scan: 6 times the database CPU per drop."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def start_gunicorn(name: str, *, workers: int, extra: tuple[str, ...] = ()):
    """gunicorn on a free loopback port against the database `name`, with DEBUG off and
    the collected static files, as in production. Returns (process, port)."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # sessions made by the script are signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _database_url(name),
        "VAR_DIR": tempfile.mkdtemp(prefix="bench-var-"),
    }
    env.pop("PYTEST_VERSION", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "stressprogram.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning", *extra],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    _wait(port)
    return server, port


if __name__ == "__main__":
    main()
