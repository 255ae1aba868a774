from celery import shared_task

from privacy import services

# Named as they were when they lived in stressprogram/tasks.py: the beat schedule and any
# task already queued in Redis at a deploy refer to them by these names.


@shared_task(name="stressprogram.tasks.anonymise_inactive_accounts")
def anonymise_inactive_accounts() -> int:
    """Nightly (beat): anonymise accounts without access and without login for too long."""
    return services.anonymise_inactive_accounts()


@shared_task(name="stressprogram.tasks.clear_personal_history")
def clear_personal_history() -> int:
    """Nightly (beat): empty the names in history rows older than the retention period."""
    return services.clear_personal_history()
