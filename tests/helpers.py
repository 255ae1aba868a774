import io
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_at_two_sizes(
    request: Callable[[], object], grow: Callable[[int], object], *, small: int, large: int
) -> tuple[int, int]:
    """Query counts of `request()` with `small`, then `large`, items made by `grow(n)`."""
    counts = []
    made = 0
    for size in (small, large):
        grow(size - made)
        made = size
        with CaptureQueriesContext(connection) as context:
            request()
        counts.append(len(context.captured_queries))
    return counts[0], counts[1]


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    """The text of a PDF as poppler's pdftotext reads it. By default in reading order with
    white space folded within each page, so text wrapped in a table cell reads as one."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    if layout:
        return text
    # Pages stay separated by form feeds.
    return "\f".join(" ".join(page.split()) for page in text.split("\f"))


def pdf_page_pixels(pdf: bytes, tmp_path: Path, *, page: int = 1, dpi: int = 100):
    """One page of a PDF as poppler's pdftoppm draws it: a PIL image in RGB."""
    from PIL import Image  # noqa: PLC0415

    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    args = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)]
    png = subprocess.run(args, check=True, capture_output=True).stdout
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def run_hourly(start: datetime, hours: int, *, step_minutes: int = 60) -> list[datetime]:
    """Tick the reminder scheduler as beat would from `start` (UTC), sending each batch at
    once; returns the moment each e-mail in mail.outbox went out."""
    from workplaces import reminders  # noqa: PLC0415
    from workplaces.models import Workplace  # noqa: PLC0415

    sent_at: list[datetime] = []
    moment = start
    while moment < start + timedelta(hours=hours):
        before = len(mail.outbox)
        reminders.tick(
            moment,
            queue=lambda pk, today: reminders.remind_workplace(Workplace.objects.get(pk=pk), today),
        )
        sent_at += [moment] * (len(mail.outbox) - before)
        moment += timedelta(minutes=step_minutes)
    return sent_at


def round_running_since_yesterday(workplace, manager):
    """A digital ball round at `workplace` on its second day (weekends count), started by
    `manager`: open for drops today whatever the weekday."""
    from django.utils import timezone  # noqa: PLC0415

    from riskmapping.balls import services  # noqa: PLC0415

    ball_round = services.plan_round(
        workplace,
        by=manager,
        first_day=timezone.localdate() - timedelta(days=1),
        weekends_count=True,
    )
    return services.start_round(ball_round, by=manager)


def rate_limit_keys() -> list[str]:
    """The rate-limit keys now in the cache: Redis, or the database cache without it."""
    from django.core.cache import cache  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
        client = cache._cache.get_client(write=True)
        return [key.decode() for key in client.scan_iter(match=cache.make_key("ratelimit:*"))]
    table = connection.ops.quote_name(cache._table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT cache_key FROM {table} WHERE cache_key LIKE %s",  # noqa: S608
            [cache.make_key("ratelimit:") + "%"],
        )
        return [row[0] for row in cursor.fetchall()]


def clear_rate_limits() -> None:
    """Forget every rate-limit count. They live in Redis, which no test transaction or
    savepoint rolls back (with the database cache they go with the rollback anyway)."""
    from django.core.cache import cache  # noqa: PLC0415

    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=cache.make_key("ratelimit:*"), count=1000))
        if keys:
            client.delete(*keys)


@contextmanager
def celery_conf(**changes: object) -> Iterator[None]:
    """This process's Celery app with `changes` to its config (e.g. queueing on a real
    broker instead of running tasks inline), then as it was."""
    from stressprogram.celery import app  # noqa: PLC0415

    def reset_producer() -> None:
        # The queues, router and broker connections are made once from the config, then
        # cached: closed and forgotten, they are made again from the new config.
        app.close()
        app.__dict__.pop("amqp", None)

    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    reset_producer()
    try:
        yield
    finally:
        app.conf.update(saved)
        reset_producer()


def read_calendar(ics: bytes | str) -> dict:
    """The calendar as Mozilla's ical.js (Thunderbird's parser, run with node) and as
    `icalendar` read it, which must agree: its METHOD, how many VTIMEZONEs, and each event's
    UID, SEQUENCE, STATUS and start and end as UTC instants (all-day events as dates)."""
    import json  # noqa: PLC0415
    from datetime import UTC, date  # noqa: PLC0415

    from icalendar import Calendar  # noqa: PLC0415

    ics = ics.encode() if isinstance(ics, str) else ics  # an attachment in mail.outbox
    script = Path(__file__).parent / "ical_instants.mjs"
    run = subprocess.run(
        ["node", str(script)], input=ics, capture_output=True, check=True, timeout=60
    )
    by_icaljs = json.loads(run.stdout)

    def instant(value: date) -> str:
        if isinstance(value, datetime):
            return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.isoformat()

    calendar = Calendar.from_ical(ics)
    by_icalendar = {
        "method": str(calendar["method"]) if "method" in calendar else None,
        "timezones": len(calendar.walk("VTIMEZONE")),
        "events": [
            {
                "uid": str(event["uid"]),
                "sequence": int(event["sequence"]) if "sequence" in event else None,
                "status": str(event["status"]) if "status" in event else None,
                "start": instant(event.decoded("dtstart")),
                "end": instant(event.decoded("dtend")),
            }
            for event in calendar.walk("VEVENT")
        ],
    }
    assert by_icaljs == by_icalendar
    return by_icalendar


def message_parts(message) -> dict[str, object]:
    """What a mail client sees of a sent mail, from the email.message Django builds: the
    headers that matter, and the content type of every part, as the tree is walked."""
    built = message.message()
    return {
        "headers": {key: built[key] for key in built.keys()},  # noqa: SIM118
        "types": [part.get_content_type() for part in built.walk()],
        "parts": {part.get_content_type(): part for part in built.walk()},
    }
