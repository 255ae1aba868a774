"""Reminder sources of Bilag 2, registered with the one scheduler (workplaces.reminders)."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from guidelines.models import GuidelineVersion
from workplaces.models import Membership, ReminderDelivery, User, Workplace
from workplaces.reminders import Due, absolute, notify
from workplaces.services import active_members


class GuidelineReviewDue:
    """The published guideline's review date has come: tell the manager and the AMG."""

    kind = "guideline-review"
    label = gettext_lazy("påmindelser om at gennemgå de lokale retningslinjer")

    def due(self, workplace: Workplace, today: date) -> Iterator[Due]:
        version = (
            GuidelineVersion.objects.filter(guideline__workplace=workplace)
            .order_by("-number")
            .only("pk", "review_due")
            .first()
        )
        if version is None or version.review_due > today:
            return
        managers = Membership.objects.active().filter(
            workplace=workplace, role=Membership.Role.MANAGER
        )
        recipients = User.objects.filter(
            Q(pk__in=managers.values("user")) | Q(work_environment_groups__workplaces=workplace)
        ).distinct()
        for user in recipients:
            yield Due(self.kind, version.pk, user)

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        version = (
            GuidelineVersion.objects.select_related("guideline__workplace")
            .filter(pk=delivery.object_id)
            .first()
        )
        if version is None or version.guideline.versions.filter(number__gt=version.number):
            return None  # deleted, or a newer version was published meanwhile
        slug = version.guideline.workplace.slug
        return "guideline_review", {
            "version": version,
            "url": absolute(reverse("guidelines:guideline", kwargs={"slug": slug})),
        }


class GuidelinePublished:
    """A new version is out: every member reads and acknowledges it. Due by the event, not
    the clock (notify_new_version below), so `due` offers nothing."""

    kind = "guideline_published"
    label = gettext_lazy("mails om nye versioner af de lokale retningslinjer")

    def due(self, workplace: Workplace, today: date) -> Iterator[Due]:
        return iter(())

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        version = (
            GuidelineVersion.objects.select_related("guideline__workplace", "published_by")
            .filter(pk=delivery.object_id)
            .first()
        )
        if version is None:
            return None
        slug = version.guideline.workplace.slug
        return "guideline_published", {
            "user": delivery.recipient,
            "version": version,
            "url": absolute(reverse("guidelines:guideline", kwargs={"slug": slug})),
        }


def notify_new_version(version: GuidelineVersion) -> int:
    """Mail the workplace's members (not the publisher) that a version is out, with the
    link to read and acknowledge it, through the one scheduler (claimed once per person);
    returns how many were sent now."""
    workplace = version.guideline.workplace
    people = active_members(workplace).exclude(pk=version.published_by_id).exclude(email="")
    return notify(workplace, [Due("guideline_published", version.pk, p) for p in people])
