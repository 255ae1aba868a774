"""Benchmark: import a municipality of 1,000 units and 45,000 engagements, then the same
export with 1 % of the people changed. Reports times, the process's peak memory, the rows
each run touches and the queries of the re-run.

    .venv/bin/python bench/import_os2mo.py [--units 1000] [--engagements 45000]

Runs against a throw-away database made like the test database (DATABASE_URL decides
which server); nothing else is touched.
"""

import argparse
import os
import resource
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
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.os2mo_export import large_export  # noqa: E402
from workplaces import os2mo  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(files: dict[str, bytes]) -> dict[str, float]:
    started = time.perf_counter()
    rows, problems = os2mo.read_files(files)
    assert not problems, problems[:5]
    parsed = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        plan = os2mo.plan(rows)
        counts = os2mo.apply(plan)
    done = time.perf_counter()
    return {
        "parse_s": parsed - started,
        "plan_apply_s": done - parsed,
        "total_s": done - started,
        "rows_touched": sum(counts.values()),
        "queries": len(queries.captured_queries),
        "peak_mib": peak_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--engagements", type=int, default=45000)
    args = parser.parse_args()

    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    try:
        export = large_export(args.units, args.engagements)
        first = run(export.files())
        unchanged = run(export.files())
        for engagement in export.engagements[::100]:
            engagement["Efternavn"] += "-Hansen"
        changed = run(export.files())
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)

    print(f"database: {connection.vendor}; {args.units} units, {args.engagements} engagements")
    print(f"{'run':<22}{'parse s':>9}{'plan+apply s':>14}{'rows':>8}{'queries':>9}{'peak MiB':>10}")
    for label, result in [
        ("first import", first),
        ("same files again", unchanged),
        ("1 % of people changed", changed),
    ]:
        print(
            f"{label:<22}{result['parse_s']:>9.2f}{result['plan_apply_s']:>14.2f}"
            f"{result['rows_touched']:>8}{result['queries']:>9}{result['peak_mib']:>10.0f}"
        )


if __name__ == "__main__":
    main()
