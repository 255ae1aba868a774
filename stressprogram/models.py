from django.db import models
from django.utils.translation import gettext_lazy as _


class QueuedTask(models.Model):
    """A background task the broker could not take (Redis down): sent again by
    stressprogram.outbox.drain_outbox once it can. Holds a task name and ids, no content."""

    task = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ventende baggrundsopgave")
        verbose_name_plural = _("ventende baggrundsopgaver")

    def __str__(self) -> str:
        return self.task
