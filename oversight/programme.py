"""The seven steps of the stress policy (Bilag 1–7) as the workplace home lists them.

Each annex app adds its `url_name` and a `status` line here when it is built; until then
the step is shown without a link. `asked` names the roles the step's "Hvem" section makes
responsible. This module composes the annex apps, so none of them has to know the others.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from guidelines.models import Guideline
from guidelines.services import PLAN_REVIEW_AFTER_DAYS
from oversight.dashboard import standing
from riskmapping.balls.services import current_round, round_day_text
from riskmapping.dialogue.services import latest_meeting
from riskmapping.models import BallRound, DialogueMeeting
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
    # (text, needs attention): True, False ("På plads") or NOT_STARTED (no badge).
    status: Callable[[Workplace], tuple[str, bool | None]] | None = None


# Nothing begun yet is neither "på plads" nor overdue: the line shows without a badge.
NOT_STARTED = None


def _date(value: object) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def standing_of(workplace: Workplace) -> Workplace:
    """The workplace annotated with where it stands in Bilag 1–3 and 7 and its number of
    members: one query, with the same figures as HR's dashboard."""
    return Workplace.objects.annotate(**standing(timezone.localdate())).get(pk=workplace.pk)


def knowledge_status(w: Workplace) -> tuple[str, bool]:
    if w.knowledge_on:
        return gettext("Taget op med medarbejderne %(date)s") % {
            "date": _date(w.knowledge_on)
        }, False
    if w.knowledge_committee_on:
        return gettext("Drøftet i LokalMED %(date)s") % {
            "date": _date(w.knowledge_committee_on)
        }, True
    return gettext("Ikke drøftet endnu"), True


def guideline_status(w: Workplace) -> tuple[str, bool]:
    if w.version_number is not None:
        overdue = w.review_due <= timezone.localdate()
        text = gettext("Version %(n)s · opfølgning %(date)s") % {
            "n": w.version_number,
            "date": _date(w.review_due),
        }
        return (gettext("%(text)s (nu)") % {"text": text} if overdue else text), overdue
    if w.guideline_step is None:
        return gettext("Ikke påbegyndt"), True
    step = Guideline.Step(w.guideline_step).label
    return gettext("Under udarbejdelse: %(step)s") % {"step": step}, True


def priority_plan_status(w: Workplace) -> tuple[str, bool]:
    if w.plan_reviewed_at is None:
        return gettext("Ikke lavet endnu"), True
    reviewed_on = timezone.localdate(w.plan_reviewed_at)
    text = gettext("Senest gennemgået %(date)s") % {"date": _date(reviewed_on)}
    if (timezone.localdate() - reviewed_on).days > PLAN_REVIEW_AFTER_DAYS:
        return gettext("%(text)s – tid til at gennemgå den igen") % {"text": text}, True
    return text, False


def iglo_status(w: Workplace) -> tuple[str, bool | None]:
    if not w.draft_plans + w.active_plans + w.followed_up_plans + w.closed_plans:
        return gettext("Ingen handleplaner endnu"), NOT_STARTED
    overdue = w.overdue_actions
    active = w.active_plans + w.followed_up_plans
    text = ngettext("%(n)s aktiv handleplan", "%(n)s aktive handleplaner", active) % {"n": active}
    if overdue:
        late = ngettext("%(n)s handling over frist", "%(n)s handlinger over frist", overdue)
        return f"{text} · {late % {'n': overdue}}", True
    return text, False


def _running_status(ball_round: BallRound, today: date) -> tuple[str, bool]:
    if ball_round.first_day <= today <= ball_round.last_day:
        return gettext("Runde i gang: dag %(n)s af %(of)s") % {
            "n": ball_round.day_number(today),
            "of": len(ball_round.drop_days),
        }, False
    # Before the first day, or the days are over and the notes wait to be sorted.
    return round_day_text(ball_round, today), today > ball_round.last_day


def ball_status(workplace: Workplace) -> tuple[str, bool | None]:
    ball_round = current_round(workplace)
    if ball_round is None:
        return gettext("Ingen runde endnu"), NOT_STARTED
    if ball_round.status == BallRound.Status.PLANNED:
        return gettext("Runde planlagt: første dag %(date)s") % {
            "date": _date(ball_round.first_day)
        }, False
    if ball_round.status == BallRound.Status.RUNNING:
        return _running_status(ball_round, timezone.localdate())
    if ball_round.status == BallRound.Status.DONE:
        return gettext("Seneste runde afsluttet"), False
    if ball_round.status == BallRound.Status.CANCELLED:
        return gettext("Seneste runde aflyst"), False
    return gettext("Runde: %(status)s") % {"status": ball_round.get_status_display()}, True


def dialogue_status(workplace: Workplace) -> tuple[str, bool | None]:
    meeting = latest_meeting(workplace)
    if meeting is None:
        return gettext("Intet dialogmøde endnu"), NOT_STARTED
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
    attention: bool | None = False


def programme_for(workplace: Workplace, members: list[Membership]) -> list[StepView]:
    """The steps with, for each, whether it suits this workplace and whom to ask. The
    workplace as `standing_of` gives it saves a query; a plain one is looked up."""
    if not hasattr(workplace, "member_count"):
        workplace = standing_of(workplace)
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
