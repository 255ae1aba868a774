"""Bilag 5: planning and running a round of the ball method, and dropping balls."""

import random
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import date, datetime
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from iglo.models import IgloAction, IgloPlan
from riskmapping import content
from riskmapping.balls import materials
from riskmapping.cancellation import mark_cancelled, send_cancellation
from riskmapping.models import (
    SELECTOR,
    Ball,
    BallRound,
    Category,
    DropRecord,
    DropToken,
    MailboxBall,
    PaperCount,
    Participation,
    open_since,
    random_id,
    verifier_of,
)
from stressprogram.anonymity import MIN_PARTICIPANTS, shown_count
from workplaces import figures
from workplaces.access import opens_drop_link, takes_part_in
from workplaces.models import Membership, User, Workplace
from workplaces.services import active_members, record_changes

NOTE_MAX = 1000
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


def round_day_text(ball_round: BallRound, today: date) -> str:
    """Where a running round stands today, in words: before its first day, which day of
    14, or that its days are over (a round runs until the manager starts the sorting)."""
    if today < ball_round.first_day:
        return _("Runden begynder %(date)s.") % {
            "date": formats.date_format(ball_round.first_day, "DATE_FORMAT")
        }
    if today > ball_round.last_day:
        return _("Rundens 14 dage sluttede %(date)s. Der smides ikke flere bolde.") % {
            "date": formats.date_format(ball_round.last_day, "DATE_FORMAT")
        }
    text = _("Dag %(n)s af 14.") % {"n": ball_round.day_number(today)}
    if not ball_round.is_open_on(today):
        text += " " + _("Der smides ikke bolde i dag.")
    return text


def current_round(workplace: Workplace, *, figures: bool = False) -> BallRound | None:
    """The workplace's unfinished round, else its latest finished one; with `figures`,
    its `round_totals` come in the same query."""
    over = (BallRound.Status.DONE, BallRound.Status.CANCELLED)
    finished_last = Case(When(status__in=over, then=1), default=0)
    rounds = BallRound.objects.filter(workplace=workplace)
    if figures:
        rounds = with_totals(rounds)
    return rounds.order_by(finished_last, "-first_day", "-pk").first()


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
    mode: str = BallRound.Mode.DIGITAL,
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
        mode=mode,
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
    """Planned → running; gives every participant a personal drop link (digital rounds;
    on paper the balls go in the break room's glass displays)."""
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
            if ball_round.mode == BallRound.Mode.DIGITAL:
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
    drop_token = DropToken.new(round=ball_round, participant=participant)
    try:
        with transaction.atomic():
            drop_token.save(force_insert=True)
            return drop_token
    except IntegrityError:
        return DropToken.objects.get(round=ball_round, participant=participant)


def renew_drop_link(ball_round: BallRound, *, participant: User) -> DropToken:
    """A new personal drop link for the round in place of the old, which stops working
    (and with it the old codes for the kiosk)."""
    with transaction.atomic():
        DropToken.objects.filter(round=ball_round, participant=participant).delete()
        return token_for(ball_round, participant)


def has_dropped(ball_round: BallRound, *, participant: User, day: date) -> bool:
    return DropRecord.objects.filter(round=ball_round, participant=participant, day=day).exists()


def drop_link(token: str, *, today: date, dropped: bool = True) -> DropToken | None:
    """The drop link whose secret `token` is, with its round, workplace and person, and
    from the same query `takes_part` (access.takes_part_in) and, unless `dropped` is
    False, `dropped_today` (else None); None if no link. The link's first characters find
    the row, the whole secret is then compared in constant time. Only what the drop pages
    use is loaded (any other field would be read when asked for, with a query of its own)."""
    with connection.cursor() as cursor:
        sql = DROP_LINK_SQL if dropped else DROP_LINK_SQL_WITHOUT_DROPPED
        cursor.execute(sql, {"selector": token[:SELECTOR], "today": today})
        rows = cursor.fetchall()
    for row in rows:
        columns = iter(row)
        loaded = {
            model: model.from_db(connection.alias, fields, [next(columns) for _ in fields])
            for model, fields in DROP_LINK_FIELDS.items()
        }
        drop_token = loaded[DropToken]
        if opens_drop_link(drop_token, token):
            drop_token.round, drop_token.participant = loaded[BallRound], loaded[User]
            drop_token.round.workplace = loaded[Workplace]
            # SQLite answers a boolean expression with 0 or 1.
            drop_token.takes_part = bool(next(columns))
            dropped_today = next(columns, None)
            drop_token.dropped_today = None if dropped_today is None else bool(dropped_today)
            return drop_token
    return None


