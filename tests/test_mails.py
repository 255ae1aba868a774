"""Every kind of mail the app sends, made by the real code path and read back from the
email.message Django builds, as a mail client and a mail server see it: plain text with an
HTML alternative, Auto-Submitted (so out-of-office replies stay away), a Message-ID on the
site's domain, the calendar file's content type, and on reminders the one-click
List-Unsubscribe (RFC 8058) that the scheduler honours."""

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from guidelines import services as guideline_services
from guidelines.models import GuidelineVersion
from iglo import services as iglo_services
from iglo.models import IgloPlan, Level
from riskmapping.balls import services as round_services
from riskmapping.dialogue import services as dialogue
from stressprogram.mail import shorten
from tests.factories import MembershipFactory, UserFactory, WorkEnvironmentGroupFactory
from tests.helpers import message_parts, round_running_since_yesterday
from workplaces import notifications, reminders, services
from workplaces.models import HelpRequest, ReminderOptOut

pytestmark = pytest.mark.django_db

SITE = "https://stress.kommune.dk"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_DOMAIN = "stress.kommune.dk"


def _ball_reminder(cast, solhoj) -> None:
    round_running_since_yesterday(solhoj, cast["leder"])
    reminders.remind_workplace(solhoj, timezone.localdate())


def _iglo_reminder(cast, solhoj) -> None:
    plan = iglo_services.start_plan(
        solhoj,
        by=cast["leder"],
        title="Travlhed",
        responsible_manager=cast["leder"],
        follow_up_on=timezone.localdate() + timedelta(days=30),
    )
    for level in Level:
        iglo_services.add_action(
            plan,
            by=cast["leder"],
            level=level,
            text="Et langt navn på en handling, der bliver ved og ved med at fortælle om sig selv",
            responsible_member=cast["tr"],
            deadline=timezone.localdate() + timedelta(days=2),
        )
    iglo_services.set_status(plan, by=cast["leder"], status=IgloPlan.Status.ACTIVE)
    reminders.remind_workplace(solhoj, timezone.localdate())


def _guideline_review(cast, solhoj) -> None:
    group = WorkEnvironmentGroupFactory(name="AMG Solhøj")
    group.workplaces.add(solhoj)
    group.members.add(cast["leder"])
    version = guideline_services.publish(
        guideline_services.guideline_for(solhoj), by=cast["leder"], review_months=12
    )
    GuidelineVersion.objects.filter(pk=version.pk).update(review_due=timezone.localdate())
    reminders.remind_workplace(solhoj, timezone.localdate())


def _membership_added(cast, solhoj) -> None:
    membership = MembershipFactory(user=UserFactory(username="ny"), workplace=solhoj)
    notifications.notify_new_member(membership)


def _password_reset(cast, solhoj) -> None:
    notifications.send_password_reset(cast["medarbejder"])


def _help_request(cast, solhoj) -> None:
    request = services.request_help(
        solhoj, by=cast["leder"], kind=HelpRequest.Kind.values[0], message="Hjælp"
    )
    notifications.notify_help_request(request)


def _dialogue_invitation(cast, solhoj) -> None:
    meeting = dialogue.plan_meeting(
        solhoj, by=cast["leder"], starts_at=timezone.now() + timedelta(days=9), room="A"
    )
    dialogue.send_invitations(meeting, by=cast["leder"])


def _cancelled(cast, solhoj) -> None:
    ball_round = round_services.plan_round(
        solhoj, by=cast["leder"], first_day=timezone.localdate(), weekends_count=True
    )
    round_services.cancel_round(ball_round, by=cast["leder"], reason="Sygdom")


REMINDERS = {
    "ball_reminder": _ball_reminder,
    "iglo": _iglo_reminder,
    "guideline": _guideline_review,
}
OTHERS = {
    "membership_added": _membership_added,
    "password_reset": _password_reset,
    "help_request": _help_request,
    "dialogue_invitation": _dialogue_invitation,
    "cancelled": _cancelled,
}


@pytest.mark.parametrize("kind", [*REMINDERS, *OTHERS])
def test_every_mail_is_text_with_html_auto_submitted_from_the_site_domain(
    kind, cast, solhoj, settings
):
    mail.outbox.clear()
    {**REMINDERS, **OTHERS}[kind](cast, solhoj)
    assert mail.outbox, kind
    for message in mail.outbox:
        read = message_parts(message)
        headers = read["headers"]
        assert headers["Auto-Submitted"] == "auto-generated"
        assert headers["Message-ID"].endswith("@stress.kommune.dk>")
        assert headers["From"] == settings.DEFAULT_FROM_EMAIL  # its domain: test_settings.py
        types = read["types"]
        alternative = ["multipart/alternative", "text/plain", "text/html"]
        if kind in ("dialogue_invitation", "cancelled"):
            assert types == ["multipart/mixed", *alternative, "text/calendar"]
            calendar = read["parts"]["text/calendar"]
            assert calendar.get_param("method") == "PUBLISH"
            assert calendar.get_param("charset") == "utf-8"
            assert calendar.get_filename().endswith(".ics")
        else:
            assert types == alternative
        html = read["parts"]["text/html"].get_payload(decode=True).decode()
        text = read["parts"]["text/plain"].get_payload(decode=True).decode()
        assert SITE in text
        assert SITE in html
        if kind in REMINDERS:
            unsubscribe = headers["List-Unsubscribe"]
            assert unsubscribe.startswith(f"<{SITE}/workplaces/paamindelser/")
            assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert unsubscribe.strip("<>") in text
            assert unsubscribe.strip("<>") in html
        else:
            assert "List-Unsubscribe" not in headers


