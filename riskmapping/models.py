import hashlib
import secrets
import uuid
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iglo.models import IgloPlan, Track
from workplaces.models import Workplace

DROP_DAYS = 14  # the seed: "14 sammenhængende dage"
SATURDAY = 5


@cache
def _drop_days(first_day: date, weekends_count: bool) -> tuple[date, ...]:
    """A round's drop days, worked out once per process for each start: a drop link's open
    and send ask for them several times each (issue 21)."""
    days: list[date] = []
    day = first_day
    while len(days) < DROP_DAYS:
        if weekends_count or day.weekday() < SATURDAY:
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


@cache
def open_since(day: date) -> tuple[date, date]:
    """The first days of the rounds open on `day` run from these to `day` itself: the
    earliest for rounds where weekends count, and for rounds where they do not (`day` + 1
    when there is none: `day` is a Saturday or Sunday). This is `drop_days` in the form a
    query can ask (services.SEND_SQL); tests/riskmapping/test_drop_links.py holds the two
    to the same answers."""
    candidates = [day - timedelta(days=back) for back in range(3 * DROP_DAYS, -1, -1)]

    def earliest(*, weekends_count: bool) -> date:
        opens = (first for first in candidates if day in _drop_days(first, weekends_count))
        return next(opens, day + timedelta(days=1))

    return earliest(weekends_count=True), earliest(weekends_count=False)


# A secret link's first characters, which find its row (indexed); the whole secret is then
# compared in constant time (workplaces.access.same_secret).
SELECTOR = 12


def new_token() -> str:
    return secrets.token_urlsafe(32)


def verifier_of(token: str) -> str:
    """What a query compares a secret link with: its SHA-256. The database's `=` stops at
    the first byte that differs, but how much of a guess's hash matches the right one tells
    the guesser nothing about the secret, so the comparison leaks nothing by its timing."""
    return hashlib.sha256(token.encode()).hexdigest()


def random_id() -> int:
    """A primary key that says nothing about when its row was written (unlike a sequence)."""
    return secrets.randbits(63)


class Colour(models.TextChoices):
    """Red: a day with many burdens (or what burdens); green: an energising day."""

    RED = "red", _("Rød")
    GREEN = "green", _("Grøn")


class InCalendars(models.Model):
    """What the calendar files say of a round or meeting: SEQUENCE and LAST-MODIFIED, moved
    on by every change the participants' calendars must follow, and why it was cancelled."""

    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_modified_at = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("aflyst"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("begrundelse for aflysning"), blank=True)

    class Meta:
        abstract = True

    def touch_calendar(self) -> list[str]:
        """Move the calendar version on; returns the fields to save."""
        self.calendar_sequence += 1
        self.calendar_modified_at = timezone.now()
        return ["calendar_sequence", "calendar_modified_at"]


