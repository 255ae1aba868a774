"""Privacy (GDPR art. 5, 15, 17, 25): what a person can take home, what goes when they
leave, and the retention jobs that are not owned by one annex.

It composes the apps, as the oversight does: the annexes never need to know each other.
See docs/record-of-processing.md for what is held and why.
"""

import logging
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import JSONObject, Replace
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from conversations.models import KeyConversation
from conversations.services import deletion_due, retention_months
from guidelines.models import Acknowledgement
from iglo.models import CalendarFeed, IgloAction, IgloPlan, PlanPresence
from riskmapping.models import BallRound, Category, DropRecord, DropToken, Participation
from stressprogram.dates import months_ago
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


def _several(**lists: tuple[QuerySet, dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """Many short lists in one round trip (UNION ALL). Each list is a queryset and the
    fields to read from it (name: lookup path); every row comes back as one JSON object
    tagged with its list's name, and each value is read back by the model field it comes
    from: dates, times, booleans, and a choice as its label. Rows come in no order."""
    parts = [
        queryset.order_by()
        .annotate(list_name=Value(name), row_json=JSONObject(**fields))
        .values_list("list_name", "row_json")
        for name, (queryset, fields) in lists.items()
    ]
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in lists}
    for name, row in parts[0].union(*parts[1:], all=True):
        queryset, fields = lists[name]
        found[name].append(
            {key: _field_value(queryset.model, path, row[key]) for key, path in fields.items()}
        )
    return found


def _field_value(model: type[Model], path: str, value: Any) -> Any:
    *joins, last = path.split(LOOKUP_SEP)
    for name in joins:
        model = model._meta.get_field(name).related_model  # noqa: SLF001 -- Django's public API
    field = model._meta.get_field(last)  # noqa: SLF001
    if value is None:
        return None
    value = field.to_python(value)
    if isinstance(value, datetime) and timezone.is_naive(value):  # SQLite's JSON: UTC
        value = timezone.make_aware(value, UTC)
    if field.choices:
        return force_str(dict(field.flatchoices).get(value, value))
    return value


def personal_data(user: User) -> dict[str, Any]:
    """Everything Stressprogram holds about `user` that they may see, as plain JSON values.
    The lists without objects of their own are read in one round trip (`_several`), so the
    page makes the same few queries whoever asks."""
    memberships = Membership.objects.filter(user=user).select_related("workplace")
    conversations = list(
        KeyConversation.objects.filter(employee=user)
        .select_related("workplace", "manager")
        .prefetch_related("follow_up_plans")
    )
    rounds = list(
        BallRound.objects.filter(participants=user)
        .select_related("workplace")
        .order_by("first_day", "pk")
    )
    # Asked only when there is something to show them with.
    months = retention_months() if conversations else None
    lists = _several(
        history=(
            MembershipChange.objects.filter(person=user),
            {
                "pk": "id",
                "workplace": "workplace__name",
                "kind": "kind",
                "role": "role",
                "at": "at",
            },
        ),
        committees=(LocalCommittee.objects.filter(members=user), {"name": "name"}),
        groups=(WorkEnvironmentGroup.objects.filter(members=user), {"name": "name"}),
        acknowledgements=(
            Acknowledgement.objects.filter(user=user),
            {
                "pk": "id",
                "workplace": "version__guideline__workplace__name",
                "number": "version__number",
                "at": "acknowledged_at",
            },
        ),
        actions=(
            IgloAction.objects.filter(responsible_member=user),
            {
                "pk": "id",
                "workplace": "plan__workplace__name",
                "plan": "plan__title",
                "level": "level",
                "text": "text",
                "deadline": "deadline",
                "measure_on": "measure_on",
                "status": "status",
            },
        ),
        plans=(
            IgloPlan.objects.filter(responsible_manager=user),
            {
                "pk": "id",
                "workplace": "workplace__name",
                "title": "title",
                "follow_up_on": "follow_up_on",
                "status": "status",
                "created_at": "created_at",
            },
        ),
        help_requests=(
            HelpRequest.objects.filter(requested_by=user),
            {
                "pk": "id",
                "workplace": "workplace__name",
                "kind": "kind",
                "message": "message",
                "status": "status",
                "planned_on": "planned_on",
                "reply": "reply",
                "created_at": "created_at",
            },
        ),
        # Which rounds they dropped in; which days is not kept once the days are over.
        took_part=(Participation.objects.filter(participant=user), {"round": "round_id"}),
        dropped=(DropRecord.objects.filter(participant=user), {"round": "round_id"}),
        headings=(Category.objects.filter(members=user), {"pk": "id", "title": "title"}),
        calendar_feed=(CalendarFeed.objects.filter(user=user), {"pk": "id"}),
    )
    took_part = {row["round"] for row in (*lists["took_part"], *lists["dropped"])}

    def newest_first(rows: list[dict], moment: str) -> list[dict]:
        return sorted(rows, key=itemgetter(moment, "pk"), reverse=True)

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
                "workplace": c["workplace"],
                "change": c["kind"],
                "role": c["role"],
                "at": _moment(c["at"]),
            }
            for c in newest_first(lists["history"], "at")
        ],
        "committees": sorted(c["name"] for c in lists["committees"] + lists["groups"]),
        "acknowledgements": [
            {
                "workplace": a["workplace"],
                "guideline_version": a["number"],
                "acknowledged_at": _moment(a["at"]),
            }
            for a in sorted(lists["acknowledgements"], key=itemgetter("at", "pk"))
        ],
        # Health data about them, the manager's private notes included (art. 15).
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
                    {
                        "kind": p.get_kind_display(),
                        "steps": [{"on": on, "step": step} for on, step in p.dated_steps()],
                    }
                    for p in c.follow_up_plans.all()
                ],
                "private_notes": c.private_notes,
                "deleted_on": deletion_due(c, months=months),
            }
            for c in conversations
        ],
        "iglo_actions": [
            {
                "workplace": a["workplace"],
                "plan": a["plan"],
                "level": a["level"],
                "action": a["text"],
                "deadline": a["deadline"],
                "measure_on": a["measure_on"],
                "status": a["status"],
            }
            for a in sorted(lists["actions"], key=itemgetter("pk"))
        ],
        "iglo_plans_as_manager": [
            {
                "workplace": p["workplace"],
                "plan": p["title"],
                "follow_up_on": p["follow_up_on"],
                "status": p["status"],
            }
            for p in newest_first(lists["plans"], "created_at")
        ],
        "help_requests": [
            {
                "workplace": r["workplace"],
                "kind": r["kind"],
                "message": r["message"],
                "status": r["status"],
                "planned_on": r["planned_on"],
                "reply": r["reply"],
                "created_at": _moment(r["created_at"]),
            }
            for r in newest_first(lists["help_requests"], "created_at")
        ],
        # Taking part in a round (a ball on at least one day), never which day or ball.
        "ball_rounds": [
            {
                "workplace": r.workplace.name,
                "first_day": r.first_day,
                "status": r.get_status_display(),
                "dropped_a_ball": r.pk in took_part,
            }
            for r in rounds
        ],
        "ball_round_headings_joined": [
            c["title"] for c in sorted(lists["headings"], key=itemgetter("pk"))
        ],
        "has_calendar_feed": bool(lists["calendar_feed"]),
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
        took_part = Participation.objects.filter(participant=person)
        dropped = DropRecord.objects.filter(participant=person)
        BallRound.objects.filter(
            Q(pk__in=took_part.values("round")) | Q(pk__in=dropped.values("round"))
        ).update(former_participants=F("former_participants") + 1)
        took_part.delete()
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
        person.person_key = None
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
