"""Cancelling a ball round or a dialogue meeting, the same for both methods: the
participants are told why, with a calendar file whose events are STATUS:CANCELLED, which
takes them out of their calendars."""

from collections.abc import Callable, Iterable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from riskmapping.models import BallRound, DialogueMeeting
from stressprogram.forms import one_line
from stressprogram.ics import CONTENT_TYPE as ICS_CONTENT_TYPE
from stressprogram.mail import send_templated_mail
from workplaces.models import User
from workplaces.services import record_changes

REASON_MAX = 500


def clean_reason(reason: str) -> str:
    return one_line(
        reason,
        most=REASON_MAX,
        empty=_("Skriv, hvorfor der aflyses: deltagerne får begrundelsen."),
        too_long=_("Begrundelsen må højst have %(n)s tegn."),
    )


def send_cancellation(
    people: Iterable[User],
    *,
    what: str,
    when: str,
    subject: BallRound | DialogueMeeting,
    by: User,
    ics: tuple[str, bytes],
) -> None:
    context = {
        "what": what,
        "when": when,
        "reason": subject.cancel_reason,
        "workplace": subject.workplace,
        "by": by,
        "url": settings.SITE_URL + subject.get_absolute_url(),
    }
    for person in people:
        send_templated_mail(
            "cancelled",
            {**context, "person": person},
            [person.email],
            attachments=[(ics[0], ics[1], ICS_CONTENT_TYPE)],
        )


def mark_cancelled(
    subject: BallRound | DialogueMeeting,
    *,
    by: User,
    reason: str,
    refusal: str,
) -> None:
    """Cancel a round or meeting with its reason, moving its calendar SEQUENCE on and
    recording the change; the row is locked, so a double click cancels once."""
    reason = clean_reason(reason)
    with transaction.atomic():
        locked = type(subject).objects.select_for_update().get(pk=subject.pk)
        if not locked.may_cancel:
            raise ValidationError(refusal)
        before = locked.get_status_display()
        subject.status = type(subject).Status.CANCELLED
        subject.cancel_reason = reason
        subject.cancelled_at = timezone.now()
        fields = ["status", "cancel_reason", "cancelled_at", *subject.touch_calendar()]
        subject.save(update_fields=fields)
        record_changes(
            subject,
            workplace=subject.workplace,
            by=by,
            changes=[
                (_("Status"), before, subject.get_status_display()),
                (_("Begrundelse for aflysning"), "", reason),
            ],
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Hvorfor aflyses der?"),
        help_text=gettext_lazy("Deltagerne får begrundelsen i mailen om aflysningen."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Skriv, hvorfor der aflyses: deltagerne får begrundelsen.")
        },
    )


def cancel_page(
    request: HttpRequest,
    *,
    subject: BallRound | DialogueMeeting,
    parent: str,
    title: str,
    people: int,
    cancel: Callable[[str], int],
) -> HttpResponse:
    """The form that cancels a round or a meeting with a reason (`cancel(reason)`), shared by
    the ball and dialogue methods."""
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            told = cancel(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Aflyst. %(n)s deltagere har fået besked.") % {"n": told})
            return redirect(subject.get_absolute_url())
    context = {"form": form, "subject": subject, "parent": parent, "title": title}
    context["people"] = people
    return render(request, "riskmapping/cancel.html", context)
