"""A canary: health data and ball notes carrying a marker go through the app's flows (a ball
dropped through the page and the personal link, a key conversation written and read, the
reminders, the mailbox and every retention job on Celery, an error in the middle of a
request). The marker must never show up in a log record, a Celery task's arguments, an
e-mail (error reports included), a session or any table but the ones that hold the text."""

import logging
from datetime import UTC, date, datetime

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.views.debug import get_default_exception_reporter_filter

import pytest
from celery.signals import before_task_publish, task_prerun

from conversations import tasks as conversation_tasks
from conversations.models import FollowUpPlan, KeyConversation
from privacy import tasks as privacy_tasks
from riskmapping import tasks as ball_tasks
from riskmapping.balls import services as balls
from riskmapping.models import Ball, BallRound, DropRecord, MailboxBall
from tests.factories import MembershipFactory, UserFactory
from tests.privacy.conftest import CANARY
from workplaces import tasks as workplace_tasks

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
MONDAY = date(2026, 12, 7)
# Where the text itself lives, and so where the marker belongs.
HOLDERS = {Ball, MailboxBall, KeyConversation, FollowUpPlan}


@pytest.fixture
def sent_tasks():
    """Every Celery task published or run (eager runs publish nothing) with its arguments."""
    seen: list[tuple[str, object]] = []

    def published(sender=None, body=None, headers=None, **kwargs):
        seen.append((str(sender), (body, headers)))

    def run(sender=None, task=None, args=None, kwargs=None, **extra):
        seen.append((task.name, (args, kwargs)))

    before_task_publish.connect(published, weak=False)
    task_prerun.connect(run, weak=False)
    yield seen
    before_task_publish.disconnect(published)
    task_prerun.disconnect(run)


def _rows_with_marker() -> dict[str, int]:
    found: dict[str, int] = {}
    for model in apps.get_models():
        if model in HOLDERS or model._meta.proxy:
            continue
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model.objects.values_list(*text_fields) if text_fields else []:
            if CANARY in repr(row):
                found[model._meta.label] = found.get(model._meta.label, 0) + 1
    for session in Session.objects.all():
        if CANARY in repr(session.get_decoded()):
            found["sessions"] = found.get("sessions", 0) + 1
    return found


def _record_conversation(client, employee) -> None:
    response = client.post(
        reverse("conversations:conversation-add", kwargs={"slug": SLUG}),
        {
            "employee": employee.pk,
            "held_on": MONDAY.isoformat(),
            "calm": "on",
            "calendar": f"Sygemeldt pga. søvnbesvær {CANARY}",
            "handovers-TOTAL_FORMS": 1,
            "handovers-INITIAL_FORMS": 0,
            "handovers-0-task": f"Nattevagter {CANARY}",
            "handovers-0-to": "Bente",
            "colleagues_message": f"Intet om helbred {CANARY}",
            "told_by": "Lederen",
            "private_notes": f"Tager medicin {CANARY}",
        },
    )
    assert response.status_code == 302, response.content.decode()


def _drop_balls(ball_round: BallRound, cast, colleague) -> str:
    """Balls through the page (logged in) and the personal link (no login), and one refused
    for bad input; returns the page's address."""
    client = Client()
    client.force_login(cast["medarbejder"])
    drop = reverse("riskmapping:ball-drop", kwargs={"slug": SLUG, "pk": ball_round.pk})
    response = client.post(drop, {"colour": "red", "note": f"Alene på vagt {CANARY}"})
    assert response.status_code == 302
    link = balls.token_for(ball_round, colleague).get_absolute_url()
    response = Client().post(link, {"colour": "green", "note": f"Godt team {CANARY}"})
    assert response.status_code == 302
    client.force_login(cast["tr"])
    refused = client.post(drop, {"colour": "blå", "note": f"{CANARY}\x00"})
    assert refused.status_code == 200
    assert not DropRecord.objects.filter(participant=cast["tr"]).exists()
    return drop


def _write_and_read_a_conversation(cast) -> None:
    """The manager records a key conversation; both people read it and print it."""
    manager = Client()
    manager.force_login(cast["leder"])
    _record_conversation(manager, cast["medarbejder"])
    conversation = KeyConversation.objects.get()
    employee = Client()
    employee.force_login(cast["medarbejder"])
    pdf = reverse("conversations:conversation-pdf", kwargs={"slug": SLUG, "pk": conversation.pk})
    for client in (manager, employee):
        assert client.get(conversation.get_absolute_url()).status_code == 200
        assert client.get(pdf).status_code == 200


