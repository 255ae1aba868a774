from smtplib import SMTPException

from celery import shared_task

from workplaces import services
from workplaces.models import Membership, User

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
