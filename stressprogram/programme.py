"""The seven steps of the stress policy (Bilag 1–7) as the workplace home lists them.

Each annex app adds its `url_name` and a `status` line here when it is built; until then
the step is shown without a link. `asked` names the roles the step's "Hvem" section makes
responsible. This module composes the annex apps, so none of them has to know the others.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from guidelines.models import Guideline, GuidelineVersion, PriorityPlan, StressKnowledge
from guidelines.services import PLAN_REVIEW_AFTER_DAYS
from iglo.models import IgloAction, IgloPlan
from riskmapping.dialogue import latest_meeting
from riskmapping.models import BallRound, DialogueMeeting
from riskmapping.services import current_round
from workplaces.models import Membership, Workplace

Role = Membership.Role


@dataclass(frozen=True)
class Step:
    annex: int
    title: str
    summary: str
    asked: tuple[str, ...]
    url_name: str | None = None
    for_kind: str | None = None  # risk-mapping methods suit one kind of workplace
    status: Callable[[Workplace], tuple[str, bool]] | None = None  # (text, needs attention)


def _date(value: object) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def knowledge_status(workplace: Workplace) -> tuple[str, bool]:
    knowledge = StressKnowledge.objects.filter(workplace=workplace).first()
    if knowledge and knowledge.discussed_with_employees_on:
        return gettext("Taget op med medarbejderne %(date)s") % {
            "date": _date(knowledge.discussed_with_employees_on)
        }, False
    if knowledge and knowledge.discussed_in_committee_on:
        return gettext("Drøftet i LokalMED %(date)s") % {
            "date": _date(knowledge.discussed_in_committee_on)
        }, True
    return gettext("Ikke drøftet endnu"), True


def guideline_status(workplace: Workplace) -> tuple[str, bool]:
    version = (
        GuidelineVersion.objects.filter(guideline__workplace=workplace).order_by("-number").first()
    )
    if version is not None:
        overdue = version.review_due <= timezone.localdate()
        text = gettext("Version %(n)s · opfølgning %(date)s") % {
            "n": version.number,
            "date": _date(version.review_due),
        }
        return (gettext("%(text)s (nu)") % {"text": text} if overdue else text), overdue
    guideline = Guideline.objects.filter(workplace=workplace).first()
    if guideline is None:
        return gettext("Ikke påbegyndt"), True
    return gettext("Under udarbejdelse: %(step)s") % {"step": guideline.get_step_display()}, True


def priority_plan_status(workplace: Workplace) -> tuple[str, bool]:
    reviewed_at = (
        PriorityPlan.objects.filter(workplace=workplace)
        .values_list("reviewed_at", flat=True)
        .first()
    )
    if reviewed_at is None:
        return gettext("Ikke lavet endnu"), True
    reviewed_on = timezone.localdate(reviewed_at)
    text = gettext("Senest gennemgået %(date)s") % {"date": _date(reviewed_on)}
    if (timezone.localdate() - reviewed_on).days > PLAN_REVIEW_AFTER_DAYS:
        return gettext("%(text)s – tid til at gennemgå den igen") % {"text": text}, True
    return text, False


def iglo_status(workplace: Workplace) -> tuple[str, bool]:
    today = timezone.localdate()
    live = IgloPlan.objects.filter(
        workplace=workplace, status__in=[IgloPlan.Status.ACTIVE, IgloPlan.Status.FOLLOWED_UP]
    )
    if not IgloPlan.objects.filter(workplace=workplace).exists():
        return gettext("Ingen handleplaner endnu"), False
    overdue = IgloAction.objects.filter(
        plan__in=live,
        status__in=[IgloAction.Status.PLANNED, IgloAction.Status.IN_PROGRESS],
        deadline__lt=today,
    ).count()
    active = live.count()
    text = ngettext("%(n)s aktiv handleplan", "%(n)s aktive handleplaner", active) % {"n": active}
    if overdue:
        late = ngettext("%(n)s handling over frist", "%(n)s handlinger over frist", overdue)
        return f"{text} · {late % {'n': overdue}}", True
    return text, False


def ball_status(workplace: Workplace) -> tuple[str, bool]:
    ball_round = current_round(workplace)
    if ball_round is None:
        return gettext("Ingen runde endnu"), False
    if ball_round.status == BallRound.Status.PLANNED:
        return gettext("Runde planlagt: første dag %(date)s") % {
            "date": _date(ball_round.first_day)
        }, False
    if ball_round.status == BallRound.Status.RUNNING:
        return gettext("Runde i gang: dag %(n)s af %(of)s") % {
            "n": ball_round.day_number(timezone.localdate()),
            "of": len(ball_round.drop_days),
        }, False
    if ball_round.status == BallRound.Status.DONE:
        return gettext("Seneste runde afsluttet"), False
    return gettext("Runde: %(status)s") % {"status": ball_round.get_status_display()}, True


def dialogue_status(workplace: Workplace) -> tuple[str, bool]:
    meeting = latest_meeting(workplace)
    if meeting is None:
        return gettext("Intet dialogmøde endnu"), False
    when = formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    if meeting.status == DialogueMeeting.Status.PLANNED:
        return gettext("Dialogmøde planlagt %(date)s") % {"date": when}, False
    if meeting.status == DialogueMeeting.Status.RUNNING:
        return gettext("Dialogmøde i gang"), False
    return gettext("Seneste dialogmøde holdt %(date)s") % {"date": when}, False


STEPS = (
    Step(
        1,
        _("Viden om stress"),
        _("Arbejdsmiljøgruppen skaber en fælles forståelse af, hvad stress er."),
        (Role.MANAGER, Role.AMIR),
        url_name="guidelines:knowledge",
        status=knowledge_status,
    ),
    Step(
        2,
        _("Lokale retningslinjer"),
        _("Hvem gør hvad i trivsels-, risiko- og farezonen (TRF-modellen)."),
        (Role.MANAGER, Role.AMIR, Role.TR),
        url_name="guidelines:guideline",
        status=guideline_status,
    ),
    Step(
        3,
        _("Prioriteringsplan"),
        _("Hvad prioriteres, når der opstår stress – lavet mens der er ro på."),
        (Role.MANAGER, Role.AMIR, Role.TR),
        url_name="guidelines:priority-plan",
        status=priority_plan_status,
    ),
    Step(
        4,
        _("Nøglesamtalen"),
        _("Lederens første samtale med en medarbejder, der oplever stress."),
        (Role.MANAGER,),
        # No status line: the home page is read by everyone, and even a count is about people.
        url_name="conversations:conversation-list",
    ),
    Step(
        5,
        _("Boldmetoden"),
        _("14 dages afdækning af risikofaktorer med røde og grønne bolde."),
        (Role.MANAGER, Role.AMIR, Role.TR),
        url_name="riskmapping:ballround",
        for_kind=Workplace.Kind.STATIONARY,
        status=ball_status,
    ),
    Step(
        6,
        _("Dialogmetoden"),
        _("Et dialogmøde på 2 timer, der afdækker risikofaktorer for udekørende."),
        (Role.MANAGER, Role.AMIR, Role.TR),
        url_name="riskmapping:dialogue",
        for_kind=Workplace.Kind.MOBILE,
        status=dialogue_status,
    ),
    Step(
        7,
        _("IGLO-handleplan"),
        _("Handlinger på individ-, gruppe-, ledelses- og organisationsniveau."),
        (Role.MANAGER, Role.AMIR, Role.TR),
        url_name="iglo:overview",
        status=iglo_status,
    ),
)


@dataclass(frozen=True)
class StepView:
    step: Step
    recommended: bool
    contacts: list[Membership]
    status: str | None = None
    attention: bool = False


def programme_for(workplace: Workplace, members: list[Membership]) -> list[StepView]:
    """The steps with, for each, whether it suits this workplace and whom to ask."""
    views = []
    for step in STEPS:
        status, attention = step.status(workplace) if step.status else (None, False)
        views.append(
            StepView(
                step=step,
                recommended=step.for_kind in (None, workplace.kind),
                contacts=[m for m in members if m.role in step.asked],
                status=status,
                attention=attention,
            )
        )
    return views
