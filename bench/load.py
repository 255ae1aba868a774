"""Load test at the size of Copenhagen: 1,000 workplaces and 45,000 members, against
gunicorn + PostgreSQL (+ Redis when REDIS_URL is set) on loopback, in one run:

1. the daily ball-reminder fan-out to 45,000 participants (every workplace runs a round),
   in this process, one workplace batch after another as a single worker would;
2. a mixed load for --seconds: employees dropping balls through their personal links at
   --drops-per-second (open loop: a drop is due every 1/rate s whether or not the server
   keeps up), managers editing their guideline, HR opening the dashboard; latency
   p50/p95/p99 and errors per endpoint;
3. each endpoint's closed-loop throughput as a ratio to a trivial view (/healthz/) of the
   same stack, alternated so machine noise hits both alike, and what each request costs in
   CPU: gunicorn's processes and the database's backends, read from /proc before and after.
   Other load on the machine changes the rates much more than the CPU per request, so the
   cost per drop is the figure to scale to another machine.

    .venv/bin/python bench/load.py [--seconds 60] [--drops-per-second 100] [--skip-fanout]
                                   [--workers 3] [--threads 1] [--json PATH]

The database is a throw-away `test_<name>` beside the one DATABASE_URL names (as pytest's):
give each concurrent run its own, e.g. DATABASE_URL=postgres://…/sp_bench. --skip-fanout
makes the drop links directly instead of through the reminder fan-out (8 minutes less).
Afterwards it checks that every accepted drop is stored exactly once. --json PATH also
writes the budget figures (see summary()) for comparing runs.
"""

import argparse
import http.client
import json
import os
import queue
import re
import signal
import statistics
import sys
import threading
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stressprogram.settings")
os.environ.setdefault("DEBUG", "1")  # only for seeding; gunicorn runs with DEBUG=0

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import analyze, start_gunicorn  # noqa: E402
from riskmapping.balls.services import DAY_TABLES, empty_tables  # noqa: E402
from riskmapping.models import BallRound, DropRecord, DropToken, MailboxBall  # noqa: E402
from workplaces import reminders  # noqa: E402
from workplaces.models import Area, Membership, User, Workplace  # noqa: E402

WORKPLACES = int(os.environ.get("BENCH_WORKPLACES", "1000"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "45000"))
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(rb'name="version" value="(\d+)"')
CELL = "/workplaces/{slug}/guideline/cells/manager/risk/"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Closed-loop rates alternate between an endpoint and /healthz/ this many times each, so
# that a burst of other load on the machine falls on both alike.
ALTERNATIONS = 3
TRIVIAL = "trivial view (/healthz/)"
DROP = "ball drop (open + send)"


def grow() -> tuple[list[str], list[str]]:
    """Demo Kommune grown to 1,000 workplaces and 45,000 members, each workplace with a
    manager and a running ball round of all its members. Returns drop links and managers."""
    area = Area.objects.create(name="Belastningsområde")
    missing = WORKPLACES - Workplace.objects.count()
    Workplace.objects.bulk_create(
        Workplace(name=f"Arbejdsplads {i}", slug=f"load-{i}", area=area) for i in range(missing)
    )
    workplaces = list(Workplace.objects.order_by("pk"))
    missing = MEMBERS - User.objects.count()
    users = User.objects.bulk_create(
        (
            User(username=f"load{i}", email=f"load{i}@example.org", first_name="Belastning")
            for i in range(missing)
        ),
        batch_size=5000,
    )
    Membership.objects.bulk_create(
        (
            Membership(
                user=user,
                workplace=workplaces[i % len(workplaces)],
                role=Membership.Role.MANAGER if i < len(workplaces) else Membership.Role.EMPLOYEE,
            )
            for i, user in enumerate(users)
        ),
        batch_size=5000,
    )
    today = timezone.localdate()
    busy = set(
        BallRound.objects.exclude(status=BallRound.Status.DONE).values_list("workplace", flat=True)
    )
    rounds = BallRound.objects.bulk_create(
        BallRound(
            workplace=w,
            status=BallRound.Status.RUNNING,
            first_day=today - timedelta(days=2),
            weekends_count=True,
        )
        for w in workplaces
        if w.pk not in busy
    )
    by_workplace = {r.workplace_id: r for r in rounds}
    through = BallRound.participants.through
    members = Membership.objects.filter(workplace__in=by_workplace).values_list("workplace", "user")
    through.objects.bulk_create(
        (through(ballround=by_workplace[w], user_id=u) for w, u in members.iterator()),
        batch_size=5000,
    )
    managers = [(f"load{i}", workplaces[i].slug) for i in range(min(len(users), len(workplaces)))]
    return managers, [r.pk for r in rounds]


