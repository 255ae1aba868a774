"""Month arithmetic (stressprogram.dates): review dates and every retention period use it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from stressprogram.dates import add_months, months_ago

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_add_months_keeps_the_day_or_takes_the_last():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_add_months_keeps_the_time_and_zone_of_a_moment():
    summer = datetime(2026, 8, 31, 14, 30, tzinfo=COPENHAGEN)
    assert add_months(summer, -6) == datetime(2026, 2, 28, 14, 30, tzinfo=COPENHAGEN)


def test_months_ago_is_the_same_copenhagen_moment_earlier():
    now = datetime(2026, 3, 31, 0, 30, tzinfo=ZoneInfo("UTC"))  # 02.30 in Copenhagen
    assert months_ago(1, now=now) == datetime(2026, 2, 28, 2, 30, tzinfo=COPENHAGEN)