def _crash_a_drop(drop: str, cast, monkeypatch) -> None:
    """An error in the middle of a drop, as if the database went away."""

    def broken(ball_round, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(balls, "drop_ball", broken)
    client = Client(raise_request_exception=False)
    client.force_login(cast["tr"])
    assert client.post(drop, {"colour": "red", "note": f"Mobbet {CANARY}"}).status_code == 500
    monkeypatch.undo()
    [report] = [m for m in mail.outbox if m.to == ["drift@example.dk"]]
    assert "the database went away" in report.body
    assert "********" in report.body  # the form and the variables, starred out


def _nights(ball_round: BallRound, time_machine) -> None:
    """The night after: the mailbox empties and every retention job runs; then the round
    is done, and a year later its notes and the conversation are gone."""
    time_machine.move_to(datetime(2026, 12, 8, 1, 30, tzinfo=UTC))
    ball_tasks.empty_mailbox.delay()
    assert Ball.objects.filter(note__contains=CANARY).count() == 2
    for task in (
        conversation_tasks.delete_expired_conversations,
        ball_tasks.blank_expired_ball_notes,
        privacy_tasks.anonymise_inactive_accounts,
        privacy_tasks.clear_personal_history,
    ):
        task.delay()
    BallRound.objects.filter(pk=ball_round.pk).update(status=BallRound.Status.DONE)
    time_machine.move_to(datetime(2028, 1, 10, 1, 40, tzinfo=UTC))
    ball_tasks.blank_expired_ball_notes.delay()
    conversation_tasks.delete_expired_conversations.delay()
    assert not Ball.objects.filter(note__contains=CANARY).exists()
    assert not KeyConversation.objects.exists()


@override_settings(ADMINS=[("Drift", "drift@example.dk")])
def test_marked_texts_never_leave_their_tables(
    cast, solhoj, time_machine, caplog, sent_tasks, monkeypatch, fresh_reporter_filter
):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    colleague = UserFactory(username="kollega")
    MembershipFactory(user=colleague, workplace=solhoj)
    solhoj.reminder_hour = 8  # the reminders go out as the round starts
    solhoj.save()

    # Monday 7 December, 08.05 in Copenhagen: the round starts, the reminders go out.
    time_machine.move_to(datetime(2026, 12, 7, 7, 5, tzinfo=UTC))
    leder = cast["leder"]
    ball_round = balls.start_round(
        balls.plan_round(solhoj, by=leder, first_day=MONDAY, weekends_count=True), by=leder
    )
    workplace_tasks.tick_reminders.delay()
    assert len(mail.outbox) >= 4  # one ball reminder per participant
    drop = _drop_balls(ball_round, cast, colleague)
    _write_and_read_a_conversation(cast)
    _crash_a_drop(drop, cast, monkeypatch)
    assert _rows_with_marker() == {}
    _nights(ball_round, time_machine)

    # The capture worked: these are the places the marker could have leaked to.
    task_names = {name for name, _args in sent_tasks}
    assert {
        "workplaces.tasks.remind_workplace",
        "riskmapping.tasks.empty_mailbox",
        "riskmapping.tasks.blank_expired_ball_notes",
    } <= task_names
    assert any(r.name == "django.request" and r.levelno == logging.ERROR for r in caplog.records)
    log_text = caplog.text + "".join(
        f"{r.getMessage()} {r.args!r} {r.exc_text or ''} {r.stack_info or ''}"
        for r in caplog.records
    )
    assert "the database went away" in log_text

    assert CANARY not in log_text
    assert [name for name, args in sent_tasks if CANARY in repr(args)] == []
    for message in mail.outbox:
        content = message.subject + message.body + repr(getattr(message, "alternatives", []))
        assert CANARY not in content, message.subject
    assert _rows_with_marker() == {}
    if "auditevent" in apps.all_models["workplaces"]:
        audit = apps.get_model("workplaces", "AuditEvent")
        assert audit.objects.exists()  # the readings above were logged, without content


@pytest.fixture
def fresh_reporter_filter():
    """Django caches the filter it first builds; tests that swap it must clear the cache."""
    get_default_exception_reporter_filter.cache_clear()
    yield
    get_default_exception_reporter_filter.cache_clear()


def _error_report(client_as, monkeypatch, cast, solhoj) -> str:
    ball_round = balls.start_round(
        balls.plan_round(
            solhoj, by=cast["leder"], first_day=timezone.localdate(), weekends_count=True
        ),
        by=cast["leder"],
    )

    def broken(ball_round, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(balls, "drop_ball", broken)
    client = client_as("tr")
    client.raise_request_exception = False
    drop = reverse("riskmapping:ball-drop", kwargs={"slug": SLUG, "pk": ball_round.pk})
    assert client.post(drop, {"colour": "red", "note": f"Mobbet {CANARY}"}).status_code == 500
    [report] = [m for m in mail.outbox if m.to == ["drift@example.dk"]]
    return report.body


@override_settings(
    ADMINS=[("Drift", "drift@example.dk")],
    DEFAULT_EXCEPTION_REPORTER_FILTER="django.views.debug.SafeExceptionReporterFilter",
)
def test_without_our_filter_the_error_report_would_carry_the_note(
    client_as, monkeypatch, cast, solhoj, fresh_reporter_filter
):
    # The canary above has teeth: Django's own filter lets the note through.
    assert CANARY in _error_report(client_as, monkeypatch, cast, solhoj)


@override_settings(ADMINS=[("Drift", "drift@example.dk")])
def test_error_reports_keep_the_traceback_but_no_values(
    client_as, monkeypatch, cast, solhoj, fresh_reporter_filter
):
    report = _error_report(client_as, monkeypatch, cast, solhoj)
    assert CANARY not in report
    assert "RuntimeError" in report
    assert "riskmapping/balls/views.py" in report  # where it happened
    assert "note = '********************'" in report or "'note': '****" in report
