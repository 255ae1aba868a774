"""Publishing a version of the guidelines mails the workplace's people the link to read and
acknowledge it, through the outbox, once per person."""

from django.core import mail
from django.urls import reverse

import pytest

from guidelines import services, tasks
from workplaces.models import ReminderDelivery

pytestmark = pytest.mark.django_db


def test_publishing_mails_everyone_but_the_publisher_the_link(
    cast, solhoj, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.publish(
            services.guideline_for(solhoj), by=cast["leder"], review_months=12
        )

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        cast[p].email for p in ("amir", "tr", "medarbejder")
    )
    message = next(m for m in mail.outbox if m.to == [cast["medarbejder"].email])
    link = settings.SITE_URL + reverse("guidelines:guideline", kwargs={"slug": solhoj.slug})
    assert message.subject == (
        "Nye lokale retningslinjer for Plejecenter Solhøj (version 1): læs og bekræft"
    )
    assert link in message.body
    assert "bekræft, at du har læst dem" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "Du får denne mail, fordi du er tilknyttet Plejecenter Solhøj" in message.body

    # A retried task sends nobody a second mail.
    tasks.send_new_version_mails(version_id=version.pk)
    assert len(mail.outbox) == 3
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 3


def test_the_mail_waits_in_the_outbox_until_the_transaction_commits(cast, solhoj):
    # Without the commit (the test's transaction is never committed) nothing is sent.
    services.publish(services.guideline_for(solhoj), by=cast["leder"], review_months=12)
    assert mail.outbox == []
