"""Benchmark of the sorting board (Bilag 5/6) with a real round's notes: render time and
page weight of the sorting page at 300 and 463 notes, while sorting (tick boxes, the move
bar) and after it (read-only, as bench/pages.py measured the finished round).

    .venv/bin/python bench/sorting.py [--renders 10]

Notes come in two kinds: all different (the worst case) and as a real round gives them,
where many people write the same few words (each text three times). Builds its own
throw-away database like bench/pages.py, on Demo Kommune's finished round at Solhøj, half
of whose notes lie under its headings.
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
os.environ.setdefault("DEBUG", "1")  # only for seeding

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from riskmapping.models import Ball, BallRound  # noqa: E402
from workplaces.models import User  # noqa: E402


def fill(ball_round: BallRound, count: int, *, repeats: int) -> None:
    """`count` notes, each text `repeats` times, every other one under a heading."""
    ball_round.balls.all().delete()
    headings = {c: list(ball_round.categories.filter(colour=c)) for c in ("red", "green")}
    balls = []
    for index in range(count):
        text = index // repeats  # copies of a text lie together, as sorters file them
        colour = "red" if text % 3 else "green"
        heading = headings[colour][text % len(headings[colour])] if text % 2 else None
        balls.append(
            Ball(
                round=ball_round,
                day=ball_round.first_day,
                colour=colour,
                note=f"Seddel {text}",
                category=heading,
            )
        )
    Ball.objects.bulk_create(balls)


def measure(client: Client, path: str, renders: int) -> tuple[float, float, float]:
    """Median CPU ms and wall ms of a render, and the page's KiB."""
    client.get(path)  # warm up
    cpu, wall = [], []
    for _ in range(renders):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(cpu), statistics.median(wall), len(response.content) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=10)
    args = parser.parse_args()
    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    rows = []
    try:
        call_command("seed_demo")
        ball_round = BallRound.objects.get(
            workplace__slug="plejecenter-solhoj", status=BallRound.Status.DONE
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username="leder"))
        path = f"/workplaces/plejecenter-solhoj/boldmetoden/{ball_round.pk}/sortering/"
        for count in (300, 463):
            for repeats, kind in ((1, "all different"), (3, "each text 3 times")):
                fill(ball_round, count, repeats=repeats)
                for status in (BallRound.Status.SORTING, BallRound.Status.DONE):
                    BallRound.objects.filter(pk=ball_round.pk).update(status=status)
                    rows.append((count, kind, status, *measure(client, path, args.renders)))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    print(f"database: {connection.vendor}; median of {args.renders} renders in-process")
    print(f"{'notes':>5}  {'kind':<18}{'status':<9}{'CPU ms':>8}{'wall ms':>9}{'KiB':>7}")
    for count, kind, status, cpu, wall, kib in rows:
        print(f"{count:>5}  {kind:<18}{status:<9}{cpu:>8.0f}{wall:>9.0f}{kib:>7.0f}")


if __name__ == "__main__":
    main()
