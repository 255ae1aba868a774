from celery import shared_task

from stressprogram import outbox, privacy


@shared_task
def anonymise_inactive_accounts() -> int:
    """Nightly (beat): anonymise accounts without access and without login for too long."""
    return privacy.anonymise_inactive_accounts()


@shared_task
def clear_personal_history() -> int:
    """Nightly (beat): empty the names in history rows older than the retention period."""
    return privacy.clear_personal_history()


@shared_task
def drain_outbox() -> int:
    """Every minute (beat): send the tasks kept while the broker was unreachable."""
    return outbox.drain_outbox()
