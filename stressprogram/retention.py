"""Shared arithmetic of the retention jobs: how far back "N months ago" is."""

from calendar import monthrange
from datetime import datetime

from django.utils import timezone


def months_ago(months: int, *, now: datetime | None = None) -> datetime:
    """The same Copenhagen moment `months` earlier (the month's last day if it is shorter)."""
    moment = timezone.localtime(now)
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
