"""Shared arithmetic of the retention jobs: how far back "N months ago" is."""

from datetime import datetime

from django.utils import timezone

from stressprogram.dates import add_months


def months_ago(months: int, *, now: datetime | None = None) -> datetime:
    """The same Copenhagen moment `months` earlier (the month's last day if it is shorter)."""
    return add_months(timezone.localtime(now), -months)
