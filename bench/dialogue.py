"""Load benchmark of the dialogue meeting's board (Bilag 6): 60 phones polling the meeting's
state every 1.5 s and posting their group's notes (each sent twice, as a phone back online
would), against gunicorn and the configured database, with a phase change halfway.

    .venv/bin/python bench/dialogue.py [--phones 60] [--seconds 20]

Reports requests per second, median and 95th percentile latency and errors of the polls
and the posts, how long the phones took to see the phase change, and, in the same run, the
state endpoint's throughput as a ratio to a trivial view (/healthz/) of the same stack.
Builds its own throw-away database like bench/pages.py, whose helpers it reuses.
"""

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from pages import analyze, hammer, start_gunicorn

from riskmapping.dialogue import services as dialogue
from riskmapping.models import StickyNote
from workplaces.models import Membership, User, Workplace

POLL_SECONDS = 1.5


def build(phones: int) -> tuple[object, list[dict]]:
    """A running meeting in its group work at Hjemmeplejen Nord with `phones` members,
    each with a logged-in session that has opened the board once."""
    call_command("seed_demo")
    nord = Workplace.objects.get(slug="hjemmeplejen-nord")
    users = User.objects.bulk_create(User(username=f"telefon{i:02d}") for i in range(phones))
    Membership.objects.bulk_create(Membership(user=u, workplace=nord) for u in users)
    leder = User.objects.get(username="leder2")
    meeting = dialogue.plan_meeting(
        nord,
        by=leder,
        starts_at=timezone.now() - timedelta(minutes=15),
        room="Bench",
        invited=users,
    )
    meeting = dialogue.move(meeting, dialogue.START, by=leder)
    meeting = dialogue.move(meeting, dialogue.SKIP, by=leder)  # group work
    people = []
    for group in meeting.groups.all():
        for index, user in enumerate(group.members.order_by("pk")):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            assert client.get(meeting.join_path()).status_code == 200  # let in: session seat
            people.append(
                {
                    "cookie": client.cookies["sessionid"].value,
                    "csrf": client.cookies["csrftoken"].value,
                    "colour": "red" if index < 3 else "green",  # 3 red, then green
                }
            )
    return meeting, people


class Phone(threading.Thread):
    """Polls the state every 1.5 s; once, at a random moment, posts its note twice."""

    def __init__(self, port: int, meeting: object, person: dict, until: float, shared: dict):
        super().__init__(daemon=True)
        self.port, self.person, self.until, self.shared = port, person, until, shared
        self.code = meeting.join_code
        self.polls: list[float] = []
        self.posts: list[float] = []
        self.errors: list[str] = []
        self.seen_change: float | None = None
        self.post_at = time.perf_counter() + random.uniform(1, (until - time.perf_counter()) / 2)

    def _request(self, conn, method: str, path: str, body: str = "") -> tuple[int, bytes, float]:
        headers = {
            "Cookie": f"sessionid={self.person['cookie']}; csrftoken={self.person['csrf']}",
            "Host": "127.0.0.1",
            "Accept": "application/json",
        }
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.person["csrf"]
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        next_poll = time.perf_counter() + random.uniform(0, POLL_SECONDS)
        key = str(uuid.uuid4())
        sent = 0
        while time.perf_counter() < self.until:
            now = time.perf_counter()
            try:
                if sent < 2 and now >= self.post_at:  # the note, then its resend
                    body = urlencode(
                        {
                            "colour": self.person["colour"],
                            "note": f"Bench-seddel {key[:8]}",
                            "client_id": key,
                            "phase": "groups",
                        }
                    )
                    status, _data, took = self._request(
                        conn, "POST", f"/m/{self.code}/seddel/", body
                    )
                    self.posts.append(took)
                    if status != 200:
                        self.errors.append(f"post {status}")
                    sent += 1
                    continue
                if now >= next_poll:
                    status, data, took = self._request(conn, "GET", f"/m/{self.code}/status/")
                    self.polls.append(took)
                    next_poll += POLL_SECONDS
                    if status != 200:
                        self.errors.append(f"poll {status}")
                    elif (
                        self.seen_change is None
                        and self.shared.get("changed_at")
                        and json.loads(data)["stamp"] != self.shared["stamp"]
                    ):
                        self.seen_change = time.perf_counter() - self.shared["changed_at"]
                    continue
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(type(error).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            time.sleep(min(0.05, max(0.0, next_poll - time.perf_counter())))
        conn.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    server = None
    try:
        meeting, people = build(args.phones)
        analyze()
        leder = User.objects.get(username="leder2")
        stamp = dialogue.state(meeting)["stamp"]
        connection.close()
        server, port = start_gunicorn(name, workers=args.workers)

        shared: dict = {"stamp": stamp}
        started = time.perf_counter()
        until = started + args.seconds
        phones = [Phone(port, meeting, person, until, shared) for person in people]
        for phone in phones:
            phone.start()
        time.sleep(args.seconds / 2)
        dialogue.move(meeting, dialogue.SKIP, by=leder)  # the facilitator moves on
        shared["changed_at"] = time.perf_counter()
        for phone in phones:
            phone.join()
        elapsed = time.perf_counter() - started
        stored = StickyNote.objects.filter(meeting=meeting).count()
        connection.close()

        # The same stack's ceiling for the state endpoint and for a trivial view.
        path = f"/m/{meeting.join_code}/status/"
        cookie = people[0]["cookie"]
        hammer(port, path, cookie, 1, 4)  # warm up
        trivial = state_rate = 0.0
        for _round in range(2):
            trivial += hammer(port, "/healthz/", "", 2.5, 4)
            state_rate += hammer(port, path, cookie, 2.5, 4)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        connection.creation.destroy_test_db(name, verbosity=0)

    _report(args, phones, elapsed, stored, state_rate / 2, trivial / 2)


def _report(
    args: argparse.Namespace,
    phones: list[Phone],
    elapsed: float,
    stored: int,
    state_rate: float,
    trivial: float,
) -> None:
    polls = [t for p in phones for t in p.polls]
    posts = [t for p in phones for t in p.posts]
    errors = [e for p in phones for e in p.errors]
    lags = [p.seen_change for p in phones if p.seen_change is not None]
    print(
        f"database: {connection.vendor}; gunicorn {args.workers} workers; "
        f"{args.phones} phones polling every {POLL_SECONDS} s for {args.seconds:.0f} s"
    )
    print(
        f"requests: {len(polls) + len(posts)} in {elapsed:.1f} s = "
        f"{(len(polls) + len(posts)) / elapsed:.1f} req/s; errors: {len(errors)}"
        + (f" ({', '.join(sorted(set(errors)))})" if errors else "")
    )
    print(
        f"state polls: {len(polls)}, median {statistics.median(polls) * 1000:.1f} ms, "
        f"p95 {p95(polls) * 1000:.1f} ms, max {max(polls) * 1000:.1f} ms"
    )
    print(
        f"note posts: {len(posts)} (each note sent twice), median "
        f"{statistics.median(posts) * 1000:.1f} ms, p95 {p95(posts) * 1000:.1f} ms; "
        f"notes stored: {stored} of {args.phones}"
    )
    print(
        f"phase change seen by {len(lags)}/{len(phones)} phones, "
        f"slowest after {max(lags, default=0):.2f} s"
    )
    print(
        f"ceiling (4 clients): state {state_rate:.0f} req/s, /healthz/ {trivial:.0f} req/s, "
        f"ratio {state_rate / trivial:.2f}"
    )


if __name__ == "__main__":
    main()
