from celery import shared_task

from stressprogram import outbox


@shared_task
def drain_outbox() -> int:
    """Every minute (beat): send the tasks kept while the broker was unreachable."""
    return outbox.drain_outbox()