def fan_out() -> tuple[int, float]:
    """The hourly tick at the reminder hour, each workplace's batch run in turn."""
    batches: list[tuple[int, object]] = []
    hour = reminders.local_now().replace(hour=23, minute=5)  # every workplace's hour has come
    started = time.perf_counter()
    reminders.tick(hour, queue=lambda pk, today: batches.append((pk, today)))
    for pk, today in batches:
        reminders.remind_workplace(Workplace.objects.get(pk=pk), today)
    return len(mail.outbox), time.perf_counter() - started


def make_tokens() -> int:
    """The drop links the fan-out would have made, in bulk (for --skip-fanout)."""
    through = BallRound.participants.through
    pairs = through.objects.filter(ballround__status=BallRound.Status.RUNNING)
    tokens = []
    for round_id, user_id in pairs.values_list("ballround", "user").iterator():
        tokens.append(DropToken.new(round_id=round_id, participant_id=user_id))
    DropToken.objects.bulk_create(tokens, batch_size=5000, ignore_conflicts=True)
    return len(tokens)


class Meter:
    """CPU seconds used by gunicorn (master and workers), by the database's backends, by
    this process (the load client) and by the whole machine, read from /proc."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.server_pid, self.database = server_pid, database

    @staticmethod
    def _stat(pid: int) -> list[str]:
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:  # gone
            return []
        return text.rsplit(")", 1)[1].split()

    def _cpu(self, pid: int) -> float | None:
        fields = self._stat(pid)
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS if fields else None

    def read(self) -> dict[str, dict[int, float]]:
        pids = [int(path.name) for path in Path("/proc").iterdir() if path.name.isdigit()]
        workers = [pid for pid in pids if self._stat(pid)[1:2] == [str(self.server_pid)]]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            backends = [pid for (pid,) in cursor.fetchall()]
        parts = {"gunicorn": [self.server_pid, *workers], "database": backends}
        found = {part: {pid: self._cpu(pid) for pid in pids} for part, pids in parts.items()}
        found = {
            part: {pid: cpu for pid, cpu in cpus.items() if cpu is not None}
            for part, cpus in found.items()
        }
        # user, nice, system, irq, softirq, steal: busy, as against idle and iowait
        busy = [int(n) for n in Path("/proc/stat").read_text().split()[1:9]]
        machine = (sum(busy) - busy[3] - busy[4]) / CLOCK_TICKS
        return {**found, "client": {0: time.process_time()}, "machine": {0: machine}}

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        """Seconds each part used between two readings (a backend born in between counts whole)."""
        return {
            part: sum(cpu - before[part].get(pid, 0.0) for pid, cpu in cpus.items())
            for part, cpus in after.items()
        }


def make_links(count: int) -> list[str]:
    """The personal links the reminders carried (made by the fan-out)."""
    open_rounds = DropToken.objects.filter(
        round__status=BallRound.Status.RUNNING, round__mode=BallRound.Mode.DIGITAL
    )
    tokens = open_rounds.order_by("?").values_list("token", flat=True)[:count]
    return [f"/b/{token}/" for token in tokens]


class Recorder:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()

    def add(self, name: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            if error:
                self.errors[name].append(error)


class Browser:
    """One keep-alive connection with its cookies, timing each request."""

    def __init__(self, port: int, recorder: Recorder, cookies: dict[str, str] | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.recorder = recorder
        self.cookies = dict(cookies or {})

    def request(
        self, name: str, method: str, path: str, body: str | None = None, ok=(200,)
    ) -> bytes:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "http://127.0.0.1" + path
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.recorder.add(name, time.perf_counter() - started, type(error).__name__)
            return b""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        error = None if response.status in ok else f"HTTP {response.status}"
        self.recorder.add(name, time.perf_counter() - started, error)
        return data


def drop(browser: Browser, link: str) -> None:
    """An employee's phone: open the personal link, drop a red ball with a note."""
    page = browser.request("drop: open link", "GET", link)
    found = CSRF.search(page)
    if not found:
        return
    form = f"csrfmiddlewaretoken={found.group(1).decode()}&colour=red&note=For+mange+afbrydelser"
    browser.request("drop: send ball", "POST", link, form, ok=(302,))