class BallRound(InCalendars):
    """Bilag 5: one run of the ball method at a workplace, from the plan to the meeting."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        RUNNING = "running", _("I gang")
        SORTING = "sorting", _("Sortering")
        MEETING = "meeting", _("Personalemøde")
        DONE = "done", _("Afsluttet")
        CANCELLED = "cancelled", _("Aflyst")

    class Mode(models.TextChoices):
        DIGITAL = "digital", _("Digitalt: bolde på telefon, pc eller kiosk")
        PAPER = "paper", _("På papir: glasmontre og postkasse, tallene tastes ind")

    # The seed: "højst 5 røde og 5 grønne overskrifter".
    MAX_CATEGORIES = 5

    workplace = models.ForeignKey(
        Workplace, verbose_name=_("arbejdsplads"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    intro_at = models.DateTimeField(_("introduktion for medarbejderne"), null=True, blank=True)
    first_day = models.DateField(_("første dag med bolde"))
    weekends_count = models.BooleanField(_("weekender tæller med"), default=False)
    mode = models.CharField(_("form"), max_length=10, choices=Mode, default=Mode.DIGITAL)
    # The break-room screen's secret link; empty while no kiosk is enabled.
    kiosk_token = models.CharField(max_length=64, blank=True, db_index=True)
    # The meeting room's screen (riskmapping.presenter); it works while the staff meeting is on.
    presenter_token = models.CharField(max_length=64, blank=True, db_index=True)
    sorting_meeting_at = models.DateTimeField(
        _("sortering med de tillidsvalgte"), null=True, blank=True
    )
    staff_meeting_at = models.DateTimeField(_("møde med alle medarbejdere"), null=True, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deltagere"), related_name="+", blank=True
    )
    # People who dropped balls in this round and were removed since (their records of
    # having dropped go with them): still counted, so the round's figures never change.
    former_participants = models.PositiveIntegerField(default=0, editable=False)
    # The staff meeting's agenda as the manager adjusted it: [[minutes, text], ...]; empty
    # means the seed's (riskmapping.content.MEETING_AGENDA).
    meeting_agenda = models.JSONField(_("dagsorden for personalemødet"), default=list, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("boldrunde")
        verbose_name_plural = _("boldrunder")
        ordering = ["-first_day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workplace"],
                condition=models.Q(status="running"),
                name="one_running_ball_round_per_workplace",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workplace} – {self.first_day}"

    def get_absolute_url(self) -> str:
        return reverse("riskmapping:ballround", kwargs={"slug": self.workplace.slug})

    @property
    def drop_days(self) -> list[date]:
        """The 14 days balls are dropped on; Saturdays and Sundays skipped unless they count."""
        return list(_drop_days(self.first_day, self.weekends_count))

    @property
    def last_day(self) -> date:
        return self.drop_days[-1]

    def day_number(self, day: date) -> int:
        """How many drop days have begun by `day` (0 before the first, 14 after the last)."""
        return sum(1 for d in self.drop_days if d <= day)

    def is_open_on(self, day: date) -> bool:
        return self.status == self.Status.RUNNING and day in self.drop_days

    def notes(self) -> models.QuerySet["Ball"]:
        """The notes sorted under categories (`riskmapping.sorting`): this round's balls."""
        return self.balls.all()

    # What `riskmapping.sorting` may do with the round's notes, by status: nobody reads a
    # note before the days are over; headings change while sorting; proposals, joins and
    # tracks belong to the staff meeting; IGLO plans are made from the meeting on.
    @property
    def notes_readable(self) -> bool:
        return self.status in (self.Status.SORTING, self.Status.MEETING, self.Status.DONE)

    @property
    def may_cancel(self) -> bool:
        """A round is cancelled before or while balls are dropped, not after."""
        return self.status in (self.Status.PLANNED, self.Status.RUNNING)

    @property
    def sorting_open(self) -> bool:
        return self.status == self.Status.SORTING

    @property
    def meeting_open(self) -> bool:
        return self.status == self.Status.MEETING

    @property
    def plans_open(self) -> bool:
        return self.status in (self.Status.MEETING, self.Status.DONE)

    def source_label(self) -> str:
        """How an IGLO plan made from this round names its source."""
        return _("Boldmetoden, %(date)s") % {"date": self.first_day.strftime("%d.%m.%Y")}


