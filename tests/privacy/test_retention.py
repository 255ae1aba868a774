"""The nightly retention jobs, each under frozen time: ball notes after their round is
done, inactive accounts, and the names of people in the history of plans."""

from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings

import pytest

from iglo import services as iglo
from iglo.models import IgloAction, IgloPlan
from privacy import services as privacy
from privacy import tasks as privacy_tasks
from riskmapping import tasks as ball_tasks
from riskmapping.balls import services as balls
from riskmapping.models import (
    Ball,
    BallRound,
    DialogueMeeting,
    MailboxBall,
    MeetingGuest,
    StickyNote,
)
from tests.factories import LocalCommitteeFactory, MembershipFactory, UserFactory
from tests.privacy.conftest import CANARY, noon
from workplaces.models import Change, Membership

pytestmark = pytest.mark.django_db

NIGHT = datetime(2026, 11, 26, 1, 40, tzinfo=UTC)  # 02.40 in Copenhagen


def _colours(ball_round: BallRound) -> list[str]:
    return sorted(Ball.objects.filter(round=ball_round).values_list("colour", flat=True))


# Ball notes ---------------------------------------------------------------------------


def test_notes_are_blanked_a_year_after_the_round_is_done_and_the_balls_stay(
    finished_round, time_machine, cast, solhoj
):
    old = finished_round(date(2025, 9, 1), closed_on=date(2025, 11, 20))
    MailboxBall.objects.create(round=old, day=old.first_day, colour="red", note=CANARY)
    recent = finished_round(date(2025, 11, 1), closed_on=date(2025, 11, 27))
    before = {r.pk: balls.counts(r) for r in (old, recent)}

    time_machine.move_to(NIGHT)
    assert ball_tasks.blank_expired_ball_notes.delay().get() == 4

    assert set(Ball.objects.filter(round=old).values_list("note", "hidden_reason")) == {("", "")}
    assert MailboxBall.objects.get(round=old).note == ""
    # Every ball and its colour stays, so every count of the round stays.
    assert _colours(old) == ["green", "red", "red"]
    assert {r.pk: balls.counts(r) for r in (old, recent)} == before
    # Done 11 months and 30 days ago: kept until its year is up.
    assert all(
        CANARY in note for note in Ball.objects.filter(round=recent).values_list("note", flat=True)
    )
    assert Ball.objects.get(round=recent, colour="green").hidden_reason == "Navn nævnt"
    assert ball_tasks.blank_expired_ball_notes() == 0  # running it again is harmless

    time_machine.move_to(datetime(2026, 11, 28, 1, 40, tzinfo=UTC))
    assert ball_tasks.blank_expired_ball_notes() == 3
    assert not Ball.objects.exclude(note="").exists()


def test_a_round_counts_as_done_from_its_last_step_not_its_start(finished_round, time_machine):
    # Begun two years ago, closed only last month: its notes are still needed.
    late = finished_round(date(2024, 11, 1), closed_on=date(2026, 10, 1))
    time_machine.move_to(NIGHT)
    assert ball_tasks.blank_expired_ball_notes() == 0
    assert Ball.objects.filter(round=late, note__contains=CANARY).count() == 3


def test_unfinished_rounds_are_never_blanked(cast, solhoj, time_machine):
    time_machine.move_to(noon(date(2024, 1, 8)))
    ball_round = balls.start_round(
        balls.plan_round(solhoj, by=cast["leder"], first_day=date(2024, 1, 8), weekends_count=True),
        by=cast["leder"],
    )
    Ball.objects.create(round=ball_round, day=ball_round.first_day, colour="red", note=CANARY)
    BallRound.objects.filter(pk=ball_round.pk).update(status=BallRound.Status.SORTING)
    time_machine.move_to(NIGHT)
    assert ball_tasks.blank_expired_ball_notes() == 0
    assert Ball.objects.get().note == CANARY


@override_settings(BALL_NOTE_RETENTION_MONTHS=3)
def test_the_period_is_a_setting(finished_round, time_machine):
    finished_round(date(2026, 6, 1), closed_on=date(2026, 8, 1))
    time_machine.move_to(NIGHT)
    assert ball_tasks.blank_expired_ball_notes() == 3


# Post-its and guests of dialogue meetings --------------------------------------------------


def _held_meeting(workplace, *, on: date, status=DialogueMeeting.Status.DONE) -> DialogueMeeting:
    meeting = DialogueMeeting.objects.create(
        workplace=workplace, starts_at=noon(on), room="Mødelokale", status=status
    )
    StickyNote.objects.create(meeting=meeting, colour="red", note=f"Travlt {CANARY}")
    StickyNote.objects.create(
        meeting=meeting, colour="green", note=f"Godt team {CANARY}", hidden_reason="Navn nævnt"
    )
    MeetingGuest.objects.create(meeting=meeting, name=f"Vikar {CANARY}", status="accepted")
    return meeting


def test_meeting_post_its_and_guest_names_are_blanked_a_year_after(solhoj, time_machine):
    old = _held_meeting(solhoj, on=date(2025, 11, 20))
    recent = _held_meeting(solhoj, on=date(2025, 11, 27))
    planned = _held_meeting(solhoj, on=date(2024, 1, 8), status=DialogueMeeting.Status.PLANNED)

    time_machine.move_to(NIGHT)
    assert ball_tasks.blank_expired_meeting_notes.delay().get() == 3

    assert set(old.sticky_notes.values_list("colour", "note", "hidden_reason")) == {
        ("red", "", ""),
        ("green", "", ""),
    }
    assert list(old.guests.values_list("name", "status")) == [("", "accepted")]
    # A meeting held 11 months and 30 days ago, and one never held, keep theirs.
    for kept in (recent, planned):
        assert all(CANARY in n for n in kept.sticky_notes.values_list("note", flat=True))
        assert CANARY in kept.guests.get().name
    assert ball_tasks.blank_expired_meeting_notes() == 0  # running it again is harmless


