"""Privacy (GDPR art. 5, 15, 17, 25): what a person can take home, what goes when they
leave, and the retention jobs that are not owned by one annex.

It composes the apps, as the oversight does: the annexes never need to know each other.
See docs/record-of-processing.md for what is held and why.
"""

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from conversations.models import KeyConversation
from conversations.services import deletion_due, retention_months
from guidelines.models import Acknowledgement
from iglo.models import CalendarFeed, IgloAction, IgloPlan, PlanPresence
from riskmapping.models import BallRound, Category, DropRecord, DropToken
from stressprogram.retention import months_ago
from workplaces import audit
from workplaces.models import (
    Change,
    HelpRequest,
    LocalCommittee,
    Membership,
    MembershipChange,
    ReminderDelivery,
    User,
    WorkEnvironmentGroup,
)

logger = logging.getLogger(__name__)

# What a person who has left is called wherever their name was shown (stored data, Danish).
FORMER_EMPLOYEE = "Tidligere medarbejder"
ANONYMISED_PREFIX = "tidligere-"


# A person's data (art. 15 and 20) ------------------------------------------------------


def _moment(value: datetime | None) -> datetime | None:
    # Copenhagen time: the JSON export writes it with its offset, the PDF in Danish style.
    return timezone.localtime(value) if value else None


def balls_statement() -> str:
    return _(
        "Dine bolde og sedler fra boldmetoden er ikke med: de er anonyme, og ingen tabel "
        "forbinder en bold med den, der smed den. Derfor kan ingen – heller ikke du selv – "
        "få udleveret, hvilke bolde der er dine."
    )


