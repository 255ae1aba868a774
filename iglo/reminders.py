"""Reminder sources of Bilag 7, registered with the one scheduler (workplaces.reminders).

Each reminder's key ends with the date it is about, so it goes out once per date: moving a
deadline gives a new reminder, sending the same hour twice does not. A due date that lies
further back than CATCH_UP is not reminded of (a plan activated late, a restored backup).
"""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iglo.models import IgloAction, IgloPlan
from stressprogram.mail import shorten
from workplaces.models import Membership, ReminderDelivery, User, Workplace
from workplaces.reminders import Due, absolute

DAYS_BEFORE_DEADLINE = 3
CATCH_UP = timedelta(days=7)
LIVE = (IgloPlan.Status.ACTIVE, IgloPlan.Status.FOLLOWED_UP)
PLAN_ROLES = (Membership.Role.MANAGER, Membership.Role.AMIR, Membership.Role.TR)


def _open_actions(workplace: Workplace) -> Any:
    return IgloAction.objects.filter(
        plan__workplace=workplace,
        plan__status__in=LIVE,
        status__in=[IgloAction.Status.PLANNED, IgloAction.Status.IN_PROGRESS],
    ).select_related("plan", "responsible_member")


def _plan_people(workplace: Workplace, plan: IgloPlan) -> list[User]:
    """The manager and tillidsvalgte of the workplace, and the plan's responsible manager."""
    members = Membership.objects.active().filter(workplace=workplace, role__in=PLAN_ROLES)
    return list(
        User.objects.filter(Q(pk__in=members.values("user")) | Q(pk=plan.responsible_manager_id))
        .filter(is_active=True)
        .order_by("pk")
    )


def _suffix_date(delivery: ReminderDelivery) -> date | None:
    try:
        return date.fromisoformat(delivery.key.rsplit(":", 1)[1])
    except ValueError:
        return None


def _context(plan: IgloPlan, **extra: Any) -> dict[str, Any]:
    url = reverse("iglo:plan", kwargs={"slug": plan.workplace.slug, "pk": plan.pk})
    return {"plan": plan, "url": absolute(url), **extra}


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _live_action(delivery: ReminderDelivery) -> IgloAction | None:
    return (
        IgloAction.objects.select_related("plan__workplace")
        .filter(pk=delivery.object_id, plan__status__in=LIVE)
        .filter(status__in=[IgloAction.Status.PLANNED, IgloAction.Status.IN_PROGRESS])
        .first()
    )


class DeadlineSoon:
    """An action's deadline is a few days away: tell its responsible person."""

    kind = "iglo-deadline-soon"
    label = gettext_lazy("påmindelser om IGLO-frister, der nærmer sig")

    def due(self, workplace: Workplace, today: date) -> Iterator[Due]:
        window = today + timedelta(days=DAYS_BEFORE_DEADLINE)
        for action in _open_actions(workplace).filter(
            deadline__gt=today, deadline__lte=window, responsible_member__isnull=False
        ):
            yield Due(self.kind, action.pk, action.responsible_member, action.deadline.isoformat())

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        action = _live_action(delivery)
        if action is None or action.deadline != _suffix_date(delivery):
            return None  # done, dropped or moved meanwhile
        return "iglo_reminder", _context(
            action.plan,
            action=action,
            subject=_("Frist om få dage: %(text)s") % {"text": shorten(action.text, 60)},
            lead=_(
                "Du er ansvarlig for en handling i IGLO-handleplanen »%(plan)s«, og fristen er "
                "%(date)s."
            )
            % {"plan": action.plan.title, "date": _day(action.deadline)},
            why=_(
                "Du får denne mail, fordi du står som ansvarlig for handlingen. Du får ikke "
                "flere om denne frist, når handlingen er markeret som gennemført."
            ),
        )