def edit(browser: Browser, slug: str, n: int) -> None:
    """A manager edits a cell of their guideline (the optimistic save of Bilag 2)."""
    path = CELL.format(slug=slug)
    page = browser.request("manager: open cell", "GET", path)
    token, version = CSRF.search(page), VERSION.search(page)
    if not (token and version):
        return
    form = (
        f"csrfmiddlewaretoken={token.group(1).decode()}&version={version.group(1).decode()}"
        f"&items=Tal+med+medarbejderen+samme+dag+{n}"
    )
    browser.request("manager: save cell", "POST", path, form, ok=(302,))


def warm_up(port: int, spare, managers, sessions, rounds: int) -> None:
    """A few requests of each kind first, so that every worker has loaded its code and
    templates before anything is timed."""
    recorder = Recorder()
    for n in range(rounds):
        username, slug = managers[n % len(managers)]
        drop(Browser(port, recorder), next(spare))
        edit(Browser(port, recorder, {"sessionid": sessions[username]}), slug, n)
        Browser(port, recorder, {"sessionid": sessions["hr"]}).request("HR", "GET", "/oversight/")


def mixed_load(port, links, managers, sessions, seconds, rate) -> Recorder:  # noqa: C901
    recorder = Recorder()
    deadline = time.perf_counter() + seconds
    jobs: queue.Queue[str | None] = queue.Queue()
    stop = threading.Event()

    def dropper() -> None:
        browser = Browser(port, recorder)
        while (link := jobs.get()) is not None:
            drop(browser, link)

    def manager(index: int) -> None:
        username, slug = managers[index]
        browser = Browser(port, recorder, {"sessionid": sessions[username]})
        n = 0
        while not stop.is_set():
            edit(browser, slug, n)
            n += 1
            time.sleep(0.5)

    def hr() -> None:
        browser = Browser(port, recorder, {"sessionid": sessions["hr"]})
        while not stop.is_set():
            browser.request("HR: dashboard", "GET", "/oversight/")
            time.sleep(1)

    droppers = [threading.Thread(target=dropper) for _ in range(24)]
    others = [threading.Thread(target=manager, args=(i,)) for i in range(4)]
    others.append(threading.Thread(target=hr))
    for thread in droppers + others:
        thread.start()
    started = due = time.perf_counter()
    sent = 0
    while due < deadline and sent < len(links):
        jobs.put(links[sent])
        sent += 1
        due += 1 / rate
        time.sleep(max(0.0, due - time.perf_counter()))
    lag = jobs.qsize()
    for _ in droppers:
        jobs.put(None)
    for thread in droppers:
        thread.join()
    recorder.drained = time.perf_counter() - started  # type: ignore[attr-defined]
    stop.set()
    for thread in others:
        thread.join()
    recorder.scheduled, recorder.behind = sent, lag  # type: ignore[attr-defined]
    recorder.elapsed = seconds  # type: ignore[attr-defined]
    return recorder


