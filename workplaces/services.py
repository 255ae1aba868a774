from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from stressprogram.outbox import enqueue
from workplaces import audit, figures, tasks
from workplaces.models import (
    Change,
    HelpRequest,
    Membership,
    MembershipChange,
    User,
    Workplace,
)

Role = Membership.Role


def find_or_create_user(*, email: str, first_name: str, last_name: str) -> tuple[User, bool]:
    """The person with this e-mail address, or a new one who sets a password by invitation."""
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User(username=email.lower(), email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    return user, True


def add_member(
    workplace: Workplace, *, by: User, email: str, first_name: str, last_name: str, role: str
) -> Membership:
    """Add a person to the workplace with a role and e-mail them a link to it."""
    with transaction.atomic():
        user, _created = find_or_create_user(
            email=email, first_name=first_name, last_name=last_name
        )
        return add_person(workplace, user=user, role=role, by=by)


def add_person(workplace: Workplace, *, user: User, role: str, by: User) -> Membership:
    """Give a known person a role in the workplace and e-mail them a link to it."""
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, workplace=workplace).first()
        if membership is not None and Membership.objects.active().filter(pk=membership.pk):
            raise ValidationError(
                _("%(name)s er allerede medlem af %(workplace)s.")
                % {"name": user.display_name, "workplace": workplace.name}
            )
        if membership is None:
            membership = Membership.objects.create(user=user, workplace=workplace, role=role)
        else:  # a former member comes back
            membership.role, membership.starts_on, membership.ends_on = role, None, None
            membership.notified_at = None
            membership.save(update_fields=["role", "starts_on", "ends_on", "notified_at"])
        MembershipChange.objects.create(
            workplace=workplace, person=user, kind=MembershipChange.Kind.ADDED, role=role, by=by
        )
        enqueue(tasks.send_membership_email, membership_id=membership.pk)
    return membership


def move_member(membership: Membership, *, to: Workplace, by: User) -> Membership:
    """Move a person to another workplace with the same role (all or nothing)."""
    if to.pk == membership.workplace_id:
        raise ValidationError(_("Personen er allerede på den arbejdsplads."))
    with transaction.atomic():
        moved = add_person(to, user=membership.user, role=membership.role, by=by)
        remove_member(membership, by=by)
    return moved


def update_workplace_settings(
    workplace: Workplace, *, by: User, kind: str, reminder_hour: int
) -> Workplace:
    """Set the workplace's kind (which risk-mapping method it is offered) and the hour
    its daily reminders go out; the change is kept in its history."""
    changes = [
        (_("Type"), workplace.get_kind_display(), str(Workplace.Kind(kind).label)),
        (
            _("Klokkeslæt for påmindelser"),
            f"{workplace.reminder_hour:02d}.00",
            f"{reminder_hour:02d}.00",
        ),
    ]
    with transaction.atomic():
        workplace.kind, workplace.reminder_hour = kind, reminder_hour
        workplace.full_clean()
        workplace.save(update_fields=["kind", "reminder_hour"])
        record_changes(workplace, workplace=workplace, by=by, changes=changes)
    return workplace


def people_matching(query: str) -> models.QuerySet[User]:
    """People whose name, e-mail or user name holds every word of the query, with their
    memberships in force (for HR's search)."""
    people = User.objects.filter(is_active=True)
    for word in query.split()[:5]:
        people = people.filter(
            models.Q(first_name__icontains=word)
            | models.Q(last_name__icontains=word)
            | models.Q(email__icontains=word)
            | models.Q(username__icontains=word)
        )
    active = Membership.objects.active().select_related("workplace").order_by("workplace__name")
    return people.order_by("first_name", "last_name", "pk").prefetch_related(
        models.Prefetch("memberships", queryset=active, to_attr="active_memberships")
    )


def _ensure_another_manager(membership: Membership) -> None:
    # Someone must always be able to manage the workplace's members.
    others = Membership.objects.active().filter(
        workplace=membership.workplace_id, role=Role.MANAGER
    )
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(
            _("Arbejdspladsen skal have mindst én personaleleder. Tilføj en anden leder først.")
        )


def change_role(membership: Membership, *, by: User, role: str) -> Membership:
    """Give a member another role in the workplace."""
    with transaction.atomic():
        Workplace.objects.select_for_update().filter(pk=membership.workplace_id).first()
        if membership.role == Role.MANAGER and role != Role.MANAGER:
            _ensure_another_manager(membership)
        membership.role = role
        membership.save(update_fields=["role"])
        MembershipChange.objects.create(
            workplace_id=membership.workplace_id,
            person_id=membership.user_id,
            kind=MembershipChange.Kind.ROLE_CHANGED,
            role=role,
            by=by,
        )
    return membership


