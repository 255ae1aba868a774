"""The one scheduler for every reminder e-mail.

Beat ticks every hour (in UTC, whatever the clocks do); `tick` picks the workplaces whose
Copenhagen-local reminder hour has come today and queues one batch per workplace. A batch
asks every registered source what is due, claims each reminder in ReminderDelivery under
a unique key (so a repeated hour, a retry or a second worker never sends twice) and sends
the claims after they are committed. A workplace whose hour fell in a skipped DST hour, or
while the worker was down, is caught up at the next tick; claims that never went out are
sent again by the sweep.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from stressprogram.mail import send_templated_mail
from workplaces.models import ReminderDelivery, ReminderOptOut, User, Workplace

STALE_CLAIM = timedelta(minutes=15)


@dataclass(frozen=True)
class Due:
    """One reminder that should go out: about `object_id` of `kind`, to `recipient`."""

    kind: str
    object_id: int
    recipient: User
    key_suffix: str = ""  # e.g. the date, for reminders that repeat daily


class Source(Protocol):
    kind: str
    label: str  # what the person turns off, in Danish: "påmindelser om ..."

    def due(self, workplace: Workplace, today: date) -> Iterable[Due]: ...

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        """The e-mail template and context; None when the reminder no longer applies."""


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Called by each annex app (in its AppConfig.ready) for its kinds of reminder."""
    SOURCES[source.kind] = source
    return source


def local_now(now: datetime | None = None) -> datetime:
    return timezone.localtime(now or timezone.now())


def tick(now: datetime | None = None, *, queue: Callable[[int, date], Any]) -> list[int]:
    """Queue a batch for every workplace whose reminder hour has come today; sweep stale
    claims. Returns the workplace ids queued."""
    moment = local_now(now)
    ids = list(
        Workplace.objects.filter(reminder_hour__lte=moment.hour).values_list("pk", flat=True)
    )
    stale = ReminderDelivery.objects.filter(
        sent_at__isnull=True, claimed_at__lt=moment - STALE_CLAIM
    ).values_list("workplace_id", flat=True)
    ids = sorted({*ids, *stale})
    for workplace_id in ids:
        queue(workplace_id, moment.date())
    return ids


def claim_one(workplace: Workplace, due: Due, today: date) -> str:
    """Record one reminder as due (once: a second claim of its key is a no-op); its key."""
    key = f"{due.kind}:{due.object_id}:{due.recipient.pk}:{due.key_suffix}"
    try:
        with transaction.atomic():
            ReminderDelivery.objects.create(
                key=key,
                kind=due.kind,
                object_id=due.object_id,
                workplace=workplace,
                recipient=due.recipient,
                due_on=today,
            )
    except IntegrityError:
        pass  # claimed before: at an earlier tick or by another worker
    return key


def claim(workplace: Workplace, today: date) -> list[int]:
    """Record every reminder now due at the workplace; returns ids of unsent claims."""
    keys = [
        claim_one(workplace, due, today)
        for source in SOURCES.values()
        for due in source.due(workplace, today)
    ]
    stale = ReminderDelivery.objects.filter(workplace=workplace, sent_at__isnull=True)
    return list(stale.filter(key__in=keys).values_list("pk", flat=True)) + list(
        stale.exclude(key__in=keys)
        .filter(claimed_at__lt=timezone.now() - STALE_CLAIM)
        .values_list("pk", flat=True)
    )


def notify(workplace: Workplace, dues: Iterable[Due], today: date | None = None) -> int:
    """Send mails that an event makes due (not the clock): claimed and sent as reminders
    are, so a retried task sends none twice and the sweep sends one a crash left behind.
    Returns how many went out now."""
    today = today or timezone.localdate()
    keys = [claim_one(workplace, due, today) for due in dues]
    unsent = ReminderDelivery.objects.filter(key__in=keys, sent_at__isnull=True)
    return sum(send(pk) for pk in unsent.values_list("pk", flat=True))


def send(delivery_id: int) -> bool:
    """Send one claimed reminder unless it has gone out already; True if sent now."""
    with transaction.atomic():
        delivery = (
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .select_related("recipient", "workplace")
            .filter(pk=delivery_id, sent_at__isnull=True)
            .first()
        )
        if delivery is None:
            return False
        source = SOURCES.get(delivery.kind)
        recipient = delivery.recipient
        # Asked first: building a message may make things (a ball reminder's drop link).
        wanted = source is not None and not opted_out(recipient, delivery.kind)
        message = source.message(delivery) if wanted else None
        if message is not None and recipient.is_active and recipient.email:
            template, context = message
            stop = unsubscribe_url(recipient, delivery.kind)
            send_templated_mail(
                template,
                {
                    "recipient": recipient,
                    "workplace": delivery.workplace,
                    **context,
                },
                [recipient.email],
                unsubscribe_url=stop,
            )
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
    return message is not None


def remind_workplace(workplace: Workplace, today: date) -> int:
    """Claim and send the workplace's due reminders; returns how many went out."""
    return sum(send(delivery_id) for delivery_id in claim(workplace, today))


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# Turning one kind of reminder off from the mail itself (List-Unsubscribe, RFC 8058): the
# link carries the person and the kind, signed, so it needs no login and cannot be made up.

UNSUBSCRIBE_SALT = "workplaces.reminders.unsubscribe"


def unsubscribe_url(user: User, kind: str) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{user.pk}.{kind}")
    return absolute(reverse("workplaces:reminder-unsubscribe", kwargs={"token": token}))


def read_unsubscribe_token(token: str) -> tuple[User, Source] | None:
    """The person and the kind of reminder a link is for; None for a forged or stale one."""
    try:
        pk, kind = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token).split(".", 1)
    except (signing.BadSignature, ValueError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    source = SOURCES.get(kind)
    return (user, source) if user and source else None


def opted_out(user: User, kind: str) -> bool:
    return ReminderOptOut.objects.filter(user=user, kind=kind).exists()


def set_reminders(user: User, kind: str, *, on: bool) -> None:
    """Turn one kind of reminder on or off for the person (idempotent)."""
    if on:
        ReminderOptOut.objects.filter(user=user, kind=kind).delete()
    else:
        ReminderOptOut.objects.get_or_create(user=user, kind=kind)
