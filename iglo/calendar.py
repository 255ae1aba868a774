"""A person's IGLO dates as an ICS feed: their deadlines, and the follow-up and
measurement dates of the plans they make as manager or tillidsvalgt."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event

from iglo.models import IgloAction, IgloPlan
from workplaces.models import Membership, User

PLAN_ROLES = (Membership.Role.MANAGER, Membership.Role.AMIR, Membership.Role.TR)


def _event(uid: str, day: object, summary: str, plan: IgloPlan, description: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@stressprogram")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))  # an all-day event
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", settings.SITE_URL + plan.get_absolute_url())
    return event


def calendar_for(user: User) -> bytes:
    """The ICS text of the person's feed."""
    workplaces = Membership.objects.active().filter(user=user, role__in=PLAN_ROLES)
    live = [IgloPlan.Status.ACTIVE, IgloPlan.Status.FOLLOWED_UP]
    plans = list(
        IgloPlan.objects.filter(status__in=live)
        .filter(Q(workplace__in=workplaces.values("workplace")) | Q(responsible_manager=user))
        .select_related("workplace")
    )
    actions = (
        IgloAction.objects.filter(plan__status__in=live)
        .filter(Q(responsible_member=user) | Q(plan__in=[p.pk for p in plans]))
        .select_related("plan__workplace")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Stressprogram//IGLO//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("IGLO-handleplaner"))
    for plan in plans:
        if plan.follow_up_on:
            calendar.add_component(
                _event(
                    f"iglo-plan-{plan.pk}-follow-up",
                    plan.follow_up_on,
                    _("Opfølgning på IGLO-handleplan: %(title)s") % {"title": plan.title},
                    plan,
                    plan.workplace.name,
                )
            )
    for action in actions:
        plan = action.plan
        if action.deadline and action.responsible_member_id == user.pk and action.is_open:
            calendar.add_component(
                _event(
                    f"iglo-action-{action.pk}-deadline",
                    action.deadline,
                    _("Frist: %(text)s") % {"text": action.text[:80]},
                    plan,
                    f"{plan.title} · {plan.workplace.name}",
                )
            )
        if action.measure_on and (action.responsible_member_id == user.pk or plan in plans):
            calendar.add_component(
                _event(
                    f"iglo-action-{action.pk}-measure",
                    action.measure_on,
                    _("Mål effekten: %(text)s") % {"text": action.text[:80]},
                    plan,
                    "\n".join(filter(None, [action.measure_how, plan.title])),
                )
            )
    return calendar.to_ical()