# The drop link's one query, written out: the ORM spent some 2 ms of CPU building and
# compiling it on every request, several times what the database takes to run it, and
# every participant opens a drop link every day (issue 21). Its `takes_part` is
# access.takes_part_in (an active user, among the round's participants, with a membership
# of the round's workplace in force today): tests/riskmapping/test_drop_links.py holds
# the two to the same answers.
DROP_LINK_FIELDS = {
    DropToken: ["id", "round_id", "participant_id", "selector", "token"],
    BallRound: ["id", "workplace_id", "status", "first_day", "weekends_count", "mode"],
    Workplace: ["id", "name", "slug"],
    User: ["id", "is_active"],
}


def _table(model: type) -> str:
    return model._meta.db_table  # noqa: SLF001


# Whether the link's person (u) takes part in its round (r) today.
TAKES_PART_SQL = f"""u.is_active
       AND EXISTS (SELECT 1 FROM {_table(BallRound.participants.through)} p
                   WHERE p.ballround_id = t.round_id AND p.user_id = t.participant_id)
       AND EXISTS (SELECT 1 FROM {_table(Membership)} m
                   WHERE m.user_id = t.participant_id AND m.workplace_id = r.workplace_id
                     AND (m.starts_on IS NULL OR m.starts_on <= %(today)s)
                     AND (m.ends_on IS NULL OR m.ends_on >= %(today)s))"""  # noqa: S608
DROP_LINK_SQL = f"""
SELECT t.id, t.round_id, t.participant_id, t.selector, t.token,
       r.id, r.workplace_id, r.status, r.first_day, r.weekends_count, r.mode,
       w.id, w.name, w.slug,
       u.id, u.is_active,
       {TAKES_PART_SQL}
       {{dropped}}
FROM {_table(DropToken)} t
JOIN {_table(BallRound)} r ON r.id = t.round_id
JOIN {_table(Workplace)} w ON w.id = r.workplace_id
JOIN {_table(User)} u ON u.id = t.participant_id
WHERE t.selector = %(selector)s
"""  # noqa: S608 (table names from the models, values as parameters)
# Sending a ball needs no "dropped today?": the record's unique key answers it. Leaving the
# probe out also spares the send a scan of the day's records where the database planned
# it before they grew (a prepared plan is kept until the table's statistics change).
DROP_LINK_SQL_WITHOUT_DROPPED = DROP_LINK_SQL.format(dropped="")
DROP_LINK_SQL = DROP_LINK_SQL.format(
    dropped=f""", EXISTS (SELECT 1 FROM {_table(DropRecord)} d
               WHERE d.round_id = t.round_id AND d.participant_id = t.participant_id
                 AND d.day = %(today)s)"""  # noqa: S608
)


def send_ball(token: str, *, colour: str, note: str, today: date) -> bool:
    """Drop today's ball through the personal link whose secret `token` is, if all is well:
    the link is right, its round open today in digital form, its person takes part and has
    not dropped today. One statement checks all of that and writes the record, where
    `drop_link` and `drop_ball` take a query and two model instances more (issue 21).
    False, with nothing written, when anything is not so: `drop_ball` then tells which."""
    try:
        colour, note = clean_ball(colour, note)
    except ValidationError:
        return False
    since_all_days, since_weekdays = open_since(today)
    params = {
        "record_id": random_id(),
        "selector": token[:SELECTOR],
        "verifier": verifier_of(token),
        "running": BallRound.Status.RUNNING,
        "digital": BallRound.Mode.DIGITAL,
        "today": today,
        "since_all_days": since_all_days,
        "since_weekdays": since_weekdays,
    }
    with connection.cursor() as cursor:
        cursor.execute(SEND_SQL, params)
        row = cursor.fetchone()
    if row is None:
        return False
    # The ball in a transaction of its own, as in drop_ball.
    _write_ball(round_id=row[0], participant_id=row[1], today=today, colour=colour, note=note)
    return True