def throughput(port: int, seconds: float, work, clients: int = 4) -> tuple[float, int]:
    """Closed loop: requests per second with `clients` connections doing `work`, and how
    many requests that was."""
    recorder = Recorder()
    deadline = time.perf_counter() + seconds

    def loop(index: int) -> None:
        browser = Browser(port, recorder, work.cookies)
        n = 0
        while time.perf_counter() < deadline:
            work(browser, index, n)
            n += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    requests = sum(len(v) for v in recorder.latencies.values())
    errors = sum(len(v) for v in recorder.errors.values())
    assert errors == 0, dict(recorder.errors)
    return requests / seconds, requests


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share) - 1] if len(values) > 1 else values[0]


def ratios(port, spare, managers, sessions, seconds, meter: Meter) -> dict[str, tuple]:
    """Each endpoint's closed-loop rate beside the trivial view's, alternating, and the CPU
    milliseconds per request of gunicorn, the database and the client while it ran."""

    def trivial(browser, index, n):
        browser.request("trivial", "GET", "/healthz/")

    def dropping(browser, index, n):
        drop(browser, next(spare))

    def editing(browser, index, n):
        # each client edits its own workplace with its own manager's session
        username, slug = managers[4 + index]
        browser.cookies["sessionid"] = sessions[username]
        edit(browser, slug, n)

    def dashboard(browser, index, n):
        browser.request("HR", "GET", "/oversight/")

    trivial.cookies = dropping.cookies = editing.cookies = {}
    dashboard.cookies = {"sessionid": sessions["hr"]}
    parts = ["gunicorn", "database", "client", "machine"]
    result, trivial_spent, trivial_requests = {}, dict.fromkeys(parts, 0.0), 0
    for label, work in [
        (DROP, dropping),
        ("manager cell edit (open + save)", editing),
        ("HR dashboard", dashboard),
    ]:
        base = rate = 0.0
        requests = 0
        spent = dict.fromkeys(parts, 0.0)
        for _ in range(ALTERNATIONS):
            before = meter.read()
            per_second, count = throughput(port, seconds / ALTERNATIONS, trivial)
            for part, cpu in Meter.spent(before, meter.read()).items():
                trivial_spent[part] += cpu
            base += per_second
            trivial_requests += count
            before = meter.read()
            per_second, count = throughput(port, seconds / ALTERNATIONS, work)
            for part, cpu in Meter.spent(before, meter.read()).items():
                spent[part] += cpu
            rate += per_second
            requests += count
        cost = {part: 1000 * cpu / max(requests, 1) for part, cpu in spent.items()}
        result[label] = (rate / ALTERNATIONS, base / ALTERNATIONS, cost)
    # What /healthz/ itself costs: the yardstick of this machine's speed.
    cost = {part: 1000 * cpu / max(trivial_requests, 1) for part, cpu in trivial_spent.items()}
    rates = [base for _, base, _ in result.values()]
    result[TRIVIAL] = (statistics.mean(rates), statistics.mean(rates), cost)
    return result


