"""Bilag 4: recording, following up and deleting key conversations.

Nothing here writes to the shared change history (workplaces.Change): it outlives the
conversation, and health data must go when the conversation goes.
"""

import logging
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.models import (
    DEFAULT_RETENTION_MONTHS,
    FollowUpPlan,
    KeyConversation,
    RetentionPeriod,
)
from stressprogram.dates import add_months
from workplaces import audit
from workplaces.models import AuditEvent, User, Workplace
from workplaces.services import active_members

logger = logging.getLogger(__name__)


def members_to_talk_with(workplace: Workplace, *, manager: User) -> QuerySet[User]:
    """The workplace's active members a manager may hold a key conversation with."""
    return active_members(workplace).exclude(pk=manager.pk)


def _check_dates(held_on: date, next_meeting_on: date | None) -> None:
    if next_meeting_on is not None and next_meeting_on < held_on:
        raise ValidationError(_("Næste møde kan ikke ligge før samtalen."))


def start_conversation(
    workplace: Workplace,
    *,
    by: User,
    employee: User,
    held_on: date,
    calm: bool,
    hope: bool,
    immediate_action: bool,
    calendar: str,
    handovers: list[dict],
    colleagues_message: str,
    told_by: str,
    next_meeting_on: date | None,
    private_notes: str,
) -> KeyConversation:
    """Record a key conversation that `by` holds with one of the workplace's members."""
    if not members_to_talk_with(workplace, manager=by).filter(pk=employee.pk).exists():
        raise ValidationError(_("Vælg en medarbejder, der er medlem af arbejdspladsen."))
    _check_dates(held_on, next_meeting_on)
    return KeyConversation.objects.create(
        workplace=workplace,
        manager=by,
        employee=employee,
        held_on=held_on,
        calm=calm,
        hope=hope,
        immediate_action=immediate_action,
        calendar=calendar,
        handovers=handovers,
        colleagues_message=colleagues_message,
        told_by=told_by,
        next_meeting_on=next_meeting_on,
        private_notes=private_notes,
    )


def update_conversation(
    conversation: KeyConversation,
    *,
    by: User,
    held_on: date,
    calm: bool,
    hope: bool,
    immediate_action: bool,
    calendar: str,
    handovers: list[dict],
    colleagues_message: str,
    told_by: str,
    next_meeting_on: date | None,
    private_notes: str,
) -> KeyConversation:
    """Save the holder's changes; whom the conversation concerns never changes."""
    if by.pk != conversation.manager_id:
        raise ValidationError(_("Kun lederen, der holdt samtalen, kan rette den."))
    _check_dates(held_on, next_meeting_on)
    conversation.held_on = held_on
    conversation.calm, conversation.hope = calm, hope
    conversation.immediate_action = immediate_action
    conversation.calendar = calendar
    conversation.handovers = handovers
    conversation.colleagues_message = colleagues_message
    conversation.told_by = told_by
    conversation.next_meeting_on = next_meeting_on
    conversation.private_notes = private_notes
    conversation.save()
    return conversation


def delete_conversation(conversation: KeyConversation, *, by: User) -> None:
    """Delete the conversation with its plans and access log (e.g. on the employee's wish);
    the audit log keeps only that `by` deleted it."""
    pk = conversation.pk
    with transaction.atomic():
        conversation.delete()
        audit.forget_object(audit.KEY_CONVERSATION, [pk])
        audit.record(
            AuditEvent.Kind.CONVERSATION_DELETED,
            user=by,
            object_type=audit.KEY_CONVERSATION,
            object_id=pk,
        )
    logger.info("Key conversation #%s deleted by user #%s", pk, by.pk)


# The access log of a key conversation is its events in the audit log (workplaces.audit):
# who opened it, or tried to and was refused, how and when, never what it says.
OPENINGS = [kind for kind in AuditEvent.Kind.values if kind.startswith("conversation.")]
REFUSALS = [AuditEvent.Kind.FORBIDDEN, AuditEvent.Kind.NOT_FOUND]


def log_access(
    conversation: KeyConversation, *, by: User, kind: str, request: HttpRequest | None = None
) -> AuditEvent:
    """Note that `by` opened the conversation (kind: AuditEvent.Kind.CONVERSATION_*)."""
    return audit.record(
        kind,
        request=request,
        user=by,
        object_type=audit.KEY_CONVERSATION,
        object_id=conversation.pk,
    )


def log_refusal(request: HttpRequest, pk: int, *, kind: str) -> AuditEvent:
    """Note that the request's user was refused conversation `pk` (404 or 403)."""
    return audit.record(kind, request=request, object_type=audit.KEY_CONVERSATION, object_id=pk)


def access_log(conversation: KeyConversation) -> QuerySet[AuditEvent]:
    """Who opened the conversation and how, and who was refused it, newest first."""
    return (
        audit.events_for(audit.KEY_CONVERSATION, conversation.pk)
        .filter(kind__in=[*OPENINGS, *REFUSALS])
        .select_related("user")
    )


def save_follow_up_plan(
    conversation: KeyConversation, *, by: User, kind: str, steps: list[dict]
) -> FollowUpPlan:
    """Save a follow-up plan's dated steps; the conversation counts as changed."""
    if kind not in FollowUpPlan.Kind.values:
        raise ValidationError(_("Ukendt opfølgningsplan."))
    if by.pk != conversation.manager_id:
        raise ValidationError(_("Kun lederen, der holdt samtalen, kan rette planen."))
    ordered = sorted(steps, key=lambda step: step["on"])
    with transaction.atomic():
        plan, _created = FollowUpPlan.objects.update_or_create(
            conversation=conversation, kind=kind, defaults={"steps": ordered}
        )
        # The retention period runs from the last change to anything in the conversation.
        KeyConversation.objects.filter(pk=conversation.pk).update(updated_at=timezone.now())
    return plan


def retention_months() -> int:
    """The retention period HR has set, else the default 12 months."""
    months = RetentionPeriod.objects.order_by("pk").values_list("months", flat=True).first()
    return months or DEFAULT_RETENTION_MONTHS


def deletion_due(conversation: KeyConversation, *, months: int | None = None) -> date:
    """The day the conversation is deleted unless it is changed before then."""
    months = retention_months() if months is None else months
    return add_months(timezone.localdate(conversation.updated_at), months)


def delete_expired_conversations(*, now: datetime | None = None) -> int:
    """Delete every key conversation unchanged for the retention period; returns how many."""
    cutoff = add_months(timezone.localtime(now), -retention_months())
    expired = KeyConversation.objects.filter(updated_at__lt=cutoff)
    with transaction.atomic():
        pks = list(expired.values_list("pk", flat=True))
        _total, per_model = expired.filter(pk__in=pks).delete()
        audit.forget_object(audit.KEY_CONVERSATION, pks)
    deleted = per_model.get("conversations.KeyConversation", 0)
    if deleted:
        logger.info("Deleted %s key conversations past the retention period", deleted)
    return deleted