def drop_ball(
    ball_round: BallRound,
    *,
    participant: User,
    colour: str,
    note: str,
    today: date | None = None,
    takes_part: bool | None = None,
) -> None:
    """Drop today's one ball with its note. The record that the participant has dropped and
    the ball share no key; the ball waits in the mailbox until the day is over (see
    `empty_mailbox`), so no one can tell whose ball is whose. `takes_part`: whether the
    participant takes part, if the caller read it in this request (`drop_link`)."""
    today = today or timezone.localdate()
    if not ball_round.is_open_on(today) or ball_round.mode != BallRound.Mode.DIGITAL:
        raise ValidationError(_("Der kan ikke smides bolde i denne runde i dag."))
    if takes_part is None:
        takes_part = takes_part_in(participant, ball_round)
    if not takes_part:
        raise ValidationError(_("Du deltager ikke i denne boldrunde."))
    colour, note = clean_ball(colour, note)
    # Two transactions, so the record and the ball never share a transaction id; the
    # record first, as its unique key is what keeps it to one ball a day.
    try:
        _by_itself(RECORD_INSERT, [random_id(), ball_round.pk, participant.pk, today])
    except IntegrityError:
        raise ValidationError(_("Du har allerede smidt en bold i dag.")) from None
    _write_ball(
        round_id=ball_round.pk, participant_id=participant.pk, today=today, colour=colour, note=note
    )


def _write_ball(*, round_id: int, participant_id: int, today: date, colour: str, note: str) -> None:
    """The ball, after its record was written by itself."""
    try:
        _by_itself(BALL_INSERT, [random_id(), round_id, today, colour, note])
    except DatabaseError:
        # No ball, so no record: the participant may try again.
        DropRecord.objects.filter(
            round_id=round_id, participant_id=participant_id, day=today
        ).delete()
        raise


def _by_itself(sql: str, params: list) -> None:
    """One write as a transaction of its own. In autocommit a single INSERT is one already:
    one round trip, where BEGIN, INSERT, COMMIT took three. Inside a caller's transaction
    (a test's, say) a savepoint, so a refused row leaves that transaction usable."""
    alone = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with alone, connection.cursor() as cursor:
        cursor.execute(sql, params)


