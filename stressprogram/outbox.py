"""The one way to queue background work. While the broker (Redis) is unreachable a request
must neither fail nor wait, and no work may be lost: `enqueue` keeps what the broker could
not take in the database (QueuedTask), and `drain_outbox` (beat, every minute) sends it
once the broker is back. Every task is idempotent, so a task sent twice does no harm.

Where each call site stands:
- welcome and help-request mails, password-reset mails, organisation import planning and
  applying: `enqueue` (outbox). The user has already been told it is on its way; a reset
  link stays valid for three days, and an import can take minutes, too long to run inline.
- the reminder batches the hourly tick queues: `publish`, and on failure nothing is kept.
  The next tick queues every workplace whose hour has come today again and the claims
  (workplaces/reminders.py) send each reminder once, so a reminder for a day that is over
  is never sent late.
"""

import logging
from functools import partial
from typing import Any

from django.db import transaction

from celery import Task, current_app
from kombu.exceptions import OperationalError

from stressprogram.models import QueuedTask
from stressprogram.outage import Outage

logger = logging.getLogger(__name__)

broker = Outage("The Celery broker")


def publish(task: Task, /, **kwargs: Any) -> bool:
    """Send `task` to the broker now; False (and a warning, once a minute) if it is
    unreachable. Shortly after a failure it is not tried again, so pages do not wait."""
    if broker.skipping():
        return False
    try:
        task.apply_async(kwargs=kwargs)
    except OperationalError as error:
        broker.failed(error)
        return False
    broker.succeeded()
    return True


def enqueue(task: Task, /, **kwargs: Any) -> None:
    """Queue `task` with `kwargs` (ids only) once the current transaction commits; kept in
    the outbox while the broker cannot take it."""
    transaction.on_commit(partial(_publish_or_keep, task, kwargs))


def _publish_or_keep(task: Task, kwargs: dict[str, Any]) -> None:
    if not publish(task, **kwargs):
        QueuedTask.objects.create(task=task.name, kwargs=kwargs)


def drain_outbox() -> int:
    """Send the kept tasks, oldest first, until the broker fails again; returns how many
    went. Each row is locked while it is sent, so two drains never send it twice."""
    sent = 0
    while True:
        with transaction.atomic():
            kept = QueuedTask.objects.select_for_update(skip_locked=True).first()
            if kept is None:
                return sent
            task = current_app.tasks.get(kept.task)
            if task is None:  # renamed or removed since: nothing can run it
                logger.error("Dropping queued task %s: no such task.", kept.task)
            elif publish(task, **kept.kwargs):
                sent += 1
            else:
                return sent
            kept.delete()
