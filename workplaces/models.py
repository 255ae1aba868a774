import secrets
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    # HR-admin is municipality-wide, not a role in one workplace (see access.is_hr).
    is_hr_admin = models.BooleanField(
        _("HR-administrator"),
        default=False,
        help_text=_("Ser alle kommunens arbejdspladser og administrerer organisation og brugere."),
    )
    # Medarbejdernummer in the organisation system: how the import knows a person again.
    employee_number = models.CharField(
        _("medarbejdernummer"), max_length=50, unique=True, null=True, blank=True
    )
    # A keyed hash of the CPR number (workplaces/os2mo.py, person_key): how the import knows
    # a person with several employee numbers again. Never the CPR number itself.
    person_key = models.CharField(
        _("personnøgle"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # Set when a superuser chose this person's password: they are told at their next login.
    password_set_by_other_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [
            # Members are added and invited by e-mail, so an address names one person.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


# Paths under /workplaces/ that are not workplaces.
RESERVED_SLUGS = frozenset({"import", "requests", "people"})


def validate_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("»%(slug)s« kan ikke bruges som kortnavn.") % {"slug": slug})


class Area(models.Model):
    """A part of the municipality (forvaltning, afdeling); the top one is the municipality."""

    name = models.CharField(_("navn"), max_length=200)
    # Afdelingskode in OS2mo; empty for areas made by hand.
    code = models.CharField(_("afdelingskode"), max_length=64, unique=True, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet område"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # HR's choice over the import's rule (a unit with engagements of its own is a workplace).
    is_workplace = models.BooleanField(
        _("er en arbejdsplads"),
        null=True,
        blank=True,
        help_text=_("Tom: automatisk – en enhed med egne ansættelser bliver en arbejdsplads."),
    )

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def new_figures_stamp() -> int:
    """A workplace's `figures_stamp`: random, so no stamp comes back after a restore or in
    another test database, where ids do."""
    return secrets.randbits(62)


class Workplace(models.Model):
    class Kind(models.TextChoices):
        # Decides the risk-mapping method offered: the ball method or the dialogue method.
        STATIONARY = "stationary", _("Fast arbejdssted")
        MOBILE = "mobile", _("Udekørende")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(
        _("kortnavn i adresser"),
        max_length=80,
        unique=True,
        validators=[validate_not_reserved],
    )
    code = models.CharField(_("afdelingskode"), max_length=64, unique=True, null=True, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("område"), on_delete=models.PROTECT, related_name="workplaces"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.STATIONARY)
    reminder_hour = models.PositiveSmallIntegerField(
        _("klokkeslæt for påmindelser"),
        # The ball reminder asks how the day went: by default near the end of a day shift.
        default=14,
        validators=[MaxValueValidator(23)],
        help_text=_(
            "Timen (0–23, dansk tid) hvor daglige påmindelser sendes. Boldmetodens påmindelse "
            "spørger, hvordan dagen har været, så vælg slutningen af arbejdsdagen (fx 14 for "
            "en dagvagt). Før kl. 12 beder mailen om at smide bolden, når dagen er omme."
        ),
    )
    # Changed with everything HR's dashboard shows of the workplace (workplaces.figures), so
    # the dashboard keeps its figures per workplace and stamp instead of recomputing them.
    figures_stamp = models.BigIntegerField(default=new_figures_stamp, editable=False)

    class Meta:
        verbose_name = _("arbejdsplads")
        verbose_name_plural = _("arbejdspladser")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reminder_hour__lte=23), name="workplace_reminder_hour_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workplace-home", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> "MembershipQuerySet":
        """Memberships in force on the day (today in Copenhagen): started and not ended."""
        day = on or timezone.localdate()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=day),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Personaleleder")
        AMIR = "amir", _("Arbejdsmiljørepræsentant (AMiR)")
        TR = "tr", _("Tillidsrepræsentant (TR)")
        EMPLOYEE = "employee", _("Medarbejder")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("arbejdsplads"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role, default=Role.EMPLOYEE)
    # An engagement's dates: future ones start later, ended ones stay for history.
    starts_on = models.DateField(_("starter"), null=True, blank=True)
    ends_on = models.DateField(_("slutter"), null=True, blank=True)
    imported = models.BooleanField(_("fra organisationssystemet"), default=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    # Set when the welcome e-mail has gone out, so a retried task never sends it twice.
    notified_at = models.DateTimeField(_("velkomstmail sendt"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["workplace", "user__first_name", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workplace"], name="one_membership_per_workplace"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} – {self.workplace} ({self.get_role_display()})"


class Committee(models.Model):
    """What LokalMED and the work-environment group share: a name, workplaces and members."""

    name = models.CharField(_("navn"), max_length=200)
    code = models.CharField(_("afdelingskode"), max_length=64, unique=True, null=True, blank=True)
    workplaces = models.ManyToManyField(Workplace, verbose_name=_("arbejdspladser"), blank=True)
    members = models.ManyToManyField(User, verbose_name=_("medlemmer"), blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalCommittee(Committee):
    class Meta(Committee.Meta):
        verbose_name = _("LokalMED")
        verbose_name_plural = _("LokalMED-udvalg")
        default_related_name = "local_committees"


class WorkEnvironmentGroup(Committee):
    class Meta(Committee.Meta):
        verbose_name = _("arbejdsmiljøgruppe")
        verbose_name_plural = _("arbejdsmiljøgrupper")
        default_related_name = "work_environment_groups"


class MembershipChange(models.Model):
    """History of who added, re-roled or removed whom in a workplace."""

    class Kind(models.TextChoices):
        ADDED = "added", _("tilføjet")
        ROLE_CHANGED = "role_changed", _("rolle ændret")
        REMOVED = "removed", _("fjernet")

    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("arbejdsplads"),
        on_delete=models.CASCADE,
        related_name="membership_changes",
    )
    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("ændring"), max_length=20, choices=Kind)
    role = models.CharField(_("rolle"), max_length=20, choices=Membership.Role)
    by = models.ForeignKey(
        User, verbose_name=_("af"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("ændring af medlemskab")
        verbose_name_plural = _("ændringer af medlemskaber")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} ({self.workplace})"


class Change(models.Model):
    """History of co-edited things (guidelines, plans): who changed what, when, from what."""

    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE, related_name="changes")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("felt"), max_length=200)
    before = models.TextField(_("før"), blank=True)
    after = models.TextField(_("efter"), blank=True)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("ændring")
        verbose_name_plural = _("ændringer")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.field} ({self.at:%Y-%m-%d %H:%M})"


class ReminderDelivery(models.Model):
    """A reminder claimed before it is sent: the unique key makes each go out once."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=50)
    object_id = models.PositiveBigIntegerField()
    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        indexes = [models.Index(fields=["sent_at", "claimed_at"])]

    def __str__(self) -> str:
        return self.key


class ReminderOptOut(models.Model):
    """A person who turned off one kind of reminder (from the link in such a mail)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class MunicipalText(models.Model):
    """A practical text HR keeps for the whole municipality, shown by the programme steps."""

    class Key(models.TextChoices):
        COURSE_OFFER = "course_offer", _("Kursus om at forstå stress (Bilag 1)")
        STRESS_UNIT_CONTACT = "stress_unit_contact", _("Kontakt til Stress-enheden")
        CRISIS_SCHEME = (
            "crisis_scheme",
            _("Sådan sættes stressbehandling via kriseordningen i værk"),
        )

    key = models.CharField(_("tekst"), max_length=50, choices=Key, unique=True)
    text = models.TextField(_("indhold"))
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("kommunal tekst")
        verbose_name_plural = _("kommunale tekster")

    def __str__(self) -> str:
        return self.get_key_display()


class FunctionRole(models.Model):
    """Which MED function (Hverv in OS2mo) gives which role in the covered workplaces."""

    function = models.CharField(_("hverv"), max_length=200, unique=True)
    role = models.CharField(
        _("rolle"),
        max_length=20,
        choices=[(Membership.Role.AMIR, Membership.Role.AMIR.label),
                 (Membership.Role.TR, Membership.Role.TR.label)],
    )  # fmt: skip

    class Meta:
        verbose_name = _("hverv og rolle")
        verbose_name_plural = _("hverv og roller")
        ordering = ["function"]

    def __str__(self) -> str:
        return f"{self.function} → {self.get_role_display()}"


class ImportBatch(models.Model):
    """One import of the organisation export: its CPR-free rows, the plan and the outcome."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Læser og sammenligner")
        PLANNED = "planned", _("Klar til at blive anvendt")
        INVALID = "invalid", _("Har fejl – intet ændret")
        APPLYING = "applying", _("Anvendes")
        APPLIED = "applied", _("Anvendt")
        FAILED = "failed", _("Fejlede – intet ændret")

    status = models.CharField(max_length=20, choices=Status, default=Status.PLANNING)
    source = models.CharField(_("kilde"), max_length=200)
    # Parsed rows with CPR numbers already replaced by keyed hashes (os2mo.person_key).
    rows = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    progress = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import af organisationen")
        verbose_name_plural = _("importer af organisationen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()})"

    @property
    def progress_step(self) -> int:
        """The progress rounded to 5 %, for the bar's width class (`w-pct-N` in app.css)."""
        return min(100, max(0, round(self.progress / 5) * 5))


class HelpRequest(models.Model):
    """A workplace asks HR/Arbejdsmiljø for what the seed says is "rekvireres hos HR"."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Kursus: forstå stress (Bilag 1)")
        BALL_MATERIALS = (
            "ball_materials",
            _(
                "Materialer til boldmetoden: 2 glasmontre, røde og grønne bolde og sedler, "
                "postkasse (Bilag 5)"
            ),
        )
        RISK_MAPPING = "risk_mapping", _("Hjælp til at gennemføre en risikoafdækning (Bilag 6)")

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        PLANNED = "planned", _("Planlagt")
        DELIVERED = "delivered", _("Leveret")

    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("arbejdsplads"),
        on_delete=models.CASCADE,
        related_name="help_requests",
    )
    kind = models.CharField(_("hvad"), max_length=30, choices=Kind)
    message = models.TextField(_("besked til HR"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    planned_on = models.DateField(_("planlagt dato"), null=True, blank=True)
    reply = models.TextField(_("svar fra HR"), blank=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("bestilt af"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    # Bumped at each change; the e-mail task sends once per revision (idempotent on retry).
    revision = models.PositiveIntegerField(default=1)
    notified_revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bestilling hos HR")
        verbose_name_plural = _("bestillinger hos HR")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.workplace}: {self.get_kind_display()}"


class AuditEvent(models.Model):
    """The audit log: who did what to which object, when and from where, never content.

    Logins, logouts and failed logins, failed authorisations (workplaces.access decides and
    records them) and every opening of a key conversation. Kept AUDIT_RETENTION_DAYS.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("loggede ind")
        LOGOUT = "logout", _("loggede ud")
        LOGIN_FAILED = "login_failed", _("forsøgte at logge ind uden held")
        FORBIDDEN = "forbidden", _("blev afvist (ingen adgang)")
        NOT_FOUND = "not_found", _("blev afvist (findes ikke for brugeren)")
        CONVERSATION_VIEWED = "conversation.viewed", _("læste samtalen")
        CONVERSATION_EDITED = "conversation.edited", _("åbnede samtalen for at rette den")
        CONVERSATION_PRINTED = "conversation.printed", _("hentede aftalerne som PDF")
        CONVERSATION_PLAN_VIEWED = "conversation.plan_viewed", _("læste en opfølgningsplan")
        CONVERSATION_PLAN_EDITED = (
            "conversation.plan_edited",
            _("åbnede en opfølgningsplan for at rette den"),
        )
        CONVERSATION_DELETE_ASKED = "conversation.delete_asked", _("åbnede sletning af samtalen")
        CONVERSATION_DELETED = "conversation.deleted", _("slettede samtalen")
        PASSWORD_SET = "password.set", _("satte en ny adgangskode for en anden")
        PASSWORD_RESET_SENT = "password.reset_sent", _("sendte et link til ny adgangskode")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("bruger"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("hændelse"), max_length=40, choices=Kind)
    # e.g. "workplaces.workplace" / a slug, "conversations.keyconversation" / a number.
    object_type = models.CharField(_("objekttype"), max_length=60, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("hændelse i revisionsloggen")
        verbose_name_plural = _("revisionslog")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}:{self.object_id} ({self.at:%Y-%m-%d %H:%M})"
