"""The audit log (AuditEvent): one place that records logins, refusals and readings of
sensitive records. It holds who, what kind, which object, when and the client address;
never what a record says, never a typed user name or password."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stressprogram.ratelimit import client_address
from workplaces.models import AuditEvent, User

logger = logging.getLogger(__name__)
Kind = AuditEvent.Kind
# Object types of the sensitive records whose every opening is logged.
KEY_CONVERSATION = "conversations.keyconversation"


def _address(request: HttpRequest | None) -> str | None:
    return (client_address(request) or None) if request is not None else None


def record(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    object_type: str = "",
    object_id: object = "",
) -> AuditEvent:
    """Write one event; `user` defaults to the request's logged-in user."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    return AuditEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.is_authenticated else None,
        object_type=object_type,
        object_id=str(object_id)[:64],
        address=_address(request),
    )


def events_for(object_type: str, object_id: object):
    """Every event about one object, newest first."""
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))


def forget_object(object_type: str, object_ids: list) -> int:
    """Delete the events about deleted objects (a key conversation's openings go with it)."""
    deleted, _per_model = AuditEvent.objects.filter(
        object_type=object_type, object_id__in=[str(pk) for pk in object_ids]
    ).delete()
    return deleted


def delete_old_events(*, now: datetime | None = None) -> int:
    """Delete events older than AUDIT_RETENTION_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _per_model = AuditEvent.objects.filter(at__lt=cutoff).delete()
    if deleted:
        logger.info("Deleted %s audit events past the retention period", deleted)
    return deleted


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(Kind.LOGIN, request=request, user=user)


@receiver(user_logged_in, dispatch_uid="password-set-by-other")
def _tell_about_password_set_by_other(
    sender: Any, request: HttpRequest, user: User, **kwargs: Any
) -> None:
    # The person learns at once that someone else chose their password (also mailed).
    if user.password_set_by_other_at is None or not hasattr(request, "_messages"):
        return
    when = formats.date_format(timezone.localtime(user.password_set_by_other_at), "DATETIME_FORMAT")
    messages.warning(
        request,
        _(
            "Din adgangskode blev ændret af en administrator den %(when)s. Vælg selv en ny "
            "under »Skift adgangskode«. Har du ikke bedt om det, så kontakt IT."
        )
        % {"when": when},
    )
    user.password_set_by_other_at = None
    user.save(update_fields=["password_set_by_other_at"])


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record(Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(
    sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The account, if the name is one; the typed name itself is never stored (people type
    # their password into the wrong field).
    username = credentials.get("username") or ""
    user = User.objects.filter(username=username).first() if username else None
    record(Kind.LOGIN_FAILED, request=request, user=user)
