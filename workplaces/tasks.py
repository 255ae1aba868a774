from datetime import date
from smtplib import SMTPException

from celery import shared_task

from workplaces import reminders, services
from workplaces.models import Membership, User, Workplace

# Mail servers fail now and then; retry with backoff. The services make retries idempotent.
RETRY = {"autoretry_for": (OSError, SMTPException), "retry_backoff": 30, "max_retries": 6}


@shared_task(**RETRY)
def send_membership_email(*, membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "workplace").filter(pk=membership_id).first()
    )
    if membership is not None:
        services.notify_new_member(membership)


@shared_task(**RETRY)
def send_password_reset(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None and user.email:
        services.send_password_reset(user)


@shared_task
def tick_reminders() -> None:
    """Hourly (beat): queue one reminder batch per workplace whose hour has come."""
    reminders.tick(
        queue=lambda pk, today: remind_workplace.delay(workplace_id=pk, today=today.isoformat())
    )


@shared_task(**RETRY)
def remind_workplace(*, workplace_id: int, today: str) -> None:
    workplace = Workplace.objects.filter(pk=workplace_id).first()
    if workplace is not None:
        reminders.remind_workplace(workplace, date.fromisoformat(today))
