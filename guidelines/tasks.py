from smtplib import SMTPException

from celery import shared_task

from guidelines import services
from guidelines.models import GuidelineVersion

# Mail servers fail now and then; retry with backoff. The service sends each mail once.
RETRY = {"autoretry_for": (OSError, SMTPException), "retry_backoff": 30, "max_retries": 6}


@shared_task(**RETRY)
def send_new_version_mails(*, version_id: int) -> None:
    version = (
        GuidelineVersion.objects.select_related("guideline__workplace", "published_by")
        .filter(pk=version_id)
        .first()
    )
    if version is not None:
        services.notify_new_version(version)
