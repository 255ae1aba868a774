"""The one threshold for every figure about people (ball counts, shares, notes, key
conversations), on pages, in CSV and in PDF alike: nothing below MIN_PARTICIPANTS."""

from django.utils.translation import gettext_lazy as _

MIN_PARTICIPANTS = 5
TOO_FEW = _("for få deltagere")


def shown_count(n: int, participants: int) -> int | None:
    """`n` when at least MIN_PARTICIPANTS people are behind it, else None (hidden)."""
    return n if participants >= MIN_PARTICIPANTS else None
