from datetime import date
from pathlib import Path
from smtplib import SMTPException

from django.conf import settings

from celery import shared_task

from stressprogram.outbox import publish
from workplaces import audit, notifications, os2mo, reminders
from workplaces.models import HelpRequest, ImportBatch, Membership, User, Workplace

# Mail servers fail now and then; retry with backoff. The services make retries idempotent.
RETRY = {"autoretry_for": (OSError, SMTPException), "retry_backoff": 30, "max_retries": 6}


@shared_task(**RETRY)
def send_membership_email(*, membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "workplace").filter(pk=membership_id).first()
    )
    if membership is not None:
        notifications.notify_new_member(membership)


@shared_task(**RETRY)
def send_help_request_email(*, help_request_id: int) -> None:
    help_request = (
        HelpRequest.objects.select_related("workplace", "requested_by")
        .filter(pk=help_request_id)
        .first()
    )
    if help_request is not None:
        notifications.notify_help_request(help_request)


@shared_task(**RETRY)
def send_password_reset(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None and user.email:
        notifications.send_password_reset(user)


@shared_task(**RETRY)
def send_password_set_notice(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None and user.email:
        notifications.send_password_set_notice(user)


@shared_task
def tick_reminders() -> None:
    """Hourly (beat): queue one reminder batch per workplace whose hour has come."""
    # Not kept in the outbox when the broker is down: the next tick queues the batch again
    # while its day lasts, and a day's reminder is no use later (stressprogram/outbox.py).
    reminders.tick(
        queue=lambda pk, today: publish(remind_workplace, workplace_id=pk, today=today.isoformat())
    )


@shared_task(**RETRY)
def remind_workplace(*, workplace_id: int, today: str) -> None:
    workplace = Workplace.objects.filter(pk=workplace_id).first()
    if workplace is not None:
        reminders.remind_workplace(workplace, date.fromisoformat(today))


@shared_task
def plan_import(*, batch_id: int) -> None:
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PLANNING).first()
    if batch is not None:
        os2mo.plan_batch(batch)


@shared_task
def apply_import(*, batch_id: int) -> None:
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        os2mo.apply_batch(batch)


@shared_task
def import_organisation_folder() -> None:
    """Nightly (beat, when OS2MO_IMPORT_FOLDER is set): read, plan and apply if clean."""
    folder = Path(settings.OS2MO_IMPORT_FOLDER)
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.name in os2mo.COLUMNS}
    batch = os2mo.start_batch(files, by=None, source=str(folder))
    if batch.status == ImportBatch.Status.PLANNING:
        os2mo.plan_batch(batch)
    if batch.status == ImportBatch.Status.PLANNED:
        os2mo.apply_batch(batch)


@shared_task
def delete_old_audit_events() -> int:
    """Nightly: the audit log keeps AUDIT_RETENTION_DAYS."""
    return audit.delete_old_events()
