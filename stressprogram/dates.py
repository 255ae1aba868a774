"""Month arithmetic, in one place: review dates, retention periods, "N months ago"."""

from datetime import date, datetime
from typing import TypeVar

from django.utils import timezone

from dateutil.relativedelta import relativedelta

Moment = TypeVar("Moment", date, datetime)


def add_months(moment: Moment, months: int) -> Moment:
    """The same day `months` later (earlier if negative), or that month's last day if it is
    shorter (31 March minus a month is 28 or 29 February). A datetime keeps its time and zone."""
    return moment + relativedelta(months=months)


def months_ago(months: int, *, now: datetime | None = None) -> datetime:
    """The same Copenhagen moment `months` earlier (the month's last day if it is shorter):
    where the retention jobs' periods begin."""
    return add_months(timezone.localtime(now), -months)
