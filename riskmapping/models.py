import secrets
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iglo.models import IgloPlan, Track
from workplaces.models import Workplace

DROP_DAYS = 14  # the seed: "14 sammenhængende dage"
SATURDAY = 5


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Colour(models.TextChoices):
    """Red: a day with many burdens (or what burdens); green: an energising day."""

    RED = "red", _("Rød")
    GREEN = "green", _("Grøn")


class BallRound(models.Model):
    """Bilag 5: one run of the ball method at a workplace, from the plan to the meeting."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        RUNNING = "running", _("I gang")
        SORTING = "sorting", _("Sortering")
        MEETING = "meeting", _("Personalemøde")
        DONE = "done", _("Afsluttet")

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
    sorting_meeting_at = models.DateTimeField(
        _("sortering med de tillidsvalgte"), null=True, blank=True
    )
    staff_meeting_at = models.DateTimeField(_("møde med alle medarbejdere"), null=True, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deltagere"), related_name="+", blank=True
    )
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
        days: list[date] = []
        day = self.first_day
        while len(days) < DROP_DAYS:
            if self.weekends_count or day.weekday() < SATURDAY:
                days.append(day)
            day += timedelta(days=1)
        return days

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
    `services.empty_mailbox` moves them to `Ball` shuffled, then deletes them."""

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
    """ "Already dropped today": who, kept apart from the balls and sharing no key with them."""

    record_id = models.BigAutoField(primary_key=True)
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


class DropToken(models.Model):
    """The secret of one participant's personal drop link for one round (no login)."""

    round = models.ForeignKey(BallRound, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The first characters find the row; the whole token is then compared in constant time.
    selector = models.CharField(max_length=12, db_index=True)
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="one_token_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.participant_id}"

    def get_absolute_url(self) -> str:
        return reverse("riskmapping:token-drop", kwargs={"token": self.token})


class Category(models.Model):
    """Overskrift/bunke: a heading the manager and the tillidsvalgte sort notes under, in a
    round of the ball method (Bilag 5) or at a dialogue meeting (Bilag 6)."""

    ball_round = models.ForeignKey(
        BallRound, null=True, blank=True, on_delete=models.CASCADE, related_name="categories"
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

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> BallRound:
        """The round (or, for Bilag 6, the meeting) whose notes this category sorts."""
        return self.ball_round


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
