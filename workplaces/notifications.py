"""The e-mails about workplaces and accounts, sent by workplaces.tasks.

Apart from workplaces.services so that the two do not import each other: the services
queue these tasks, and the tasks call these functions.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from stressprogram.mail import send_templated_mail
from workplaces.models import HelpRequest, Membership, User


def password_set_url(user: User) -> str:
    """An absolute link where the user chooses a (new) password; valid for a few days."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def notify_new_member(membership: Membership) -> None:
    """Send the welcome e-mail once; a person without a password gets a link to set one."""
    user = membership.user
    if not user.email:
        return
    # Claim first, so two workers running the same task cannot both send.
    unsent = Membership.objects.filter(pk=membership.pk, notified_at__isnull=True)
    if not unsent.update(notified_at=timezone.now()):
        return
    try:
        send_templated_mail(
            "membership_added",
            {
                "user": user,
                "membership": membership,
                "workplace": membership.workplace,
                "workplace_url": settings.SITE_URL + membership.workplace.get_absolute_url(),
                "password_url": None if user.has_usable_password() else password_set_url(user),
            },
            [user.email],
        )
    except Exception:
        # Not sent: release the claim so the task's retry sends it.
        Membership.objects.filter(pk=membership.pk).update(notified_at=None)
        raise


def send_password_reset(user: User) -> None:
    """E-mail a link to choose a new password."""
    send_templated_mail(
        "password_reset", {"user": user, "password_url": password_set_url(user)}, [user.email]
    )


def send_password_set_notice(person: User) -> None:
    """Tell the person that someone else chose their password."""
    url = settings.SITE_URL + reverse("password_change")
    send_templated_mail("password_set_by_other", {"user": person, "url": url}, [person.email])


def notify_help_request(help_request: HelpRequest) -> None:
    """Mail the requester the request's current state, once per revision."""
    requester = help_request.requested_by
    revision = help_request.revision
    if requester is None or not requester.email:
        return
    # Claim the revision first, so a retried or doubled task never sends it twice.
    claimed = HelpRequest.objects.filter(pk=help_request.pk, notified_revision__lt=revision).update(
        notified_revision=revision
    )
    if not claimed:
        return
    try:
        send_templated_mail(
            "help_request",
            {
                "user": requester,
                "help_request": help_request,
                "workplace": help_request.workplace,
                "is_new": revision == 1,
                "requests_url": settings.SITE_URL
                + reverse("workplaces:help-list", kwargs={"slug": help_request.workplace.slug}),
            },
            [requester.email],
        )
    except Exception:
        HelpRequest.objects.filter(pk=help_request.pk).update(notified_revision=revision - 1)
        raise
