"""Bilag 5: planning and running a round of the ball method, and dropping balls."""

import random
from collections.abc import Iterable
from datetime import date, datetime
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from riskmapping.models import (
    Ball,
    BallRound,
    DropRecord,
    DropToken,
    MailboxBall,
    PaperCount,
    new_token,
)
from workplaces.models import User, Workplace
from workplaces.services import active_members, record_changes

NOTE_MAX = 1000
SELECTOR = 12
UNFINISHED = (
    BallRound.Status.PLANNED,
    BallRound.Status.RUNNING,
    BallRound.Status.SORTING,
    BallRound.Status.MEETING,
)


class DayCount(TypedDict):
    day: date
    number: int
    red: int
    green: int


def _when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def current_round(workplace: Workplace) -> BallRound | None:
    """The workplace's unfinished round, else its latest finished one."""
    finished_last = Case(When(status=BallRound.Status.DONE, then=1), default=0)
    return (
        BallRound.objects.filter(workplace=workplace)
        .order_by(finished_last, "-first_day", "-pk")
        .first()
    )


def plan_round(
    workplace: Workplace,
    *,
    by: User,
    first_day: date,
    weekends_count: bool,
    intro_at: datetime | None = None,
    sorting_meeting_at: datetime | None = None,
    staff_meeting_at: datetime | None = None,
    participants: Iterable[User] | None = None,
) -> BallRound:
    """Make the process plan of a new round; participants default to the active members."""
    if BallRound.objects.filter(workplace=workplace, status__in=UNFINISHED).exists():
        raise ValidationError(_("Arbejdspladsen har allerede en boldrunde, der ikke er afsluttet."))
    ball_round = BallRound(
        workplace=workplace,
        first_day=first_day,
        weekends_count=weekends_count,
        intro_at=intro_at,
        sorting_meeting_at=sorting_meeting_at,
        staff_meeting_at=staff_meeting_at,
        created_by=by,
    )
    last_day = ball_round.last_day
    if intro_at is not None and timezone.localdate(intro_at) > first_day:
        raise ValidationError(_("Introduktionen skal ligge før den første dag med bolde."))
    for moment in (sorting_meeting_at, staff_meeting_at):
        if moment is not None and timezone.localdate(moment) <= last_day:
            raise ValidationError(
                _("Møderne skal ligge efter den sidste dag med bolde (%(date)s).")
                % {"date": _when(last_day)}
            )
    if (
        sorting_meeting_at is not None
        and staff_meeting_at is not None
        and staff_meeting_at <= sorting_meeting_at
    ):
        raise ValidationError(_("Personalemødet skal ligge efter sorteringen."))
    if participants is None:
        participants = active_members(workplace)
    with transaction.atomic():
        ball_round.save()
        ball_round.participants.set(participants)
        record_changes(
            ball_round,
            workplace=workplace,
            by=by,
            changes=[(_("Boldrunde planlagt"), "", _when(first_day))],
        )
    return ball_round


def start_round(ball_round: BallRound, *, by: User) -> BallRound:
    """Planned → running; gives every participant a personal drop link."""
    if ball_round.status != BallRound.Status.PLANNED:
        raise ValidationError(_("Kun en planlagt boldrunde kan sættes i gang."))
    running = BallRound.objects.filter(
        workplace_id=ball_round.workplace_id, status=BallRound.Status.RUNNING
    )
    if running.exclude(pk=ball_round.pk).exists():
        raise ValidationError(_("Arbejdspladsen har allerede en boldrunde i gang."))
    try:
        with transaction.atomic():
            ball_round.status = BallRound.Status.RUNNING
            ball_round.save(update_fields=["status"])
            for participant in ball_round.participants.all():
                token_for(ball_round, participant)
            record_changes(
                ball_round,
                workplace=ball_round.workplace,
                by=by,
                changes=[
                    (
                        _("Status"),
                        BallRound.Status.PLANNED.label,
                        BallRound.Status.RUNNING.label,
                    )
                ],
            )
    except IntegrityError:
        ball_round.status = BallRound.Status.PLANNED
        raise ValidationError(_("Arbejdspladsen har allerede en boldrunde i gang.")) from None
    return ball_round