def test_iglo_subject_is_cut_at_a_word(cast, solhoj):
    _iglo_reminder(cast, solhoj)
    subject = mail.outbox[0].subject
    assert subject == (
        "Frist om få dage: Et langt navn på en handling, der bliver ved og ved med at… – "
        "Plejecenter Solhøj"
    )


def test_shorten_cuts_at_a_word_and_keeps_short_text():
    assert shorten("Kort tekst", 60) == "Kort tekst"
    assert shorten("en  to\ntre", 60) == "en to tre"
    assert shorten("Fast fordeling af telefonen mellem kollegerne", 20) == "Fast fordeling af…"
    assert len(shorten("x" * 100, 20)) == 20


def _unsubscribe_path(user, kind="ball-drop") -> str:
    return reminders.unsubscribe_url(user, kind).removeprefix(SITE)


def test_get_only_asks_and_post_turns_the_kind_off_and_on_again(cast, solhoj, client):
    person = cast["medarbejder"]
    path = _unsubscribe_path(person)
    page = client.get(path)
    assert page.status_code == 200
    assert "Vil du slå den daglige påmindelse om boldmetoden fra?" in page.content.decode()
    assert not ReminderOptOut.objects.exists()  # a mail scanner's GET changes nothing

    done = client.post(path)
    assert "Du får ikke længere den daglige påmindelse om boldmetoden." in done.content.decode()
    assert reminders.opted_out(person, "ball-drop")
    assert not reminders.opted_out(person, "iglo-deadline-soon")

    again = client.post(path, {"on": "1"})
    assert "Du får den daglige påmindelse om boldmetoden igen." in again.content.decode()
    assert not reminders.opted_out(person, "ball-drop")


def test_one_click_post_works_without_a_csrf_token_and_the_scheduler_honours_it(cast, solhoj):
    person = cast["medarbejder"]
    # What a mail program sends (RFC 8058): a form post with this one field, no cookie.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _unsubscribe_path(person),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert reminders.opted_out(person, "ball-drop")

    _ball_reminder(cast, solhoj)
    recipients = {m.to[0] for m in mail.outbox}
    assert person.email not in recipients
    assert cast["amir"].email in recipients


def test_a_forged_or_foreign_link_changes_nothing(cast, client):
    path = _unsubscribe_path(cast["medarbejder"])
    forged = path.replace(f"/{cast['medarbejder'].pk}.", f"/{cast['amir'].pk}.")
    for bad in (forged, "/workplaces/paamindelser/x/", _unsubscribe_path(cast["tr"], "nope")):
        response = client.post(bad)
        assert response.status_code == 404
        assert "Linket virker ikke" in response.content.decode()
    assert not ReminderOptOut.objects.exists()


def test_unsubscribe_page_is_rate_limited(cast, client):
    path = _unsubscribe_path(cast["medarbejder"])
    statuses = [client.get(path).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_cancel_pages_ask_for_a_reason_then_cancel(client_as, cast, solhoj):
    ball_round = round_services.plan_round(
        solhoj, by=cast["leder"], first_day=timezone.localdate(), weekends_count=True
    )
    url = reverse("riskmapping:ballround-cancel", kwargs={"slug": solhoj.slug, "pk": ball_round.pk})
    client = client_as("leder")
    page = client.get(url)
    assert page.status_code == 200
    assert "Hvorfor aflyses der?" in page.content.decode()

    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 200
    assert "Skriv, hvorfor der aflyses" in empty.content.decode()
    ball_round.refresh_from_db()
    assert ball_round.status == "planned"

    done = client.post(url, {"reason": "Halvdelen er syge"}, follow=True)
    assert "Runden er aflyst: Halvdelen er syge" in done.content.decode()
    assert client.get(url).status_code == 404  # cancelled once

    meeting = dialogue.plan_meeting(
        solhoj, by=cast["leder"], starts_at=timezone.now() + timedelta(days=3), room="A"
    )
    url = reverse("riskmapping:dialogue-cancel", kwargs={"slug": solhoj.slug, "pk": meeting.pk})
    done = client.post(url, {"reason": "Lokalet er væk"}, follow=True)
    assert "Mødet er aflyst: Lokalet er væk" in done.content.decode()
    history = reverse(
        "riskmapping:dialogue-meeting", kwargs={"slug": solhoj.slug, "pk": meeting.pk}
    )
    assert client.get(history).status_code == 200
