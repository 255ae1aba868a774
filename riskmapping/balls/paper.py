"""Bilag 5 on paper: the workplace keeps the physical glass displays and mailbox. Each
day's red and green balls are counted and typed in; after the last day the notes from the
mailbox are transcribed one after another. A paper mailbox holds no dates, so the notes
become balls without a day, and nothing about who typed them is kept with them."""

from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from riskmapping.balls.services import clean_ball
from riskmapping.models import Ball, BallRound, PaperCount
from workplaces.models import User
from workplaces.services import record_changes

# The counts can be typed in while the round runs and until the notes are sorted.
COUNTING = (BallRound.Status.RUNNING, BallRound.Status.SORTING)
MAX_COUNT = 10_000


def _paper(ball_round: BallRound) -> None:
    if ball_round.mode != BallRound.Mode.PAPER:
        raise ValidationError(_("Runden kører digitalt; tallene tælles af sig selv."))


def countable_days(ball_round: BallRound, today: date | None = None) -> list[date]:
    """The drop days whose counts may be typed in today: those that have begun."""
    today = today or timezone.localdate()
    return [d for d in ball_round.drop_days if d <= today]


class PaperChange(NamedTuple):
    """One day whose typed counts differ from what is saved (`before` is None if unsaved)."""

    day: date
    before: tuple[int, int] | None
    after: tuple[int, int]

    @property
    def corrects_saved(self) -> bool:
        return self.before is not None


def paper_changes(
    ball_round: BallRound, counts: dict[date, tuple[int | None, int | None]]
) -> list[PaperChange]:
    """What saving the typed counts would change, day by day. A field left empty keeps what
    is saved (0 for a day never saved): clearing a field by mistake never loses a count."""
    saved = {c.day: (c.red, c.green) for c in PaperCount.objects.filter(round=ball_round)}
    changes = []
    for day, typed in sorted(counts.items()):
        before = saved.get(day)
        if typed == (None, None):
            continue
        kept = before or (0, 0)
        after = (
            kept[0] if typed[0] is None else typed[0],
            kept[1] if typed[1] is None else typed[1],
        )
        if after != before:
            changes.append(PaperChange(day, before, after))
    return changes


def changes_key(changes: list[PaperChange]) -> str:
    """The corrections as shown, so a confirmation counts only for exactly those."""

    def pair(counts: tuple[int, int] | None) -> str:
        return "-" if counts is None else f"{counts[0]}.{counts[1]}"

    return "_".join(f"{c.day.isoformat()}.{pair(c.before)}.{pair(c.after)}" for c in changes)


class CorrectionsToConfirm(Exception):  # noqa: N818 -- a question, not an error
    """The typed counts would replace saved ones: shown to the manager before they are."""

    def __init__(self, corrections: list[PaperChange]) -> None:
        super().__init__("Saved counts would change")
        self.corrections = corrections
        self.key = changes_key(corrections)


def save_paper_counts(
    ball_round: BallRound,
    *,
    by: User,
    counts: dict[date, tuple[int | None, int | None]],
    confirm: str = "",
    today: date | None = None,
) -> list[PaperChange]:
    """Store the red and green counts of the given days (all or nothing; None leaves that
    count as it is) and keep each change in the round's history; returns the changes. A
    saved count is replaced only when `confirm` is the `changes_key` of exactly those
    corrections, as shown to the manager; else CorrectionsToConfirm."""
    _paper(ball_round)
    if ball_round.status not in COUNTING:
        raise ValidationError(_("Tallene kan kun tastes ind, mens runden er i gang."))
    allowed = set(countable_days(ball_round, today))
    for day, pair in counts.items():
        if day not in allowed:
            raise ValidationError(
                _("%(date)s er ikke en af rundens dage, der er begyndt.")
                % {"date": formats.date_format(day, "DATE_FORMAT")}
            )
        for value in pair:
            if value is not None and (not isinstance(value, int) or not 0 <= value <= MAX_COUNT):
                raise ValidationError(
                    _("Antallet skal være et helt tal fra 0 til %(max)s.") % {"max": MAX_COUNT}
                )
    changes = paper_changes(ball_round, counts)
    corrections = [c for c in changes if c.corrects_saved]
    if corrections and confirm != changes_key(corrections):
        raise CorrectionsToConfirm(corrections)
    history = []
    for change in changes:
        before = change.before or (0, 0)
        label = formats.date_format(change.day, "DATE_FORMAT")
        history += [
            (_("Røde bolde %(date)s") % {"date": label}, str(before[0]), str(change.after[0])),
            (_("Grønne bolde %(date)s") % {"date": label}, str(before[1]), str(change.after[1])),
        ]
    with transaction.atomic():
        # One statement for all the days, new or changed.
        PaperCount.objects.bulk_create(
            [
                PaperCount(round=ball_round, day=c.day, red=c.after[0], green=c.after[1])
                for c in changes
            ],
            update_conflicts=True,
            unique_fields=["round", "day"],
            update_fields=["red", "green"],
        )
        record_changes(ball_round, workplace=ball_round.workplace, by=by, changes=history)
    return changes


def may_transcribe(ball_round: BallRound, today: date | None = None) -> bool:
    """Notes are transcribed after the last day, before the sorting is done."""
    today = today or timezone.localdate()
    return (
        ball_round.mode == BallRound.Mode.PAPER
        and ball_round.status in COUNTING
        and today > ball_round.last_day
    )


def normalised(note: str) -> str:
    """A note as compared for duplicates: case and white space do not count."""
    return " ".join(note.split()).casefold()


def is_possible_duplicate(ball_round: BallRound, note: str) -> bool:
    """Has a note with the same words been typed in for this round before?"""
    wanted = normalised(note)
    return any(
        normalised(text) == wanted
        for text in Ball.objects.filter(round=ball_round).values_list("note", flat=True)
    )


class PossibleDuplicateError(ValidationError):
    """The note reads like one typed in before; save it only when confirmed."""


def transcribe_note(
    ball_round: BallRound,
    *,
    colour: str,
    note: str,
    confirmed: bool = False,
    today: date | None = None,
) -> Ball:
    """Type in one note from the paper mailbox; it becomes a ball without a day."""
    _paper(ball_round)
    if not may_transcribe(ball_round, today):
        raise ValidationError(
            _("Sedlerne tastes ind efter den sidste dag (%(date)s) og før sorteringen er færdig.")
            % {"date": formats.date_format(ball_round.last_day, "DATE_FORMAT")}
        )
    colour, note = clean_ball(colour, note)
    if not confirmed and is_possible_duplicate(ball_round, note):
        raise PossibleDuplicateError(
            _("Mulig dublet: en seddel med samme tekst er allerede tastet ind. Er det en anden?")
        )
    return Ball.objects.create(round=ball_round, day=None, colour=colour, note=note)


def transcribed(ball_round: BallRound) -> dict[str, int]:
    """How many red and green notes are typed in so far."""
    rows = Ball.objects.filter(round=ball_round).values("colour").annotate(n=Count("pk"))
    found = {row["colour"]: row["n"] for row in rows.order_by()}
    return {"red": found.get(Ball.Colour.RED, 0), "green": found.get(Ball.Colour.GREEN, 0)}
