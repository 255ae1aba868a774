"""Benchmark: HR's dashboard with 10 and with 1,000 workplaces (45 members each, and a
finished ball round each: digital with every member's ball, or on paper), timed in the
same run; reports the ratio of the two times (goal: under 3x), and the same for the trends
page. Beside the wall time, the CPU time a request costs the server (issue 21: at most 40 ms
for the dashboard at 1,000 workplaces): this process's, plus the database backend's, read
from /proc. The constant query count is asserted in tests/test_oversight.py.

    .venv/bin/python bench/oversight.py [--repeat 20]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stressprogram.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.pages import analyze  # noqa: E402
from riskmapping.models import Ball, BallRound, DropRecord, PaperCount  # noqa: E402
from workplaces.models import Area, Membership, User, Workplace  # noqa: E402

MEMBERS = 45
FIRST_DAY = date(2026, 3, 2)


def grow(start: int, stop: int) -> None:
    area = Area.objects.get_or_create(name=f"Område {start // 100}")[0]
    workplaces = Workplace.objects.bulk_create(
        Workplace(name=f"Arbejdsplads {i}", slug=f"ap-{i}", area=area) for i in range(start, stop)
    )
    users = User.objects.bulk_create(
        User(username=f"p{w.pk}-{m}") for w in workplaces for m in range(MEMBERS)
    )
    Membership.objects.bulk_create(
        Membership(user=u, workplace=workplaces[i // MEMBERS]) for i, u in enumerate(users)
    )
    # A finished ball round in each: even ones digital (a ball and a drop from every
    # member), odd ones on paper (one day's count, every member a participant).
    rounds = BallRound.objects.bulk_create(
        BallRound(
            workplace=w,
            first_day=FIRST_DAY,
            status=BallRound.Status.DONE,
            mode=BallRound.Mode.PAPER if w.pk % 2 else BallRound.Mode.DIGITAL,
        )
        for w in workplaces
    )
    members = {w.pk: users[i * MEMBERS : (i + 1) * MEMBERS] for i, w in enumerate(workplaces)}
    digital = [r for r in rounds if r.mode == BallRound.Mode.DIGITAL]
    paper = [r for r in rounds if r.mode == BallRound.Mode.PAPER]
    DropRecord.objects.bulk_create(
        DropRecord(round=r, participant=u, day=FIRST_DAY)
        for r in digital
        for u in members[r.workplace_id]
    )
    Ball.objects.bulk_create(
        Ball(
            round=r, day=FIRST_DAY, colour=Ball.Colour.RED if m % 3 else Ball.Colour.GREEN, note="…"
        )
        for r in digital
        for m in range(MEMBERS)
    )
    PaperCount.objects.bulk_create(
        PaperCount(round=r, day=FIRST_DAY, red=20, green=25) for r in paper
    )
    BallRound.participants.through.objects.bulk_create(
        BallRound.participants.through(ballround=r, user=u)
        for r in paper
        for u in members[r.workplace_id]
    )


PAGES = {"dashboard": "/oversight/", "trends": "/oversight/udvikling/"}


def backend_cpu() -> float:
    """CPU seconds the database's backend of this connection has used (PostgreSQL on this
    machine; 0 elsewhere)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client: Client, repeat: int) -> dict[str, tuple[float, float, float]]:
    """Median wall time, then this process's and the backend's CPU time per request."""
    medians = {}
    for name, url in PAGES.items():
        client.get(url)  # warm up
        times, cpu = [], []
        backend_before = backend_cpu()
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            assert response.status_code == 200
        # The backend's clock ticks are 10 ms: its share is the mean over the requests.
        backend = (backend_cpu() - backend_before) / repeat
        medians[name] = (statistics.median(times), statistics.median(cpu), backend)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    load_before = os.getloadavg()
    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    try:
        hr = User.objects.create(username="hr", is_hr_admin=True)
        client = Client(HTTP_HOST="localhost")
        client.force_login(hr)
        grow(0, 10)
        analyze()
        small = measure(client, args.repeat)
        for start in range(10, 1000, 100):
            grow(start, min(start + 100, 1000))
        analyze()
        large = measure(client, args.repeat)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    print(f"database: {connection.vendor}; median of {args.repeat} requests")
    print(f"({MEMBERS} members and a finished ball round in each workplace)")
    print(f"load average before: {load_before}, after: {os.getloadavg()}")
    for name in PAGES:
        print(f"{name} (wall; CPU of this process + the database's backend):")
        for label, (wall, cpu, backend) in (("10", small[name]), ("1,000", large[name])):
            print(
                f"  {label + ' workplaces:':18}{wall * 1000:7.1f} ms; "
                f"CPU {cpu * 1000:.1f} + {backend * 1000:.1f} = {(cpu + backend) * 1000:.1f} ms"
            )
        print(f"  ratio: {large[name][0] / small[name][0]:.2f}x")


if __name__ == "__main__":
    main()