# A drop's two writes, written out as its link's query is: building the ORM's INSERT cost
# more CPU than the database takes to run it, on the app's busiest write (issue 21).
# tests/riskmapping/test_drop_links.py reads both rows back through the models.
RECORD_INSERT = f"""INSERT INTO {_table(DropRecord)} (record_id, round_id, participant_id, day)
VALUES (%s, %s, %s, %s)"""  # noqa: S608 (table names from the models, values as parameters)
BALL_INSERT = f"""INSERT INTO {_table(MailboxBall)} (id, round_id, day, colour, note)
VALUES (%s, %s, %s, %s, %s)"""  # noqa: S608
# send_ball's record: written only for a right link (selector, then the secret's hash) of a
# round open today (models.open_since) whose person takes part, and not dropped today yet
# (the unique key). tests/riskmapping/test_drop_links.py holds it to drop_ball's answers.
SEND_SQL = f"""INSERT INTO {_table(DropRecord)} (record_id, round_id, participant_id, day)
SELECT %(record_id)s, t.round_id, t.participant_id, %(today)s
FROM {_table(DropToken)} t
JOIN {_table(BallRound)} r ON r.id = t.round_id
JOIN {_table(User)} u ON u.id = t.participant_id
WHERE t.selector = %(selector)s AND t.verifier = %(verifier)s
  AND r.status = %(running)s AND r.mode = %(digital)s AND r.first_day <= %(today)s
  AND r.first_day >= CASE WHEN r.weekends_count THEN %(since_all_days)s
                          ELSE %(since_weekdays)s END
  AND {TAKES_PART_SQL}
ON CONFLICT DO NOTHING
RETURNING round_id, participant_id"""  # noqa: S608


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
    """The end of every drop day before `before` (default: today), hourly: its balls move
    from the mailbox to the ball table, shuffled; who dropped on it is kept only as who
    took part in the round (`Participation`). All in one transaction, which then rewrites
    the mailbox, the drop records and the participations from scratch (TRUNCATE: new files,
    no deleted rows left on disk) with today's rows only, shuffled and under new random
    ids. So once the day is over no row, id, row order, transaction id or page byte can
    pair a ball with a person. Returns how many balls moved."""
    before = before or timezone.localdate()
    over = Q(day__lt=before)
    if not (MailboxBall.objects.filter(over).exists() or DropRecord.objects.filter(over).exists()):
        return 0
    shuffle = random.SystemRandom().shuffle
    with transaction.atomic():
        _lock(DAY_TABLES)
        posted = list(MailboxBall.objects.all())
        records = list(DropRecord.objects.all())
        took_part = set(Participation.objects.values_list("round_id", "participant_id"))
        took_part.update((r.round_id, r.participant_id) for r in records if r.day < before)
        moved = [b for b in posted if b.day < before]
        shuffle(moved)
        Ball.objects.bulk_create(
            Ball(round_id=b.round_id, day=b.day, colour=b.colour, note=b.note) for b in moved
        )
        waiting = [
            MailboxBall(round_id=b.round_id, day=b.day, colour=b.colour, note=b.note)
            for b in posted
            if b.day >= before
        ]
        today = [
            DropRecord(round_id=r.round_id, participant_id=r.participant_id, day=r.day)
            for r in records
            if r.day >= before
        ]
        shuffle(waiting)
        shuffle(today)
        empty_tables(DAY_TABLES)
        MailboxBall.objects.bulk_create(waiting)
        DropRecord.objects.bulk_create(today)
        Participation.objects.bulk_create(
            Participation(round_id=round_id, participant_id=participant_id)
            for round_id, participant_id in sorted(took_part)
        )
        # A closed day changes a round's counts, which HR's dashboard keeps.
        closed = {b.round_id for b in moved} | {r.round_id for r in records if r.day < before}
        figures.changed(
            *BallRound.objects.filter(pk__in=closed).values_list("workplace_id", flat=True)
        )
    return len(moved)


# The tables that hold a drop day's traces, rewritten together at the day's end.
DAY_TABLES = (MailboxBall, DropRecord, Participation)