def remove_member(membership: Membership, *, by: User) -> None:
    """Remove a person from the workplace; what they wrote stays."""
    with transaction.atomic():
        Workplace.objects.select_for_update().filter(pk=membership.workplace_id).first()
        if membership.role == Role.MANAGER:
            _ensure_another_manager(membership)
        MembershipChange.objects.create(
            workplace_id=membership.workplace_id,
            person_id=membership.user_id,
            kind=MembershipChange.Kind.REMOVED,
            role=membership.role,
            by=by,
        )
        membership.delete()


# Audit events about a person's account name them by this object type.
PERSON = "workplaces.user"


def about(person: User) -> dict[str, object]:
    """The audit log's object fields for an event about `person`'s account."""
    return {"object_type": PERSON, "object_id": person.pk}


def note_password_set_by_other(person: User, *, by: User, request: HttpRequest) -> None:
    """`by` (a superuser) chose `person`'s password: audited, mailed to the person, and
    shown to them at their next login."""
    person.password_set_by_other_at = timezone.now()
    person.save(update_fields=["password_set_by_other_at"])
    audit.record(audit.Kind.PASSWORD_SET, request=request, user=by, **about(person))
    enqueue(tasks.send_password_set_notice, user_id=person.pk)


def send_password_reset_link(person: User, *, by: User, request: HttpRequest) -> None:
    """Mail `person` a link to choose a password themselves, to their own address."""
    audit.record(audit.Kind.PASSWORD_RESET_SENT, request=request, user=by, **about(person))
    enqueue(tasks.send_password_reset, user_id=person.pk)


def record_changes(
    subject: models.Model,
    *,
    workplace: Workplace,
    by: User | None,
    changes: Iterable[tuple[str, str, str]],
) -> list[Change]:
    """Keep (field, before, after) of an edit in the history; unchanged fields are skipped.
    Every recorded edit may change what HR's dashboard shows of the workplace, so it marks
    the workplace's figures changed (`figures.changed`), in the edit's transaction."""
    figures.changed(workplace.pk)
    content_type = ContentType.objects.get_for_model(subject)
    rows = [
        Change(
            workplace=workplace,
            content_type=content_type,
            object_id=subject.pk,
            field=field,
            before=before,
            after=after,
            by=by,
        )
        for field, before, after in changes
        if before != after
    ]
    return Change.objects.bulk_create(rows)


def history_of(subject: models.Model) -> models.QuerySet[Change]:
    """The changes of one thing, newest first, with who made them."""
    return Change.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("by")


# Requests to HR/Arbejdsmiljø ------------------------------------------------------


def request_help(workplace: Workplace, *, by: User, kind: str, message: str) -> HelpRequest:
    """Ask HR for a course, ball-method materials or risk-mapping help; mail a receipt."""
    if kind not in HelpRequest.Kind.values:
        raise ValidationError(_("Vælg hvad I vil bestille."))
    with transaction.atomic():
        help_request = HelpRequest.objects.create(
            workplace=workplace, kind=kind, message=message.strip(), requested_by=by, updated_by=by
        )
        enqueue(tasks.send_help_request_email, help_request_id=help_request.pk)
    return help_request


def update_help_request(
    help_request: HelpRequest, *, by: User, status: str, planned_on: object, reply: str
) -> HelpRequest:
    """HR plans, answers or delivers a request; the requester is mailed about the change."""
    if status not in HelpRequest.Status.values:
        raise ValidationError(_("Vælg en gyldig status."))
    if status == HelpRequest.Status.PLANNED and planned_on is None:
        raise ValidationError(_("Skriv hvornår det er planlagt."))
    changed = (help_request.status, help_request.planned_on, help_request.reply) != (
        status,
        planned_on,
        reply.strip(),
    )
    if not changed:
        return help_request
    with transaction.atomic():
        help_request.status, help_request.planned_on = status, planned_on
        help_request.reply, help_request.updated_by = reply.strip(), by
        help_request.revision = models.F("revision") + 1
        help_request.save(
            update_fields=["status", "planned_on", "reply", "updated_by", "revision", "updated_at"]
        )
        help_request.refresh_from_db()
        enqueue(tasks.send_help_request_email, help_request_id=help_request.pk)
    return help_request


def active_members(workplace: Workplace) -> models.QuerySet[User]:
    """The people who are members of the workplace today, by name."""
    return User.objects.filter(
        pk__in=Membership.objects.active().filter(workplace=workplace).values("user"),
        is_active=True,
    ).order_by("first_name", "last_name", "username")
