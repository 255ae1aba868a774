import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workplaces.models import Workplace


class Level(models.TextChoices):
    # The seed's order: I and G first, then L, then O.
    INDIVIDUAL = "individual", _("Individ")
    GROUP = "group", _("Gruppe")
    LEADERSHIP = "leadership", _("Ledelse")
    ORGANISATION = "organisation", _("Organisation")


class Track(models.TextChoices):
    NOW = "now", _("Handles straks")
    LATER = "later", _("Leder og tillidsvalgte arbejder videre")


class IgloPlan(models.Model):
    """Bilag 7: one risk factor and what is done about it on each IGLO level."""

    class Source(models.TextChoices):
        # A choice and a label, not a foreign key: the risk-mapping apps come later and
        # import this one, never the other way round.
        BALL_ROUND = "ball_round", _("Boldmetoden")
        DIALOGUE_MEETING = "dialogue_meeting", _("Dialogmøde")
        MANUAL = "manual", _("Skrevet i hånden")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        ACTIVE = "active", _("Aktiv")
        FOLLOWED_UP = "followed_up", _("Fulgt op")
        CLOSED = "closed", _("Afsluttet")

    workplace = models.ForeignKey(
        Workplace, verbose_name=_("arbejdsplads"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("risikofaktor"), max_length=200)
    description = models.TextField(_("hvad er problemet?"), blank=True)
    source = models.CharField(_("kilde"), max_length=20, choices=Source, default=Source.MANUAL)
    source_label = models.CharField(_("kildens navn"), max_length=200, blank=True)
    responsible_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig leder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up_on = models.DateField(_("opfølgning"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    # The content's own count (the plan's fields and its actions, not their progress):
    # an approval names the count it approved and keeps what it approved, so a later
    # change shows as "Ændret efter godkendelse" with what changed since.
    content_version = models.PositiveIntegerField(default=1)
    approved_version = models.PositiveIntegerField(_("godkendt version"), null=True, blank=True)
    approved_content = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("ændret"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("IGLO-handleplan")
        verbose_name_plural = _("IGLO-handleplaner")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workplace", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("iglo:plan", kwargs={"slug": self.workplace.slug, "pk": self.pk})

    @property
    def changed_after_approval(self) -> bool:
        return self.approved_version is not None and self.content_version != self.approved_version


# IgloPlan.changed_after_approval as a filter (HR's dashboard counts such plans).
CHANGED_AFTER_APPROVAL = models.Q(approved_version__isnull=False) & ~models.Q(
    content_version=models.F("approved_version")
)


class IgloAction(models.Model):
    """One concrete action on one level of a plan; versioned on its own, so editing one
    action never blocks another."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Ikke startet")
        IN_PROGRESS = "in_progress", _("I gang")
        DONE = "done", _("Gennemført")
        DROPPED = "dropped", _("Opgivet")

    plan = models.ForeignKey(IgloPlan, on_delete=models.CASCADE, related_name="actions")
    # Blank for a proposal not yet placed on a level: the editor decides, never a guess.
    level = models.CharField(_("niveau"), max_length=20, choices=Level, blank=True)
    text = models.TextField(_("hvad gøres der?"))
    responsible_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_function = models.CharField(_("ansvarlig funktion"), max_length=200, blank=True)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    measure_on = models.DateField(_("hvornår måler vi på det?"), null=True, blank=True)
    measure_how = models.TextField(_("hvordan måler vi på det?"), blank=True)
    # Set only when the action came from a proposal (ball round or dialogue meeting).
    track = models.CharField(  # noqa: DJ001 -- NULL: not from a proposal
        _("spor"), max_length=10, choices=Track, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("IGLO-handling")
        verbose_name_plural = _("IGLO-handlinger")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def responsible_name(self) -> str:
        if self.responsible_member_id:
            return self.responsible_member.display_name
        return self.responsible_function

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    def is_overdue(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.is_open and self.deadline and self.deadline < today)


class PlanPresence(models.Model):
    """Who has a plan open: touched by the page's poll, shown while recent."""

    plan = models.ForeignKey(IgloPlan, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_presence_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.plan_id}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address: whoever has the URL reads their IGLO dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="iglo_calendar"
    )
    token = models.CharField(max_length=64, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kalenderadresse")
        verbose_name_plural = _("kalenderadresser")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("iglo:calendar-feed", kwargs={"pk": self.pk, "token": self.token})
