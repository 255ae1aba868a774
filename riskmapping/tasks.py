from celery import shared_task

from riskmapping import services


@shared_task
def empty_mailbox() -> int:
    """Hourly: the balls of days that are over leave the mailbox, shuffled."""
    return services.empty_mailbox()