class Ball(models.Model):
    """One anonymous ball and its note. Nothing here may point to the person who dropped it:
    no user, no time finer than the day, a random key and the order of that key. Balls
    reach this table from the mailbox (`MailboxBall`) once their day is over, a day's balls
    shuffled and written in one transaction, so neither row order nor transaction ids tell
    them apart."""

    Colour = Colour

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        BallRound, verbose_name=_("runde"), on_delete=models.CASCADE, related_name="balls"
    )
    # Empty for a paper note typed in after the round: the mailbox keeps no dates.
    day = models.DateField(_("dag"), null=True, blank=True)
    colour = models.CharField(_("farve"), max_length=5, choices=Colour)
    note = models.TextField(_("seddel"))
    # Sorting: under a category, or set aside; a hidden note still counts as a ball.
    category = models.ForeignKey(
        "Category",
        verbose_name=_("overskrift"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="balls",
    )
    set_aside = models.BooleanField(_("lagt til side"), default=False)
    hidden_reason = models.CharField(_("skjult, fordi"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bold")
        verbose_name_plural = _("bolde")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} {self.day}"


class MailboxBall(models.Model):
    """A ball dropped today, in the mailbox until its day is over: nobody reads these, and
    `services.empty_mailbox` moves them to `Ball` shuffled and rewrites the mailbox."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    round = models.ForeignKey(BallRound, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    colour = models.CharField(max_length=5, choices=Colour)
    note = models.TextField()

    def __str__(self) -> str:
        return f"{self.round_id}:{self.day}"


class PaperCount(models.Model):
    """Paper mode: one day's red and green balls, counted in the glass displays."""

    round = models.ForeignKey(BallRound, on_delete=models.CASCADE, related_name="paper_counts")
    day = models.DateField(_("dag"))
    red = models.PositiveIntegerField(_("røde bolde"), default=0)
    green = models.PositiveIntegerField(_("grønne bolde"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "day"], name="one_paper_count_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.day}"


class DropRecord(models.Model):
    """ "Already dropped today": who dropped on which day, kept apart from the balls and
    sharing no key with them, and only until the day is over: `services.empty_mailbox`
    then keeps who took part (`Participation`) and rewrites this table without the day."""

    record_id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    round = models.ForeignKey(BallRound, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant", "day"], name="one_ball_per_person_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.participant_id}:{self.day}"


class Participation(models.Model):
    """Who dropped at least one ball in a round, and nothing about which day: what is left
    of the drop records once their days are over (the round's number of participants,
    *Mine data*). Rewritten as a whole at each day's end, so no row's position or
    transaction id tells when its person first dropped."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    round = models.ForeignKey(BallRound, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="one_participation_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.participant_id}"


class DropToken(models.Model):
    """The secret of one participant's personal drop link for one round (no login)."""

    round = models.ForeignKey(BallRound, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    selector = models.CharField(max_length=SELECTOR, db_index=True)  # see SELECTOR
    token = models.CharField(max_length=64)
    verifier = models.CharField(max_length=64)  # verifier_of(token), for services.SEND_SQL

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="one_token_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.participant_id}"

    def get_absolute_url(self) -> str:
        return reverse("riskmapping:token-drop", kwargs={"token": self.token})

    @classmethod
    def new(cls, **fields: object) -> "DropToken":
        """A new link with a new secret (not saved), for the round and person in `fields`."""
        token = new_token()
        return cls(token=token, selector=token[:SELECTOR], verifier=verifier_of(token), **fields)


class Category(models.Model):
    """Overskrift/bunke: a heading the manager and the tillidsvalgte sort notes under, in a
    round of the ball method (Bilag 5) or at a dialogue meeting (Bilag 6)."""

    ball_round = models.ForeignKey(
        BallRound, null=True, blank=True, on_delete=models.CASCADE, related_name="categories"
    )
    meeting = models.ForeignKey(
        "DialogueMeeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="categories",
    )
    colour = models.CharField(_("farve"), max_length=5, choices=Colour)
    title = models.CharField(_("overskrift"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    # Staff meeting (Bilag 5): who went to this red heading to write proposals.
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    iglo_plan = models.ForeignKey(
        IgloPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("overskrift")
        verbose_name_plural = _("overskrifter")
        ordering = ["position", "pk"]
        constraints = [
            # A heading belongs to exactly one round of the ball method or one dialogue meeting.
            models.CheckConstraint(
                condition=models.Q(ball_round__isnull=False, meeting__isnull=True)
                | models.Q(ball_round__isnull=True, meeting__isnull=False),
                name="category_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> "BallRound | DialogueMeeting":
        """The round (or, for Bilag 6, the meeting) whose notes this category sorts."""
        return self.ball_round if self.ball_round_id else self.meeting


class Proposal(models.Model):
    """Løsningsforslag: a green proposal under a red category, sorted `now` or `later`."""

    category = models.ForeignKey(
        Category, verbose_name=_("overskrift"), on_delete=models.CASCADE, related_name="proposals"
    )
    text = models.TextField(_("forslag"))
    track = models.CharField(_("spor"), max_length=10, choices=Track, blank=True)
    # Set by the phone that wrote it, so a proposal sent again after a lost connection is
    # stored once.
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("løsningsforslag")
        verbose_name_plural = _("løsningsforslag")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


# Bilag 6: the dialogue method. The phases and their timers are in `riskmapping.dialogue`.

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _i in range(JOIN_CODE_LENGTH))


class DialogueMeeting(InCalendars):
    """Bilag 6: one two-hour dialogue meeting, from its plan through its timed phases to the
    headings, notes and proposals it leaves behind."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        RUNNING = "running", _("I gang")
        DONE = "done", _("Afholdt")
        CANCELLED = "cancelled", _("Aflyst")

    workplace = models.ForeignKey(
        Workplace, verbose_name=_("arbejdsplads"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    starts_at = models.DateTimeField(_("tidspunkt"))
    room = models.CharField(_("lokale"), max_length=200)
    # What participants type (or scan as a QR code) to join the meeting's board.
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    # The meeting room's screen (riskmapping.presenter); it works until the meeting is over.
    presenter_token = models.CharField(max_length=64, blank=True, db_index=True)
    # The phase machine: the current phase's index, when it began, minutes added to it, and
    # the phase before it (a note written for that one is accepted for a short while).
    phase = models.PositiveSmallIntegerField(default=0)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    phase_extra_seconds = models.PositiveIntegerField(default=0)
    previous_phase = models.PositiveSmallIntegerField(null=True, blank=True)
    # Presentations: which group has the floor, and since when (a timer per group).
    presenting_group = models.PositiveSmallIntegerField(null=True, blank=True)
    presenting_started_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change a screen shows, so the screens' polling is a cheap comparison.
    version = models.PositiveIntegerField(default=0)
    # The roles agreed with AMiR/TR before the meeting.
    time_keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("styrer tiden"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introducer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("introducerer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summariser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samler op"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriver ned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("indkaldte"), related_name="+", blank=True
    )
    # Who opened the board during the meeting (logged in); guests are counted apart.
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dialogmøde")
        verbose_name_plural = _("dialogmøder")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.workplace} – {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse(
            "riskmapping:dialogue-meeting", kwargs={"slug": self.workplace.slug, "pk": self.pk}
        )

    def join_path(self) -> str:
        return reverse("riskmapping:dialogue-participant", kwargs={"code": self.join_code})

    def notes(self) -> models.QuerySet["StickyNote"]:
        """The notes sorted under headings (`riskmapping.sorting`): only the red ones."""
        return self.sticky_notes.filter(colour=Colour.RED)

    # What `riskmapping.sorting` may do, by status: headings, filing, proposals and tracks
    # from the start of the meeting (and afterwards, when the notes are systematised);
    # IGLO plans once the meeting is over. Which phase allows what for the participants is
    # decided in `riskmapping.dialogue`.
    @property
    def notes_readable(self) -> bool:
        return self.status in (self.Status.RUNNING, self.Status.DONE)

    @property
    def may_cancel(self) -> bool:
        """A meeting is cancelled before it begins."""
        return self.status == self.Status.PLANNED

    @property
    def sorting_open(self) -> bool:
        return self.notes_readable

    @property
    def meeting_open(self) -> bool:
        return self.notes_readable

    @property
    def plans_open(self) -> bool:
        return self.status == self.Status.DONE

    def source_label(self) -> str:
        """How an IGLO plan made from this meeting names its source."""
        return _("Dialogmøde, %(date)s") % {
            "date": timezone.localtime(self.starts_at).strftime("%d.%m.%Y")
        }


class MeetingGroup(models.Model):
    """A group of 4–5 at the meeting: it writes 3 red and 3 green notes together."""

    meeting = models.ForeignKey(DialogueMeeting, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("gruppe"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_group_number"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.number}"

    @property
    def people_count(self) -> int:
        """Members and accepted guests, from `dialogue.groups_of`'s prefetch."""
        return len(self.members.all()) + len(self.guests.all())


class MeetingGuest(models.Model):
    """Someone without a login who joined with the code under a name; the manager accepts
    them. Their browser session holds the secret."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        ACCEPTED = "accepted", _("Godkendt")
        REFUSED = "refused", _("Afvist")

    meeting = models.ForeignKey(DialogueMeeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("navn"), max_length=100)
    secret = models.CharField(max_length=64, default=new_token)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    group = models.ForeignKey(
        MeetingGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="guests"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gæst")
        verbose_name_plural = _("gæster")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class StickyNote(models.Model):
    """A red (what burdens) or green (what motivates) post-it written by a group. Field names
    follow `Ball`, so `riskmapping.sorting` sorts both alike."""

    Colour = Colour

    meeting = models.ForeignKey(
        DialogueMeeting, on_delete=models.CASCADE, related_name="sticky_notes"
    )
    group = models.ForeignKey(
        MeetingGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    colour = models.CharField(_("farve"), max_length=5, choices=Colour)
    note = models.TextField(_("seddel"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("overskrift"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sticky_notes",
    )
    set_aside = models.BooleanField(_("lagt til side"), default=False)
    hidden_reason = models.CharField(_("skjult, fordi"), max_length=300, blank=True)
    # Set by the phone that wrote it, so a note sent again after a lost connection is
    # stored once.
    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post-it")
        verbose_name_plural = _("post-its")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_colour_display()}: {self.note[:40]}"