def report(args, recorder: Recorder, rates: dict, stored: tuple[int, int]) -> None:
    print(f"\nmixed load for {args.seconds:.0f} s: {recorder.scheduled} drops due at "
          f"{args.drops_per_second:.0f}/s, {recorder.scheduled / args.seconds:.1f} drops/s sent, "
          f"{recorder.behind} still queued at the end")  # fmt: skip
    done = len(recorder.latencies["drop: send ball"])
    print(f"{done} drops done in {recorder.drained:.0f} s (the queue drained): "
          f"{done / recorder.drained:.1f} drops/s sustained; server CPU during the mix: "
          f"gunicorn {recorder.cpu['gunicorn']:.1f} s, database {recorder.cpu['database']:.1f} s, "
          f"client {recorder.cpu['client']:.1f} s, the whole machine "
          f"{recorder.cpu['machine']:.1f} s (of {os.cpu_count()} cores)")  # fmt: skip
    print(f"{'endpoint':<24}{'requests':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for endpoint, values in sorted(recorder.latencies.items()):
        print(
            f"{endpoint:<24}{len(values):>9}{len(recorder.errors[endpoint]):>7}"
            f"{percentile(values, 50) * 1000:>8.0f}{percentile(values, 95) * 1000:>8.0f}"
            f"{percentile(values, 99) * 1000:>8.0f}"
        )
    print(f"\n{'closed loop, 4 clients':<34}{'req/s':>8}{'trivial':>9}{'ratio':>7}"
          f"   CPU ms per request: gunicorn, database, client")  # fmt: skip
    for label, (rate, base, cost) in rates.items():
        print(
            f"{label:<34}{rate:>8.0f}{base:>9.0f}{rate / base:>7.2f}"
            f"   {cost['gunicorn']:.1f}, {cost['database']:.1f}, {cost['client']:.1f}"
        )
    figures = summary(args, recorder, rates)
    server, trivial = figures["drop_server_cpu_ms"], figures["healthz_server_cpu_ms"]
    print(f"a drop (2 requests) costs {server:.1f} ms of server CPU (gunicorn + database), "
          f"{2 * rates[DROP][2]['client']:.1f} ms of the client's: {1000 / server:.0f} drops/s "
          f"per core for the server alone; {figures['drop_in_healthz_requests']:.1f} times "
          f"what a /healthz/ request costs here ({trivial:.2f} ms), HR's dashboard "
          f"{figures['dashboard_in_healthz_requests']:.1f} times")  # fmt: skip
    drop_records, balls = stored
    print(f"\nstored today: {drop_records} drop records, {balls} balls in the mailbox")
    sent = recorder.latencies["drop: send ball"]
    accepted = len(sent) - len(recorder.errors["drop: send ball"])
    assert drop_records == balls, "a drop record without its ball, or the other way round"
    assert drop_records >= accepted, "an accepted drop was not stored"


def summary(args, recorder: Recorder, rates: dict) -> dict:
    """The figures a run is judged by, as printed by report(): CPU in ms per request (a drop
    is two), closed-loop rates against /healthz/ of the same run."""
    done = len(recorder.latencies["drop: send ball"])
    drop_rate, drop_base, drop = rates[DROP]
    view_rate, view_base, view = rates["HR dashboard"]
    trivial = rates[TRIVIAL][2]
    # The machine's speed cancels out of a cost in /healthz/ requests (the same stack).
    trivial_ms = trivial["gunicorn"] + trivial["database"]
    return {
        "seconds": args.seconds,
        "drops_due_per_s": args.drops_per_second,
        "drops_sent_per_s": round(recorder.scheduled / args.seconds, 1),
        "drops_sustained_per_s": round(done / recorder.drained, 1),
        "errors": sum(len(errors) for errors in recorder.errors.values()),
        "queued_at_end": recorder.behind,
        "drop_server_cpu_ms": round(2 * (drop["gunicorn"] + drop["database"]), 2),
        "drop_gunicorn_cpu_ms": round(2 * drop["gunicorn"], 2),
        "drop_database_cpu_ms": round(2 * drop["database"], 2),
        "drop_ratio_to_healthz": round(drop_rate / drop_base, 3),
        "dashboard_server_cpu_ms": round(view["gunicorn"] + view["database"], 2),
        "dashboard_gunicorn_cpu_ms": round(view["gunicorn"], 2),
        "dashboard_database_cpu_ms": round(view["database"], 2),
        "dashboard_ratio_to_healthz": round(view_rate / view_base, 3),
        "healthz_server_cpu_ms": round(trivial_ms, 3),
        "drop_in_healthz_requests": round(
            2 * (drop["gunicorn"] + drop["database"]) / trivial_ms, 2
        ),
        "dashboard_in_healthz_requests": round(
            (view["gunicorn"] + view["database"]) / trivial_ms, 1
        ),
        "workers": args.workers,
        "threads": args.threads,
    }


def settle() -> None:
    """Write the seeding's hundreds of megabytes to disk before anything is timed: left in
    the database's buffers and the kernel's page cache, they are written back during the
    timed minutes, whenever the checkpoint or the kernel chooses."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rolsuper OR pg_has_role('pg_checkpoint', 'MEMBER') FROM pg_roles"
                " WHERE rolname = current_user"
            )
            if cursor.fetchone()[0]:
                cursor.execute("CHECKPOINT")
    os.sync()


def prepare(args) -> tuple[list, list[str], dict[str, str]]:
    """Seed, make the drop links, and log in HR and eight managers: managers, links, sessions."""
    call_command("seed_demo")
    started = time.perf_counter()
    managers, round_ids = grow()
    seconds = time.perf_counter() - started
    print(f"seeded {Workplace.objects.count()} workplaces, {User.objects.count()} people, "
          f"{len(round_ids)} running rounds in {seconds:.0f} s")  # fmt: skip
    if args.skip_fanout:
        print(f"made {make_tokens()} drop links without the reminder fan-out")
    else:
        sent, fan_seconds = fan_out()
        print(f"reminder fan-out: {sent} e-mails in {fan_seconds:.0f} s "
              f"({sent / fan_seconds:.0f}/s, one worker)")  # fmt: skip
    analyze()
    # The day's tables as the night's close leaves them (services.empty_mailbox): truncated,
    # so without planner statistics, and a drop link's lookup probes today's records by
    # their unique key. Analyzed empty, as analyze() leaves them and this machine's
    # PostgreSQL (no autovacuum) never corrects, each connection's prepared lookup would
    # scan the whole table on every open as the morning's records pile up.
    with transaction.atomic():
        empty_tables(DAY_TABLES)
    settle()
    # Every other link is spare, for the warm-up and the closed loop (some 3,000 drops at
    # 250 a second on a 2-core machine; a faster one would run short of 4,000).
    links = make_links(DropToken.objects.count())
    sessions = {}
    for username in ["hr"] + [m[0] for m in managers[:8]]:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        sessions[username] = client.cookies["sessionid"].value
    return managers, links, sessions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--drops-per-second", type=float, default=100)
    parser.add_argument("--ratio-seconds", type=float, default=12)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--workers", type=int, default=3)  # as docker-compose runs gunicorn
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the summary figures here")
    args = parser.parse_args()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []

    name = connection.creation.create_test_db(
        verbosity=0, keepdb=False, serialize=False, autoclobber=True
    )
    server = None
    try:
        managers, links, sessions = prepare(args)
        due = int(args.seconds * args.drops_per_second)
        connection.close()
        # Database connections outlive the run, so the CPU meter sees the same backends.
        os.environ["CONN_MAX_AGE"] = "3600"
        threads = ("--threads", str(args.threads)) if args.threads > 1 else ()
        server, port = start_gunicorn(name, workers=args.workers, extra=threads)
        print(f"gunicorn: {args.workers} workers, {args.threads} thread(s) each")
        spare = iter(links[due:])
        warm_up(port, spare, managers[:8], sessions, rounds=4 * args.workers)
        meter = Meter(server.pid, name)
        before = meter.read()
        recorder = mixed_load(
            port, links[:due], managers, sessions, args.seconds, args.drops_per_second
        )
        recorder.cpu = Meter.spent(before, meter.read())  # type: ignore[attr-defined]
        rates = ratios(port, spare, managers, sessions, args.ratio_seconds, meter)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        today = timezone.localdate()
        stored = (
            DropRecord.objects.filter(day=today).count(),
            MailboxBall.objects.filter(day=today).count(),
        )
        connection.creation.destroy_test_db(name, verbosity=0)
    report(args, recorder, rates, stored)
    if args.json:
        args.json.write_text(json.dumps(summary(args, recorder, rates), indent=2) + "\n")
        print(f"summary written to {args.json}")


if __name__ == "__main__":
    main()
