from celery import shared_task

from guidelines import reminders
from guidelines.models import GuidelineVersion
from workplaces.tasks import RETRY  # mail servers fail now and then; each mail goes once


@shared_task(**RETRY)
def send_new_version_mails(*, version_id: int) -> None:
    version = (
        GuidelineVersion.objects.select_related("guideline__workplace", "published_by")
        .filter(pk=version_id)
        .first()
    )
    if version is not None:
        reminders.notify_new_version(version)