def token_for(ball_round: BallRound, participant: User) -> DropToken:
    """The participant's personal drop link for the round, made on first use."""
    existing = DropToken.objects.filter(round=ball_round, participant=participant).first()
    if existing is not None:
        return existing
    token = new_token()
    try:
        with transaction.atomic():
            return DropToken.objects.create(
                round=ball_round, participant=participant, token=token, selector=token[:SELECTOR]
            )
    except IntegrityError:
        return DropToken.objects.get(round=ball_round, participant=participant)


def has_dropped(ball_round: BallRound, *, participant: User, day: date) -> bool:
    return DropRecord.objects.filter(round=ball_round, participant=participant, day=day).exists()


def drop_ball(
    ball_round: BallRound,
    *,
    participant: User,
    colour: str,
    note: str,
    today: date | None = None,
) -> None:
    """Drop today's one ball with its note. The record that the participant has dropped and
    the ball share no key; the ball waits in the mailbox until the day is over (see
    `empty_mailbox`), so no one can tell whose ball is whose."""
    today = today or timezone.localdate()
    if not ball_round.is_open_on(today):
        raise ValidationError(_("Der kan ikke smides bolde i denne runde i dag."))
    if not ball_round.participants.filter(pk=participant.pk).exists():
        raise ValidationError(_("Du deltager ikke i denne boldrunde."))
    colour, note = clean_ball(colour, note)
    try:
        with transaction.atomic():
            DropRecord.objects.create(round=ball_round, participant=participant, day=today)
            MailboxBall.objects.create(round=ball_round, day=today, colour=colour, note=note)
    except IntegrityError:
        raise ValidationError(_("Du har allerede smidt en bold i dag.")) from None


def clean_ball(colour: str, note: str) -> tuple[str, str]:
    """A ball's colour and note as stored, or the Danish reason they cannot be."""
    note = (note or "").strip()
    if colour not in Ball.Colour.values:
        raise ValidationError(_("Vælg en rød eller en grøn bold."))
    if not note:
        raise ValidationError(_("Skriv på sedlen, hvorfor dagen var sådan."))
    if len(note) > NOTE_MAX:
        raise ValidationError(_("Sedlen må højst have %(n)s tegn.") % {"n": NOTE_MAX})
    if "\x00" in note:
        raise ValidationError(_("Sedlen indeholder tegn, der ikke kan gemmes."))
    return colour, note


def empty_mailbox(*, before: date | None = None) -> int:
    """Move the balls of every day before `before` (default: today) from the mailbox to
    the ball table: each day's balls shuffled and written together in one transaction,
    so row order and transaction ids are the same for all of them. Returns how many."""
    before = before or timezone.localdate()
    moved = 0
    days = (
        MailboxBall.objects.filter(day__lt=before)
        .values_list("round_id", "day")
        .distinct()
        .order_by("round_id", "day")
    )
    for round_id, day in list(days):
        with transaction.atomic():
            posted = list(
                MailboxBall.objects.select_for_update().filter(round_id=round_id, day=day)
            )
            random.SystemRandom().shuffle(posted)
            Ball.objects.bulk_create(
                Ball(round_id=round_id, day=day, colour=p.colour, note=p.note) for p in posted
            )
            MailboxBall.objects.filter(pk__in=[p.pk for p in posted]).delete()
        moved += len(posted)
    if moved and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Deleted mailbox rows linger on disk until vacuumed; do it now, not some day.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {MailboxBall._meta.db_table}")  # noqa: SLF001
    return moved


def counts(ball_round: BallRound) -> list[DayCount]:
    """The glass displays: red and green balls on each of the round's drop days, from the
    balls and the mailbox, or from the counts typed in for a round on paper."""
    found: dict[tuple[date, str], int] = {}
    if ball_round.mode == BallRound.Mode.PAPER:
        for row in PaperCount.objects.filter(round=ball_round):
            found[(row.day, Ball.Colour.RED)] = row.red
            found[(row.day, Ball.Colour.GREEN)] = row.green
    else:
        for model in (Ball, MailboxBall):
            for row in (
                model.objects.filter(round=ball_round)
                .values("day", "colour")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                key = (row["day"], row["colour"])
                found[key] = found.get(key, 0) + row["n"]
    return [
        {
            "day": day,
            "number": number,
            "red": found.get((day, Ball.Colour.RED), 0),
            "green": found.get((day, Ball.Colour.GREEN), 0),
        }
        for number, day in enumerate(ball_round.drop_days, start=1)
    ]


def totals(rows: list[DayCount]) -> dict[str, int]:
    return {"red": sum(r["red"] for r in rows), "green": sum(r["green"] for r in rows)}
