"""A person's IGLO dates as an ICS feed: their deadlines, and the follow-up and
measurement dates of the plans they make as manager or tillidsvalgt."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from iglo.models import IgloAction, IgloPlan
from stressprogram.ics import CalendarEvent, calendar_file
from stressprogram.mail import shorten
from workplaces.models import Membership, User

PLAN_ROLES = (Membership.Role.MANAGER, Membership.Role.AMIR, Membership.Role.TR)


def _event(
    uid: str, day: date, summary: str, item: IgloPlan | IgloAction, plan: IgloPlan, text: str
) -> CalendarEvent:
    """An all-day event; its SEQUENCE is the plan's or action's version, which every edit
    moves on, so a moved date replaces the old one."""
    return CalendarEvent(
        uid=uid,
        summary=summary,
        start=day,
        end=day + timedelta(days=1),
        sequence=item.version,
        modified=item.updated_at,
        description=text,
        url=settings.SITE_URL + plan.get_absolute_url(),
    )


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
    events = [
        _event(
            f"iglo-plan-{plan.pk}-follow-up",
            plan.follow_up_on,
            _("Opfølgning på IGLO-handleplan: %(title)s") % {"title": plan.title},
            plan,
            plan,
            plan.workplace.name,
        )
        for plan in plans
        if plan.follow_up_on
    ]
    for action in actions:
        plan = action.plan
        text = shorten(action.text, 80)
        if action.deadline and action.responsible_member_id == user.pk and action.is_open:
            events.append(
                _event(
                    f"iglo-action-{action.pk}-deadline",
                    action.deadline,
                    _("Frist: %(text)s") % {"text": text},
                    action,
                    plan,
                    f"{plan.title} · {plan.workplace.name}",
                )
            )
        if action.measure_on and (action.responsible_member_id == user.pk or plan in plans):
            events.append(
                _event(
                    f"iglo-action-{action.pk}-measure",
                    action.measure_on,
                    _("Mål effekten: %(text)s") % {"text": text},
                    action,
                    plan,
                    "\n".join(filter(None, [action.measure_how, plan.title])),
                )
            )
    return calendar_file(product="IGLO", name=_("IGLO-handleplaner"), events=events)
