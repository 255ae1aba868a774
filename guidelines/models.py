from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workplaces.models import Workplace


class Zone(models.TextChoices):
    WELLBEING = "wellbeing", _("Trivselszonen")
    RISK = "risk", _("Risikozonen")
    DANGER = "danger", _("Farezonen")


class Level(models.TextChoices):
    EMPLOYEE = "employee", _("Den enkelte medarbejder")
    TEAM = "team", _("Teamet")
    COMMITTEE = "committee", _("Arbejdsmiljøgruppen/LokalMED")
    MANAGER = "manager", _("Personaleleder")


class StressKnowledge(models.Model):
    """Bilag 1: the workplace's shared understanding of stress."""

    workplace = models.OneToOneField(
        Workplace, on_delete=models.CASCADE, related_name="stress_knowledge"
    )
    # One answer per question in content.REFLECTION_QUESTIONS, in order.
    answers = models.JSONField(_("svar"), default=list, blank=True)
    definition = models.TextField(_("vores definition af stress"), blank=True)
    discussed_in_committee_on = models.DateField(_("drøftet i LokalMED"), null=True, blank=True)
    discussed_with_employees_on = models.DateField(
        _("taget op på møde med medarbejderne"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("viden om stress")
        verbose_name_plural = _("viden om stress")

    def __str__(self) -> str:
        return str(self.workplace)


class Guideline(models.Model):
    """Bilag 2: a workplace's local guidelines; the cells hold the draft being edited."""

    class Step(models.IntegerChoices):
        COMMITTEE = 1, _("Trin 1: Arbejdsmiljøgruppens/LokalMEDs forarbejde")
        MANAGER = 2, _("Trin 2: Personaleleders forarbejde")
        WORKSHOP = 3, _("Trin 3: Workshop med medarbejderne")
        FOLLOW_UP = 4, _("Trin 4: Opfølgning og forankring")

    workplace = models.OneToOneField(Workplace, on_delete=models.CASCADE, related_name="guideline")
    step = models.PositiveSmallIntegerField(_("trin"), choices=Step, default=Step.COMMITTEE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lokale retningslinjer")
        verbose_name_plural = _("lokale retningslinjer")

    def __str__(self) -> str:
        return str(self.workplace)

    def get_absolute_url(self) -> str:
        return reverse("guidelines:guideline", kwargs={"slug": self.workplace.slug})


class GuidelineCell(models.Model):
    """One cell of the TRF grid: the responsibilities of one level in one zone, in order."""

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="cells")
    level = models.CharField(max_length=20, choices=Level)
    zone = models.CharField(max_length=20, choices=Zone)
    items = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guideline", "level", "zone"], name="one_cell_per_box"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} / {self.get_zone_display()}"


class GuidelineVersion(models.Model):
    """A published, numbered and frozen copy of the grid: what employees read and sign."""

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # {"<level>:<zone>": [items]} as it was when published.
    cells = models.JSONField()
    published_at = models.DateTimeField(_("offentliggjort"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_due = models.DateField(_("næste opfølgning"))

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["guideline", "number"], name="unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.guideline} v{self.number}"

    def items(self, level: str, zone: str) -> list[str]:
        return self.cells.get(f"{level}:{zone}", [])


class Acknowledgement(models.Model):
    """An employee has read the published version and commits to it (the 1:1 commitment)."""

    version = models.ForeignKey(
        GuidelineVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="acknowledge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"


class Priority(models.TextChoices):
    KEEP = "keep", _("Prioriteres")
    DEPRIORITISE = "deprioritise", _("Kan nedprioriteres")


class Clarifier(models.TextChoices):
    TOP_MANAGEMENT = "top_management", _("Øverste ledelse")
    OTHER_DEPARTMENTS = "other_departments", _("Andre afdelinger")
    OTHER = "other", _("Andre i organisationen")


class PriorityPlan(models.Model):
    """Bilag 3: the workplace's current plan for what to prioritise when staff is reduced."""

    workplace = models.OneToOneField(
        Workplace, on_delete=models.CASCADE, related_name="priority_plan"
    )
    # [{"task", "priority" (Priority), "note"}] in the order the plan lists them.
    tasks = models.JSONField(_("opgaver"), default=list, blank=True)
    resources = models.TextField(_("ressourcer der kan tilføres"), blank=True)
    goals = models.TextField(_("mål der kan tilrettes"), blank=True)
    framework = models.TextField(_("ændringer i de generelle rammer"), blank=True)
    # [{"question", "with_whom" (Clarifier)}]: what to settle elsewhere, and with whom.
    clarifications = models.JSONField(_("afklares andre steder"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by each saved revision: a plan looked through and saved unchanged is reviewed too.
    reviewed_at = models.DateTimeField(_("senest gennemgået"), null=True, blank=True)

    class Meta:
        verbose_name = _("prioriteringsplan")
        verbose_name_plural = _("prioriteringsplaner")

    def __str__(self) -> str:
        return str(self.workplace)

    def get_absolute_url(self) -> str:
        return reverse("guidelines:priority-plan", kwargs={"slug": self.workplace.slug})


class PriorityPlanRevision(models.Model):
    """A saved revision of the plan, frozen whole: who saved it, when, and what it said."""

    plan = models.ForeignKey(PriorityPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    # The plan's fields as they were saved (see services.plan_snapshot).
    snapshot = models.JSONField()
    saved_at = models.DateTimeField(_("gemt"), auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} r{self.number}"


class PriorityPlanUse(models.Model):
    """The plan taken into use in a concrete situation, with the adjustments made first."""

    plan = models.ForeignKey(PriorityPlan, on_delete=models.CASCADE, related_name="uses")
    used_on = models.DateField(_("taget i brug"))
    situation = models.CharField(_("situationen"), max_length=300)
    adjustments = models.TextField(_("tilrettelser inden planen blev taget i brug"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-used_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.used_on}"
