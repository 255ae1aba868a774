"""Bilag 4: the key conversation. Health data about one person, kept to two people: the
manager who holds it and the employee it concerns (see workplaces.access)."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workplaces.models import Workplace

DEFAULT_RETENTION_MONTHS = 12
MAX_RETENTION_MONTHS = 120


class KeyConversation(models.Model):
    """The manager's first conversation with an employee who experiences stress."""

    workplace = models.ForeignKey(
        Workplace, on_delete=models.CASCADE, related_name="key_conversations"
    )
    # The holder. If the person is deleted, the employee keeps their agreements until the
    # retention period ends.
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leder"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbejder"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    held_on = models.DateField(_("dato for samtalen"))
    # The three key concepts, ticked by the manager during the conversation.
    calm = models.BooleanField(_("skab ro om medarbejderen"), default=False)
    hope = models.BooleanField(_("skab håb for medarbejderen"), default=False)
    immediate_action = models.BooleanField(_("iværksæt umiddelbar handling"), default=False)
    # The agreements for immediate action, which the employee sees and takes home.
    calendar = models.TextField(_("kalenderen"), blank=True)
    # [{"task", "to"}]: which tasks are handed over, and to whom.
    handovers = models.JSONField(_("opgaver der afleveres"), default=list, blank=True)
    colleagues_message = models.TextField(_("det siges til kollegerne"), blank=True)
    told_by = models.CharField(_("hvem siger det"), max_length=200, blank=True)
    next_meeting_on = models.DateField(_("næste møde"), null=True, blank=True)
    private_notes = models.TextField(_("private noter"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The retention period runs from here; a follow-up plan saved counts as a change.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("nøglesamtale")
        verbose_name_plural = _("nøglesamtaler")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        # Never the employee's name: this may end up in logs and error reports.
        return f"KeyConversation #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse(
            "conversations:conversation",
            kwargs={"slug": self.workplace.slug, "pk": self.pk},
        )


class FollowUpPlan(models.Model):
    """A follow-up the TRF grid names for the manager, as a dated list of steps."""

    class Kind(models.TextChoices):
        RELIEF = "relief", _("Handlingsplan med fokus på aflastning")
        RETURN = "return", _("Trinvis tilbagevendingsplan")

    conversation = models.ForeignKey(
        KeyConversation, on_delete=models.CASCADE, related_name="follow_up_plans"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    # [{"on": "YYYY-MM-DD", "step"}], by date.
    steps = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "kind"], name="one_plan_of_each_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (#{self.conversation_id})"

    def dated_steps(self) -> list[tuple[date, str]]:
        return [(date.fromisoformat(step["on"]), step["step"]) for step in self.steps]


class RetentionPeriod(models.Model):
    """How long key conversations are kept after their last change; HR sets it."""

    months = models.PositiveSmallIntegerField(
        _("måneder"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "En nøglesamtale slettes automatisk, når der er gået så mange måneder siden den "
            "sidst blev ændret. Standard er 12 måneder."
        ),
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("opbevaringsperiode for nøglesamtaler")
        verbose_name_plural = _("opbevaringsperiode for nøglesamtaler")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=MAX_RETENTION_MONTHS),
                name="retention_months_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(n)s måneder efter seneste ændring") % {"n": self.months})