def personal_data(user: User) -> dict[str, Any]:
    """Everything Stressprogram holds about `user` that they may see, as plain JSON values."""
    memberships = Membership.objects.filter(user=user).select_related("workplace")
    conversations = list(
        KeyConversation.objects.filter(employee=user)
        .select_related("workplace", "manager")
        .prefetch_related("follow_up_plans")
    )
    actions = IgloAction.objects.filter(responsible_member=user).select_related("plan__workplace")
    plans = IgloPlan.objects.filter(responsible_manager=user).select_related("workplace")
    rounds = list(
        BallRound.objects.filter(participants=user)
        .select_related("workplace")
        .order_by("first_day", "pk")
    )
    # Asked only when there is something to show them with.
    months = retention_months() if conversations else None
    dropped: dict[int, list[date]] = {}
    for record in DropRecord.objects.filter(participant=user).order_by("day") if rounds else []:
        dropped.setdefault(record.round_id, []).append(record.day)
    committees = LocalCommittee.objects.filter(members=user).values_list("name", flat=True)
    groups = WorkEnvironmentGroup.objects.filter(members=user).values_list("name", flat=True)
    return {
        "exported_at": timezone.localtime(),
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "employee_number": user.employee_number,
            "is_hr_admin": user.is_hr_admin,
            "date_joined": _moment(user.date_joined),
            "last_login": _moment(user.last_login),
        },
        "memberships": [
            {
                "workplace": m.workplace.name,
                "role": m.get_role_display(),
                "starts_on": m.starts_on,
                "ends_on": m.ends_on,
                "from_organisation_system": m.imported,
                "created_at": _moment(m.created_at),
            }
            for m in memberships
        ],
        "membership_history": [
            {
                "workplace": c.workplace.name,
                "change": c.get_kind_display(),
                "role": c.get_role_display(),
                "at": _moment(c.at),
            }
            for c in MembershipChange.objects.filter(person=user).select_related("workplace")
        ],
        "committees": sorted(committees.order_by().union(groups.order_by(), all=True)),
        "acknowledgements": [
            {
                "workplace": a.version.guideline.workplace.name,
                "guideline_version": a.version.number,
                "acknowledged_at": _moment(a.acknowledged_at),
            }
            for a in Acknowledgement.objects.filter(user=user)
            .select_related("version__guideline__workplace")
            .order_by("acknowledged_at")
        ],
        # As its subject sees it: the manager's private notes are the manager's alone.
        "key_conversations": [
            {
                "workplace": c.workplace.name,
                "held_on": c.held_on,
                "manager": c.manager.display_name if c.manager else "",
                "calm": c.calm,
                "hope": c.hope,
                "immediate_action": c.immediate_action,
                "calendar": c.calendar,
                "handovers": c.handovers,
                "colleagues_message": c.colleagues_message,
                "told_by": c.told_by,
                "next_meeting_on": c.next_meeting_on,
                "follow_up_plans": [
                    {"kind": p.get_kind_display(), "steps": p.steps}
                    for p in c.follow_up_plans.all()
                ],
                "deleted_on": deletion_due(c, months=months),
            }
            for c in conversations
        ],
        "iglo_actions": [
            {
                "workplace": a.plan.workplace.name,
                "plan": a.plan.title,
                "level": a.get_level_display(),
                "action": a.text,
                "deadline": a.deadline,
                "measure_on": a.measure_on,
                "status": a.get_status_display(),
            }
            for a in actions
        ],
        "iglo_plans_as_manager": [
            {
                "workplace": p.workplace.name,
                "plan": p.title,
                "follow_up_on": p.follow_up_on,
                "status": p.get_status_display(),
            }
            for p in plans
        ],
        "help_requests": [
            {
                "workplace": r.workplace.name,
                "kind": r.get_kind_display(),
                "message": r.message,
                "status": r.get_status_display(),
                "planned_on": r.planned_on,
                "reply": r.reply,
                "created_at": _moment(r.created_at),
            }
            for r in HelpRequest.objects.filter(requested_by=user).select_related("workplace")
        ],
        # Taking part in a round, and the days a ball was dropped, never which ball.
        "ball_rounds": [
            {
                "workplace": r.workplace.name,
                "first_day": r.first_day,
                "status": r.get_status_display(),
                "days_dropped": dropped.get(r.pk, []),
            }
            for r in rounds
        ],
        "ball_round_headings_joined": [
            c.title for c in Category.objects.filter(members=user).order_by("pk")
        ],
        "has_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        "balls": balls_statement(),
        "not_included": _(
            "Nøglesamtaler, du selv har holdt som leder, er ikke med: de handler om en anden "
            "person. Det samme gælder dine private noter fra sådanne samtaler."
        ),
    }


# When a person leaves (art. 17) --------------------------------------------------------


def _person_field_filter() -> Q:
    """History rows whose text is a person's name: the IGLO plan's responsible manager, an
    action's responsible person and who approved a plan, in every language of the app."""
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(str(IgloPlan._meta.get_field("responsible_manager").verbose_name))  # noqa: SLF001
            labels.add(str(IgloAction._meta.get_field("responsible_member").verbose_name))  # noqa: SLF001
            labels.add(_("Godkendt af arbejdsmiljøgruppen"))
    query = Q()
    for label in {label.capitalize() for label in labels}:
        query |= Q(field=label) | Q(field__endswith=f" – {label}")
    return query