def _lock(models: tuple) -> None:
    """Keep drops out while the day tables are read and rewritten (a few milliseconds);
    SQLite's write transaction holds its whole database already."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)  # noqa: SLF001
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE")


def empty_tables(models: tuple) -> None:
    """Remove every row; on PostgreSQL by TRUNCATE, which gives the tables new files, so
    no deleted row is left on a page (`VACUUM` would leave them until it ran, and then
    only mark the space free)."""
    if connection.vendor != "postgresql":
        for model in models:
            model.objects.all().delete()
        return
    # TRUNCATE refuses tables with foreign-key checks still pending in this transaction.
    connection.check_constraints()
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)  # noqa: SLF001
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables}")


def counts(ball_round: BallRound) -> list[DayCount]:
    """The glass displays: red and green balls on each of the round's drop days, from the
    balls and the mailbox, or from the counts typed in for a round on paper."""
    found: dict[tuple[date, str], int] = {}
    if ball_round.mode == BallRound.Mode.PAPER:
        for row in PaperCount.objects.filter(round=ball_round):
            found[(row.day, Ball.Colour.RED)] = row.red
            found[(row.day, Ball.Colour.GREEN)] = row.green
    else:
        balls, mailbox = (
            model.objects.filter(round=ball_round)
            .values("day", "colour")
            .annotate(n=Count("pk"))
            .order_by()
            for model in (Ball, MailboxBall)
        )
        for row in balls.union(mailbox, all=True):  # one query for both
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


class DaySpan(DayCount):
    """One figure of the glass displays: one drop day, or neighbouring days merged."""

    last_day: date
    last_number: int


class Glass(TypedDict):
    shown: bool  # False: fewer than MIN_PARTICIPANTS took part, no figure at all
    rows: list[DaySpan]
    totals: dict[str, int] | None
    waiting: bool  # balls of finished days held back until enough are behind them
    merged: bool  # some figure covers more than one day


def glass(rows: list[DayCount], *, people: int, today: date, complete: bool = False) -> Glass:
    """What may be shown of a round's counts: every figure only where at least
    MIN_PARTICIPANTS people are behind it. Below that many participants nothing is shown.
    Only finished days count (today's balls are in no figure until the day is over, so no
    figure changes with one drop). A day has one ball per dropper; days with fewer
    droppers are merged forward into the next day with enough, so a span, once shown,
    never changes. Days left over at the end are held back, and once the round is
    `complete` merged into the last span (all days in one, if no day had enough)."""
    if people < MIN_PARTICIPANTS:
        return {"shown": False, "rows": [], "totals": None, "waiting": False, "merged": False}
    spans: list[DaySpan] = []
    pending: list[DayCount] = []
    for row in rows:
        if row["day"] >= today and not complete:
            break
        pending.append(row)
        # One ball per person a day: the biggest day is how many people a span surely holds.
        if row["red"] + row["green"] >= MIN_PARTICIPANTS:
            spans.append(_span(pending))
            pending = []
    if pending and complete:  # the round's participants are behind a span of all its days
        spans[-1:] = [_span([*spans[-1:], *pending])]
        pending = []
    return {
        "shown": True,
        "rows": spans,
        "totals": totals(spans) if spans else None,
        "waiting": bool(pending),
        "merged": any(span["last_day"] != span["day"] for span in spans),
    }


def round_glass(ball_round: BallRound, *, today: date, rows: list[DayCount] | None = None) -> Glass:
    """`glass` of a round as it stands on `today` (given its `counts` as `rows`, one query
    less; from `with_totals`, one more)."""
    rows = counts(ball_round) if rows is None else rows
    people = round_totals([ball_round])[ball_round.pk]["participants"]
    return glass(rows, people=people, today=today, complete=today > ball_round.last_day)


def too_few_took_part(ball_round: BallRound) -> bool:
    """Fewer than MIN_PARTICIPANTS took part: no figure and no note of the round is shown,
    to anyone (`glass`); the dialogue method (Bilag 6) is the way for so few."""
    return round_totals([ball_round])[ball_round.pk]["participants"] < MIN_PARTICIPANTS


def _span(rows: list) -> DaySpan:
    first, last = rows[0], rows[-1]
    return {
        "day": first["day"],
        "number": first["number"],
        "last_day": last.get("last_day", last["day"]),
        "last_number": last.get("last_number", last["number"]),
        **totals(rows),
    }


class RoundTotals(TypedDict):
    red: int
    green: int
    participants: int  # people who dropped at least one ball (paper: the participants)


def _aggregate(queryset: QuerySet, aggregate: Aggregate) -> Coalesce:
    """An aggregate over a correlated queryset as a subquery, 0 when it has no rows."""
    value = queryset.order_by().values(_all=Value(1)).annotate(value=aggregate).values("value")
    return Coalesce(Subquery(value, output_field=IntegerField()), 0)


def with_totals(rounds: QuerySet[BallRound]) -> QuerySet[BallRound]:
    """The rounds annotated with their `RoundTotals` as `total_red`, `total_green` and
    `total_participants`, in the same query however many rounds and of which form."""
    this = OuterRef("pk")
    on_paper = Q(mode=BallRound.Mode.PAPER)

    def balls(colour: str) -> CombinedExpression:
        return _aggregate(Ball.objects.filter(round=this, colour=colour), Count("pk")) + _aggregate(
            MailboxBall.objects.filter(round=this, colour=colour), Count("pk")
        )

    paper = PaperCount.objects.filter(round=this)
    listed = BallRound.participants.through.objects.filter(ballround=this)
    took_part = Participation.objects.filter(round=this)
    # Who dropped on a day not yet over and had not taken part before.
    new_today = DropRecord.objects.filter(round=this).exclude(
        Exists(
            Participation.objects.filter(
                round=OuterRef("round"), participant=OuterRef("participant")
            )
        )
    )
    return rounds.annotate(
        total_red=Case(When(on_paper, then=_aggregate(paper, Sum("red"))), default=balls("red")),
        total_green=Case(
            When(on_paper, then=_aggregate(paper, Sum("green"))), default=balls("green")
        ),
        # Paper: the participants listed. Digital: who dropped at least one ball, and those
        # of them since removed (`former_participants`), so removing a person changes nothing.
        total_participants=Case(
            When(on_paper, then=_aggregate(listed, Count("pk"))),
            default=F("former_participants")
            + _aggregate(took_part, Count("pk"))
            + _aggregate(new_today, Count("participant", distinct=True)),
            output_field=IntegerField(),
        ),
    )


def totals_of(ball_round: BallRound) -> RoundTotals:
    """The figures of a round from `with_totals`."""
    return {
        "red": ball_round.total_red,
        "green": ball_round.total_green,
        "participants": ball_round.total_participants,
    }


def round_totals(rounds: Iterable[BallRound]) -> dict[int, RoundTotals]:
    """Red, green and the number of people who took part, for many rounds in one query
    (the comparison of rounds and HR's trends); none for rounds from `with_totals`. Before
    any figure about people is shown, `stressprogram.anonymity.shown_count` decides whether
    it may be."""
    rounds = list(rounds)
    bare = [r.pk for r in rounds if not hasattr(r, "total_red")]
    fetched = {r.pk: r for r in with_totals(BallRound.objects.filter(pk__in=bare))} if bare else {}
    return {r.pk: totals_of(fetched.get(r.pk, r)) for r in rounds}


# The round after its days: running → sorting → meeting → done.


def _advance(ball_round: BallRound, *, by: User, to: str, check=None) -> BallRound:
    """Move the round one status on, from the one before `to`, recording it; `check(locked)`
    may refuse with a ValidationError. The row is locked, so a double click moves it once."""
    order = list(BallRound.Status.values)
    before = order[order.index(to) - 1]
    with transaction.atomic():
        locked = BallRound.objects.select_for_update().get(pk=ball_round.pk)
        if locked.status != before:
            raise ValidationError(
                _("Runden kan kun gå videre til »%(to)s« fra »%(from)s«.")
                % {"to": BallRound.Status(to).label, "from": BallRound.Status(before).label}
            )
        if check is not None:
            check(locked)
        locked.status = to
        locked.save(update_fields=["status"])
        record_changes(
            locked,
            workplace=locked.workplace,
            by=by,
            changes=[(_("Status"), BallRound.Status(before).label, BallRound.Status(to).label)],
        )
    ball_round.status = to
    return ball_round


def begin_sorting(ball_round: BallRound, *, by: User, today: date | None = None) -> BallRound:
    """Running → sorting, once the last drop day is over: the mailbox is emptied first, so
    every ball is in the ball table when the notes are read."""
    today = today or timezone.localdate()
    if ball_round.status == BallRound.Status.RUNNING and today <= ball_round.last_day:
        raise ValidationError(
            _("Sedlerne kan først sorteres, når den sidste dag med bolde (%(date)s) er gået.")
            % {"date": _when(ball_round.last_day)}
        )
    empty_mailbox(before=today)
    return _advance(ball_round, by=by, to=BallRound.Status.SORTING)


def unsorted_count(ball_round: BallRound) -> int:
    """Notes neither under a heading nor set aside."""
    return ball_round.balls.filter(category__isnull=True, set_aside=False).count()


def begin_meeting(ball_round: BallRound, *, by: User) -> BallRound:
    """Sorting → the staff meeting: every note is under a heading or set aside, and there
    is at least one red heading to go to."""

    def check(locked: BallRound) -> None:
        left = unsorted_count(locked)
        if left:
            raise ValidationError(
                _("%(n)s sedler mangler en overskrift eller at blive lagt til side.") % {"n": left}
            )
        if not locked.categories.filter(colour=Ball.Colour.RED).exists():
            raise ValidationError(_("Lav mindst én rød overskrift før mødet."))

    return _advance(ball_round, by=by, to=BallRound.Status.MEETING, check=check)


def finish_round(ball_round: BallRound, *, by: User) -> BallRound:
    """The staff meeting → done."""
    return _advance(ball_round, by=by, to=BallRound.Status.DONE)


def cancel_round(ball_round: BallRound, *, by: User, reason: str) -> int:
    """Cancel a planned or running round: no more reminders or balls, and every participant
    is told, with the round's calendar file saying its days are cancelled; returns how many
    were told."""
    mark_cancelled(
        ball_round,
        by=by,
        reason=reason,
        refusal=_("Kun en planlagt boldrunde eller en runde i gang kan aflyses."),
    )
    people = [u for u in ball_round.participants.order_by("pk") if u.email and u.is_active]
    send_cancellation(
        people,
        what=_("Boldrunden"),
        when=_("%(first)s – %(last)s")
        % {"first": _when(ball_round.first_day), "last": _when(ball_round.last_day)},
        subject=ball_round,
        by=by,
        ics=("boldmetoden.ics", materials.round_calendar(ball_round)),
    )
    return len(people)


# The staff meeting's agenda: the seed's blocks, unless the manager has adjusted them.

AGENDA_MAX_ITEMS = 12
AGENDA_MAX_MINUTES = 120


def agenda_of(ball_round: BallRound) -> list[tuple[int, str]]:
    """The staff meeting's blocks as (minutes, text), in order."""
    if ball_round.meeting_agenda:
        return [(int(minutes), str(text)) for minutes, text in ball_round.meeting_agenda]
    return [(minutes, str(text)) for minutes, text in content.MEETING_AGENDA]


def set_agenda(ball_round: BallRound, *, by: User, items: list[tuple[int, str]] | None) -> None:
    """Keep the manager's agenda (None: back to the seed's), or the Danish reason not."""
    if ball_round.status == BallRound.Status.DONE:
        raise ValidationError(_("Runden er afsluttet; dagsordenen kan ikke længere ændres."))
    if items is not None:
        if not items:
            raise ValidationError(_("Dagsordenen skal have mindst ét punkt."))
        if len(items) > AGENDA_MAX_ITEMS:
            raise ValidationError(
                _("Dagsordenen kan højst have %(n)s punkter.") % {"n": AGENDA_MAX_ITEMS}
            )
    before = _agenda_text(agenda_of(ball_round))
    stored = [[minutes, text] for minutes, text in items] if items is not None else []
    with transaction.atomic():
        BallRound.objects.filter(pk=ball_round.pk).update(meeting_agenda=stored)
        ball_round.meeting_agenda = stored
        record_changes(
            ball_round,
            workplace=ball_round.workplace,
            by=by,
            changes=[
                (_("Dagsorden for personalemødet"), before, _agenda_text(agenda_of(ball_round)))
            ],
        )


def _agenda_text(items: list[tuple[int, str]]) -> str:
    return "\n".join(f"{minutes} min – {text}" for minutes, text in items)


ADVANCES = {
    BallRound.Status.SORTING: begin_sorting,
    BallRound.Status.MEETING: begin_meeting,
    BallRound.Status.DONE: finish_round,
}


def advance_round(ball_round: BallRound, *, by: User, to: str) -> BallRound:
    """The manager's button on the round page: one step on, to `to`."""
    if to not in ADVANCES:
        raise ValidationError(_("Ukendt status."))
    return ADVANCES[to](ball_round, by=by)


# Comparing with the earlier round, and where the next round may start.


def rounds_with_shares(workplace: Workplace) -> list[BallRound]:
    """The workplace's rounds, newest first, each with its `shares` (as `_shares`: the
    threshold decides which figures show), in one query."""
    rounds = list(
        with_totals(BallRound.objects.filter(workplace=workplace)).order_by("-first_day", "-pk")
    )
    totals, today = round_totals(rounds), timezone.localdate()
    for ball_round in rounds:
        ball_round.shares = _shares(shown_totals(ball_round, totals[ball_round.pk], today=today))
    return rounds


def shown_totals(ball_round: BallRound, totals: RoundTotals, *, today: date) -> RoundTotals:
    """The figures a round may show: all of them once its days are over and its notes are
    read; while it runs only what its glass shows (finished days, in spans of enough
    balls), never today's live counts."""
    if ball_round.notes_readable:
        return totals
    people = totals["participants"]
    complete = today > ball_round.last_day
    shown = glass(counts(ball_round), people=people, today=today, complete=complete)["totals"]
    return {**(shown or {"red": 0, "green": 0}), "participants": people if shown else 0}


def _shares(totals: RoundTotals) -> dict[str, int | None]:
    """Red and green balls and their shares in per cent, each None below the threshold of
    `shown_count`."""
    people = totals["participants"]
    red, green = totals["red"], totals["green"]
    balls = red + green
    red_share = round(100 * red / balls) if balls else None
    return {
        "participants": shown_count(people, people),
        "red": shown_count(red, people),
        "green": shown_count(green, people),
        "red_share": None if red_share is None else shown_count(red_share, people),
        "green_share": None if red_share is None else shown_count(100 - red_share, people),
    }


def earlier_round(ball_round: BallRound) -> BallRound | None:
    """The workplace's latest finished round that began before this one, with its figures
    (`with_totals`)."""
    return (
        with_totals(BallRound.objects.all())
        .filter(
            workplace_id=ball_round.workplace_id,
            status=BallRound.Status.DONE,
            first_day__lt=ball_round.first_day,
        )
        .exclude(pk=ball_round.pk)
        .order_by("-first_day", "-pk")
        .first()
    )


def comparison(ball_round: BallRound) -> dict | None:
    """This round beside the earlier finished one at the same workplace: red and green
    shares of both, and for each heading of the earlier round that got an IGLO plan the
    number of notes under it then and under a heading of the same title (in any case) now.
    Figures below `shown_count`'s threshold are None. None without an earlier round."""
    earlier = earlier_round(ball_round)
    if earlier is None:
        return None
    totals = round_totals([earlier, ball_round])
    today = timezone.localdate()
    totals[ball_round.pk] = shown_totals(ball_round, totals[ball_round.pk], today=today)
    then_people = totals[earlier.pk]["participants"]
    now_people = totals[ball_round.pk]["participants"]
    sorted_now = ball_round.notes_readable
    # Its notes then, and now those under a heading of the same title (in any case): both
    # as subqueries, one query without a join to group.
    then = Ball.objects.filter(category=OuterRef("pk"))
    same_title = Ball.objects.filter(round=ball_round, category__title__iexact=OuterRef("title"))
    planned = list(
        Category.objects.filter(ball_round=earlier, iglo_plan__isnull=False)
        .annotate(n=_aggregate(then, Count("pk")), now=_aggregate(same_title, Count("pk")))
        .order_by("position", "pk")
    )
    return {
        "earlier": earlier,
        "then": _shares(totals[earlier.pk]),
        "now": _shares(totals[ball_round.pk]),
        "sorted_now": sorted_now,
        "headings": [
            _heading_change(
                title=c.title,
                iglo_plan_id=c.iglo_plan_id,
                then=shown_count(c.n, then_people),
                now=shown_count(c.now, now_people) if sorted_now else None,
            )
            for c in planned
        ],
    }


def _heading_change(*, title: str, iglo_plan_id: int, then: int | None, now: int | None) -> dict:
    """A row of the comparison: the red notes under a planned heading then and now, and
    `change` (now − then, with `more` and `fewer` as positive numbers) only when both may
    be shown."""
    change = None if then is None or now is None else now - then
    row = {"title": title, "iglo_plan_id": iglo_plan_id, "then": then, "now": now}
    row["change"] = change
    row["more"] = max(change, 0) if change is not None else None
    row["fewer"] = max(-change, 0) if change is not None else None
    return row


def suggested_first_days(workplace: Workplace, *, today: date | None = None) -> list[dict]:
    """The coming measurement dates of the workplace's IGLO actions ("Hvornår kan vi måle
    på det?"): a new round of balls started then shows whether the actions helped."""
    today = today or timezone.localdate()
    rows = (
        IgloAction.objects.filter(plan__workplace=workplace, measure_on__gte=today)
        .exclude(plan__status=IgloPlan.Status.CLOSED)
        .exclude(status=IgloAction.Status.DROPPED)
        .values("measure_on", "plan__title")
        .order_by("measure_on", "plan__title")
    )
    found: dict[date, list[str]] = {}
    for row in rows:
        titles = found.setdefault(row["measure_on"], [])
        if row["plan__title"] not in titles:
            titles.append(row["plan__title"])
    return [{"day": day, "plans": titles} for day, titles in found.items()]
