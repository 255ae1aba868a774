import secrets
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workplaces.models import Workplace

DROP_DAYS = 14  # the seed: "14 sammenhængende dage"
SATURDAY = 5


def new_token() -> str:
    return secrets.token_urlsafe(32)


class BallRound(models.Model):
    """Bilag 5: one run of the ball method at a workplace, from the plan to the meeting."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        RUNNING = "running", _("I gang")
        SORTING = "sorting", _("Sortering")
        MEETING = "meeting", _("Personalemøde")
        DONE = "done", _("Afsluttet")

    workplace = models.ForeignKey(
        Workplace, verbose_name=_("arbejdsplads"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    intro_at = models.DateTimeField(_("introduktion for medarbejderne"), null=True, blank=True)
    first_day = models.DateField(_("første dag med bolde"))
    weekends_count = models.BooleanField(_("weekender tæller med"), default=False)
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


class Ball(models.Model):
    """One anonymous ball and its note. Nothing here may point to the person who dropped it:
    no user, no time finer than the day, a random key and the order of that key."""

    class Colour(models.TextChoices):
        RED = "red", _("Rød")
        GREEN = "green", _("Grøn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        BallRound, verbose_name=_("runde"), on_delete=models.CASCADE, related_name="balls"
    )
    day = models.DateField(_("dag"))
    colour = models.CharField(_("farve"), max_length=5, choices=Colour)
    note = models.TextField(_("seddel"))

    class Meta:
        verbose_name = _("bold")
        verbose_name_plural = _("bolde")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} {self.day}"


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