def anonymise_person(person: User, *, by: User | None) -> None:
    """Remove a person who has left: their name, e-mail and login go, and so do their key
    conversations as subject, their drop links and records of having dropped a ball.
    What they wrote and the plans they were responsible for stay, naming a former
    employee; the balls were never theirs to begin with, so every count stays."""
    old_name, old_username = person.display_name, person.username
    yesterday = timezone.localdate() - timedelta(days=1)
    with transaction.atomic():
        conversations = KeyConversation.objects.filter(employee=person)
        # Their openings in the audit log go with them, as when a conversation expires.
        audit.forget_object(
            audit.KEY_CONVERSATION, list(conversations.values_list("pk", flat=True))
        )
        conversations.delete()
        DropToken.objects.filter(participant=person).delete()
        dropped = DropRecord.objects.filter(participant=person)
        BallRound.objects.filter(pk__in=dropped.values("round")).update(
            former_participants=F("former_participants") + 1
        )
        dropped.delete()
        CalendarFeed.objects.filter(user=person).delete()
        PlanPresence.objects.filter(user=person).delete()
        ReminderDelivery.objects.filter(recipient=person, sent_at__isnull=True).delete()
        for committee in (LocalCommittee, WorkEnvironmentGroup):
            committee.members.through.objects.filter(user=person).delete()
        for membership in Membership.objects.active().filter(user=person):
            MembershipChange.objects.create(
                workplace_id=membership.workplace_id,
                person=person,
                kind=MembershipChange.Kind.REMOVED,
                role=membership.role,
                by=by,
            )
        # Ended memberships stay for history; engagements that had not begun go.
        Membership.objects.filter(user=person, starts_on__gt=yesterday).delete()
        Membership.objects.filter(user=person).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=yesterday)
        ).update(ends_on=yesterday)
        # The plans' history keeps who was responsible, as a former employee.
        if old_name:
            named = Change.objects.filter(_person_field_filter())
            for column in ("before", "after"):
                named.filter(**{f"{column}__contains": old_name}).update(
                    **{column: Replace(F(column), Value(old_name), Value(FORMER_EMPLOYEE))}
                )
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=old_username).delete()
        person.username = f"{ANONYMISED_PREFIX}{person.pk}"
        person.first_name, person.last_name = FORMER_EMPLOYEE, ""
        person.email = ""
        person.employee_number = None
        person.is_active = person.is_hr_admin = person.is_staff = person.is_superuser = False
        person.set_unusable_password()  # also ends every session they had
        person.save()
    logger.info("Person #%s anonymised by %s", person.pk, f"user #{by.pk}" if by else "retention")


def is_anonymised(person: User) -> bool:
    return person.username == f"{ANONYMISED_PREFIX}{person.pk}"


# Retention jobs (art. 5(1)(e)) ---------------------------------------------------------


def inactive_accounts(*, now: datetime | None = None) -> Any:
    """Accounts with no access today (deactivated, or no membership, committee seat or
    HR role) and no login for INACTIVE_ACCOUNT_MONTHS; never a superuser."""
    cutoff = months_ago(settings.INACTIVE_ACCOUNT_MONTHS, now=now)
    today = timezone.localdate(now)
    stale = Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    has_access = Q(is_active=True) & (
        Q(is_hr_admin=True)
        | Q(pk__in=Membership.objects.active(today).values("user"))
        | Q(pk__in=LocalCommittee.members.through.objects.values("user"))
        | Q(pk__in=WorkEnvironmentGroup.members.through.objects.values("user"))
    )
    return (
        User.objects.filter(stale)
        .exclude(has_access)
        .exclude(is_superuser=True)
        .exclude(username__startswith=ANONYMISED_PREFIX)
    )


def anonymise_inactive_accounts(*, now: datetime | None = None) -> int:
    """Anonymise every inactive account (see `inactive_accounts`); returns how many."""
    count = 0
    for person in inactive_accounts(now=now):
        anonymise_person(person, by=None)
        count += 1
    if count:
        logger.info("Anonymised %s inactive accounts", count)
    return count


def clear_personal_history(*, now: datetime | None = None) -> int:
    """Empty the before/after of history rows naming a person once they are older than
    HISTORY_NAME_RETENTION_MONTHS. The row stays: who changed which field, and when."""
    cutoff = months_ago(settings.HISTORY_NAME_RETENTION_MONTHS, now=now)
    cleared = (
        Change.objects.filter(_person_field_filter(), at__lt=cutoff)
        .exclude(before="", after="")
        .update(before="", after="")
    )
    if cleared:
        logger.info("Cleared the names in %s history rows past the retention period", cleared)
    return cleared
