"""Benchmark of Bilag 5's drops: 500 people of one workplace drop their ball within the
same minute through their personal links, each sending it twice at once (a double tap, a
resend after a lost connection), against gunicorn and the configured database.

    .venv/bin/python bench/ball_drops.py [--people 500] [--workers 2] [--seconds 5]

It builds a throw-away database (DATABASE_URL decides the server; PostgreSQL is what the
figure is for), seeds one workplace with the people in a running round with their personal
links, starts gunicorn on a loopback port and lets every person open their link (GET: the
form and its CSRF cookie) and then post two drops at once, all people together. Each
person comes from an address of their own in 127.0.0.0/8, as phones would, so the
per-address rate limit of the links counts each alone. Afterwards it checks that exactly
one ball (in the mailbox) and one drop record exist per person, and reports drops per
second beside the throughput of the trivial /healthz/ view of the same stack, measured
in the same run, as a ratio.
"""

import argparse
import http.client
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stressprogram.settings")
os.environ.setdefault("DEBUG", "1")  # only for seeding; gunicorn runs with DEBUG=0

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import analyze, hammer, start_gunicorn  # noqa: E402
from riskmapping.balls import services  # noqa: E402
from riskmapping.models import Ball, DropRecord, DropToken, MailboxBall  # noqa: E402
from workplaces.models import Area, Membership, User, Workplace  # noqa: E402

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def seed(people: int) -> list[str]:
    """One workplace, its manager and `people` participants in a round running today;
    returns the paths of their personal links."""
    area = Area.objects.create(name="Bench-område")
    workplace = Workplace.objects.create(name="Bench Plejecenter", slug="bench", area=area)
    manager = User.objects.create(username="bench-leder", email="leder@bench.invalid")
    Membership.objects.create(user=manager, workplace=workplace, role=Membership.Role.MANAGER)
    users = User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@bench.invalid") for i in range(people)
    )
    Membership.objects.bulk_create(Membership(user=u, workplace=workplace) for u in users)
    ball_round = services.plan_round(
        workplace,
        by=manager,
        first_day=timezone.localdate(),
        weekends_count=True,
        participants=users,
    )
    services.start_round(ball_round, by=manager)
    tokens = DropToken.objects.filter(round=ball_round).order_by("participant_id")
    return [t.get_absolute_url() for t in tokens]


def address(index: int) -> str:
    """A loopback address of its own for person `index` (Linux routes all of 127/8 to lo)."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


class Person(threading.Thread):
    """Opens the link, waits for everyone, then posts the same drop on two connections."""

    def __init__(self, index: int, port: int, path: str, barrier: threading.Barrier) -> None:
        super().__init__(daemon=True)
        self.index, self.port, self.path, self.barrier = index, port, path, barrier
        self.statuses: list[int] = []
        self.error: BaseException | None = None
        self.posted_at = self.answered_at = 0.0

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=120, source_address=(address(self.index), 0)
        )

    def run(self) -> None:
        try:
            opened = self._connection()
            opened.request("GET", self.path, headers={"Host": "127.0.0.1"})
            response = opened.getresponse()
            html = response.read().decode()
            assert response.status == 200, (self.path, response.status)
            cookie = CSRF_COOKIE.search(response.getheader("Set-Cookie", ""))[1]
            form_token = CSRF_INPUT.search(html)[1]
            opened.close()
            body = f"csrfmiddlewaretoken={form_token}&colour={'red' if self.index % 3 else 'green'}"
            body += f"&note=Bench+seddel+{self.index}"
            headers = {
                "Host": "127.0.0.1",
                "Cookie": f"csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            # Connected only once released: a sync worker that accepted an idle
            # connection would wait on it while others still need their page.
            self.barrier.wait()
            self.posted_at = time.perf_counter()
            first, second = self._connection(), self._connection()
            first.request("POST", self.path, body=body, headers=headers)
            second.request("POST", self.path, body=body, headers=headers)
            for conn in (first, second):
                answer = conn.getresponse()
                answer.read()
                self.statuses.append(answer.status)
                conn.close()
            self.answered_at = time.perf_counter()
        except BaseException as error:  # noqa: BLE001 -- reported after the run
            self.error = error
            self.barrier.abort()


def drop_all(port: int, paths: list[str]) -> tuple[float, list[Person]]:
    barrier = threading.Barrier(len(paths) + 1)
    people = [Person(i, port, path, barrier) for i, path in enumerate(paths)]
    for person in people:
        person.start()
    try:
        barrier.wait(timeout=300)  # everyone has opened the link
    except threading.BrokenBarrierError:
        for person in people:
            person.join(timeout=10)
        errors = [p.error for p in people if p.error is not None]
        raise RuntimeError(f"opening the links failed: {errors[:1]!r}") from None
    start = time.perf_counter()
    for person in people:
        person.join(timeout=300)
    elapsed = time.perf_counter() - start
    errors = [p.error for p in people if p.error is not None]
    if errors:
        raise RuntimeError(f"{len(errors)} clients failed, the first: {errors[0]!r}")
    return elapsed, people


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()

    # A name of its own, so that a test run on the same server is never clobbered.
    connection.settings_dict["TEST"]["NAME"] = f"bench_drops_{connection.settings_dict['NAME']}"
    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    server = None
    try:
        paths = seed(args.people)
        analyze()
        connection.close()
        server, port = start_gunicorn(
            name, workers=args.workers, extra=("--backlog", "2048", "--timeout", "120")
        )
        hammer(port, "/healthz/", "", 1, 4)  # warm up both workers
        trivial_before = hammer(port, "/healthz/", "", args.seconds / 2, 4)
        elapsed, people = drop_all(port, paths)
        trivial_after = hammer(port, "/healthz/", "", args.seconds / 2, 4)
        trivial = (trivial_before + trivial_after) / 2
        latencies = sorted(p.answered_at - p.posted_at for p in people)

        balls = MailboxBall.objects.count() + Ball.objects.count()
        records = DropRecord.objects.count()
        twice = (
            DropRecord.objects.values("round", "participant", "day")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
        statuses: dict[int, int] = {}
        for person in people:
            for status in person.statuses:
                statuses[status] = statuses.get(status, 0) + 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        connection.close()
        connection.creation.destroy_test_db(name, verbosity=0)

    n = args.people
    rate = n / elapsed
    print(f"database: {connection.vendor}; gunicorn {args.workers} workers")
    print(f"{n} people, each posting twice at once ({2 * n} POSTs), all released together")
    print(f"responses: {dict(sorted(statuses.items()))}")
    print(f"stored: {balls} balls, {records} drop records, {twice} people recorded twice")
    print(f"all {2 * n} POSTs answered in {elapsed:.2f} s: {rate:.0f} drops/s")
    print(
        "time from posting to both answers: median "
        f"{latencies[len(latencies) // 2]:.2f} s, max {latencies[-1]:.2f} s"
    )
    print(f"/healthz/ of the same stack: {trivial:.0f} req/s; ratio {rate / trivial:.3f}")
    ok = balls == n and records == n and twice == 0
    print("OK: every person's ball stored once" if ok else "FAILED: balls lost or doubled")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