class DeadlinePassed:
    """An action's deadline has passed and it is not done: tell its responsible person."""

    kind = "iglo-deadline-passed"
    label = gettext_lazy("påmindelser om overskredne IGLO-frister")

    def due(self, workplace: Workplace, today: date) -> Iterator[Due]:
        for action in _open_actions(workplace).filter(
            deadline__lt=today, deadline__gte=today - CATCH_UP, responsible_member__isnull=False
        ):
            yield Due(self.kind, action.pk, action.responsible_member, action.deadline.isoformat())

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        action = _live_action(delivery)
        if action is None or action.deadline != _suffix_date(delivery):
            return None
        return "iglo_reminder", _context(
            action.plan,
            action=action,
            subject=_("Fristen er overskredet: %(text)s") % {"text": shorten(action.text, 60)},
            lead=_(
                "Fristen for din handling i IGLO-handleplanen »%(plan)s« var %(date)s, og "
                "handlingen er ikke markeret som gennemført. Opdatér status, eller aftal en ny "
                "frist med de andre."
            )
            % {"plan": action.plan.title, "date": _day(action.deadline)},
            why=_(
                "Du får denne mail, fordi du står som ansvarlig for handlingen. Den kommer én "
                "gang pr. frist."
            ),
        )


class FollowUpDue:
    """The plan's follow-up date has come: tell the manager and tillidsvalgte."""

    kind = "iglo-follow-up"
    label = gettext_lazy("påmindelser om opfølgning på IGLO-handleplaner")

    def due(self, workplace: Workplace, today: date) -> Iterator[Due]:
        plans = IgloPlan.objects.filter(
            workplace=workplace,
            status=IgloPlan.Status.ACTIVE,
            follow_up_on__lte=today,
            follow_up_on__gte=today - CATCH_UP,
        )
        for plan in plans:
            for user in _plan_people(workplace, plan):
                yield Due(self.kind, plan.pk, user, plan.follow_up_on.isoformat())

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        plan = (
            IgloPlan.objects.select_related("workplace")
            .filter(pk=delivery.object_id, status=IgloPlan.Status.ACTIVE)
            .first()
        )
        if plan is None or plan.follow_up_on != _suffix_date(delivery):
            return None
        return "iglo_reminder", _context(
            plan,
            subject=_("Tid til opfølgning på IGLO-handleplanen: %(title)s") % {"title": plan.title},
            lead=_(
                "I har aftalt at følge op på IGLO-handleplanen »%(plan)s« %(date)s. Se sammen på, "
                "om handlingerne på alle fire niveauer er gennemført og har virket, og markér "
                "planen som fulgt op."
            )
            % {"plan": plan.title, "date": _day(plan.follow_up_on)},
            why=_(
                "Du får denne mail, fordi du er leder eller tillidsvalgt på arbejdspladsen. "
                "Den kommer én gang pr. opfølgningsdato og stopper, når planen er fulgt op "
                "eller afsluttet."
            ),
        )


class MeasurementDue:
    """An action's measurement date has come: tell the manager and tillidsvalgte."""

    kind = "iglo-measure"
    label = gettext_lazy("påmindelser om at måle effekten af IGLO-handlinger")

    def due(self, workplace: Workplace, today: date) -> Iterator[Due]:
        actions = (
            IgloAction.objects.filter(
                plan__workplace=workplace,
                plan__status__in=LIVE,
                measure_on__lte=today,
                measure_on__gte=today - CATCH_UP,
            )
            .exclude(status=IgloAction.Status.DROPPED)
            .select_related("plan")
        )
        people: dict[int, list[User]] = {}
        for action in actions:
            if action.plan_id not in people:
                people[action.plan_id] = _plan_people(workplace, action.plan)
            for user in people[action.plan_id]:
                yield Due(self.kind, action.pk, user, action.measure_on.isoformat())

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        action = (
            IgloAction.objects.select_related("plan__workplace")
            .filter(pk=delivery.object_id, plan__status__in=LIVE)
            .exclude(status=IgloAction.Status.DROPPED)
            .first()
        )
        if action is None or action.measure_on != _suffix_date(delivery):
            return None
        return "iglo_reminder", _context(
            action.plan,
            action=action,
            subject=_("Mål effekten: %(text)s") % {"text": shorten(action.text, 60)},
            lead=_(
                "I dag, %(date)s, har I aftalt at måle på effekten af handlingen i "
                "IGLO-handleplanen »%(plan)s«."
            )
            % {"plan": action.plan.title, "date": _day(action.measure_on)},
            why=_(
                "Du får denne mail, fordi du er leder eller tillidsvalgt på arbejdspladsen. "
                "Den kommer én gang pr. måledato."
            ),
        )


SOURCES = (DeadlineSoon(), DeadlinePassed(), FollowUpDue(), MeasurementDue())
