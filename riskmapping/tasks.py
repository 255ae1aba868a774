from celery import shared_task

from riskmapping import retention
from riskmapping.balls import services


@shared_task
def empty_mailbox() -> int:
    """Hourly: the balls of days that are over leave the mailbox, shuffled."""
    return services.empty_mailbox()


@shared_task
def blank_expired_ball_notes() -> int:
    """Nightly (beat): blank the notes of rounds done longer ago than the retention period."""
    return retention.blank_expired_ball_notes()


@shared_task
def blank_expired_meeting_notes() -> int:
    """Nightly (beat): blank the post-its and guest names of dialogue meetings held longer
    ago than the retention period."""
    return retention.blank_expired_meeting_notes()
