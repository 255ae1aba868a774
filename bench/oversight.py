"""Benchmark: HR's dashboard with 10 and with 1,000 workplaces (45 members each), timed in
the same run; reports the ratio of the two times (goal: under 3x). The constant query
count is asserted in tests/test_oversight.py.

    .venv/bin/python bench/oversight.py [--repeat 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stressprogram.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from workplaces.models import Area, Membership, User, Workplace  # noqa: E402

MEMBERS = 45


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


def measure(client: Client, repeat: int) -> float:
    client.get("/oversight/")  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/oversight/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    try:
        hr = User.objects.create(username="hr", is_hr_admin=True)
        client = Client(HTTP_HOST="localhost")
        client.force_login(hr)
        grow(0, 10)
        small = measure(client, args.repeat)
        for start in range(10, 1000, 100):
            grow(start, min(start + 100, 1000))
        large = measure(client, args.repeat)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    print(f"database: {connection.vendor}; median of {args.repeat} requests, page of 100 rows")
    print(f"10 workplaces:    {small * 1000:7.1f} ms")
    print(f"1,000 workplaces: {large * 1000:7.1f} ms")
    print(f"({MEMBERS} members in each workplace)")
    print(f"ratio: {large / small:.2f}x")


if __name__ == "__main__":
    main()