# Inactive accounts ----------------------------------------------------------------------


def _person(username: str, *, last_login: date | None, **fields) -> object:
    person = UserFactory(username=username, **fields)
    type(person).objects.filter(pk=person.pk).update(
        last_login=noon(last_login) if last_login else None,
        date_joined=datetime(2020, 1, 1, tzinfo=UTC),
    )
    return person


def test_accounts_without_access_or_login_for_two_years_are_anonymised(solhoj, cast, time_machine):
    gone = _person("gone", last_login=date(2024, 11, 1))  # no membership, 25 months
    ended = _person("ended", last_login=date(2024, 6, 1))
    MembershipFactory(user=ended, workplace=solhoj, ends_on=date(2024, 6, 30))
    deactivated = _person("deactivated", last_login=date(2024, 1, 1), is_active=False)
    MembershipFactory(user=deactivated, workplace=solhoj)
    never = _person("never", last_login=None)
    recent = _person("recent", last_login=date(2025, 2, 1))  # no membership, 22 months
    member = _person("member", last_login=date(2023, 1, 1))  # a member still
    MembershipFactory(user=member, workplace=solhoj)
    committee = _person("committee", last_login=date(2023, 1, 1))
    LocalCommitteeFactory().members.add(committee)
    hr = _person("hr-old", last_login=date(2023, 1, 1), is_hr_admin=True)
    root = _person("root", last_login=date(2023, 1, 1), is_superuser=True)

    time_machine.move_to(datetime(2026, 11, 26, 1, 50, tzinfo=UTC))
    assert privacy_tasks.anonymise_inactive_accounts.delay().get() == 4

    for person in (gone, ended, deactivated, never):
        person.refresh_from_db()
        assert person.display_name == privacy.FORMER_EMPLOYEE
        assert (person.email, person.is_active) == ("", False)
        assert not person.has_usable_password()
    for person in (recent, member, committee, hr, root, cast["leder"]):
        old_name = person.username
        person.refresh_from_db()
        assert person.username == old_name
        assert person.is_active
    # The ended membership stays as history; the deactivated one ends.
    assert Membership.objects.filter(user=ended, ends_on=date(2024, 6, 30)).exists()
    assert not Membership.objects.active().filter(user=deactivated).exists()
    assert privacy.anonymise_inactive_accounts() == 0  # once is enough


# Names in the history of plans ----------------------------------------------------------


def test_names_in_plan_history_go_after_two_years_and_the_history_stays(cast, solhoj, time_machine):
    leder, amir, tr = cast["leder"], cast["amir"], cast["tr"]
    time_machine.move_to(noon(date(2024, 10, 1)))
    plan = iglo.start_plan(solhoj, by=leder, title="Travlhed om morgenen")
    iglo.save_plan(
        plan,
        by=leder,
        expected_version=plan.version,
        title="Travlhed om morgenen",
        description="Morgenvagten er for travl",
        responsible_manager=leder,
        follow_up_on=None,
    )
    action = iglo.add_action(
        plan, by=leder, level="group", text="Fast pause kl. 10", responsible_member=amir
    )
    time_machine.move_to(noon(date(2024, 11, 1)))
    iglo.save_action(
        action,
        by=amir,
        expected_version=action.version,
        **{
            **{f: getattr(action, f) for f in iglo.ACTION_FIELDS},
            "status": IgloAction.Status.IN_PROGRESS,
            "responsible_member": tr,
        },
    )
    history = Change.objects.filter(
        content_type=ContentType.objects.get_for_model(IgloPlan), object_id=plan.pk
    )
    names = (leder.display_name, amir.display_name, tr.display_name)
    named = [c for c in history if any(n in c.before + c.after for n in names)]
    assert {c.field.rsplit(" – ", 1)[-1] for c in named} == {"Ansvarlig leder", "Ansvarlig person"}
    rows_before = history.count()

    time_machine.move_to(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    assert privacy_tasks.clear_personal_history.delay().get() == 2

    assert history.count() == rows_before  # who changed what, and when, stays
    for change in history.all():
        assert not any(n in change.before + change.after for n in names), change.field
    assert history.filter(after="Morgenvagten er for travl").exists()
    assert history.filter(after=IgloAction.Status.IN_PROGRESS.label).exists()
    assert all(c.by_id for c in history.all())
    assert IgloPlan.objects.get().responsible_manager == leder  # the plan itself is current


def test_recent_history_keeps_its_names(cast, solhoj, time_machine):
    time_machine.move_to(noon(date(2025, 1, 1)))
    plan = iglo.start_plan(solhoj, by=cast["leder"], title="Støj")
    iglo.save_plan(
        plan,
        by=cast["leder"],
        expected_version=plan.version,
        title="Støj",
        description="",
        responsible_manager=cast["leder"],
        follow_up_on=None,
    )
    time_machine.move_to(NIGHT)
    assert privacy.clear_personal_history() == 0
    assert Change.objects.filter(after=cast["leder"].display_name).exists()


def test_beat_runs_each_job_every_night():
    for key, task in [
        ("ball-note-retention", ball_tasks.blank_expired_ball_notes),
        ("meeting-note-retention", ball_tasks.blank_expired_meeting_notes),
        ("inactive-account-retention", privacy_tasks.anonymise_inactive_accounts),
        ("history-retention", privacy_tasks.clear_personal_history),
    ]:
        entry = settings.CELERY_BEAT_SCHEDULE[key]
        assert entry["task"] == task.name
        assert len(entry["schedule"].hour) == 1
        assert len(entry["schedule"].minute) == 1
