"""Anonymity by construction: the schema itself cannot tell whose ball is whose."""

import threading
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest

from riskmapping import services
from riskmapping.models import Ball, BallRound, Category, DropRecord, MailboxBall
from tests.factories import MembershipFactory, UserFactory

USER_MODEL = settings.AUTH_USER_MODEL.lower()


def _columns(model: type) -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {column.name for column in description}


@pytest.mark.django_db
def test_ball_has_exactly_round_day_colour_note_and_its_sorting():
    sorting = {"category_id", "set_aside", "hidden_reason"}
    assert _columns(Ball) == {"id", "round_id", "day", "colour", "note"} | sorting
    assert _columns(MailboxBall) == {"id", "round_id", "day", "colour", "note"}
    # The key is random and the order is by that key, not by when a ball came in.
    assert Ball._meta.pk.get_internal_type() == "UUIDField"
    assert Ball._meta.ordering == ["id"]


@pytest.mark.django_db
def test_no_path_from_a_ball_to_a_person():
    # A ball points at its round and the category it is sorted under, nothing else. The
    # round's and the category's links to people (participants, who joined a heading at
    # the staff meeting) say nothing about who wrote which note.
    for model in (Ball, MailboxBall):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related in {None, BallRound, Category}, field
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        targets = {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}
        assert targets <= {BallRound._meta.db_table, Category._meta.db_table}


@pytest.mark.django_db
def test_drop_record_and_ball_share_nothing_but_round_and_day():
    assert _columns(Ball) & _columns(DropRecord) == {"round_id", "day"}
    assert not any(getattr(f, "related_model", None) is Ball for f in DropRecord._meta.get_fields())


@pytest.mark.django_db(transaction=True)
def test_one_ball_per_person_per_day_under_concurrent_submissions(cast, solhoj):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent transactions")
    others = [UserFactory() for _ in range(3)]
    for person in others:
        MembershipFactory(workplace=solhoj, user=person)
    today = services.timezone.localdate()
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=today - timedelta(days=1), weekends_count=True
    )
    services.start_round(ball_round, by=cast["leder"])
    people = [cast["medarbejder"], *others]
    tries = 6
    barrier = threading.Barrier(len(people) * tries)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(person) -> None:
        try:
            barrier.wait()
            services.drop_ball(
                ball_round, participant=person, colour="red", note="samtidig", today=today
            )
            result = "ok"
        except ValidationError as error:
            result = error.messages[0]
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=submit, args=(person,)) for person in people for _ in range(tries)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("ok") == len(people)
    assert set(outcomes) == {"ok", "Du har allerede smidt en bold i dag."}
    assert MailboxBall.objects.filter(day=today).count() == len(people)
    assert DropRecord.objects.filter(day=today).count() == len(people)


def _drop_everyone(cast, solhoj, *, people: int):
    others = [UserFactory() for _ in range(people - 1)]
    for person in others:
        MembershipFactory(workplace=solhoj, user=person)
    today = services.timezone.localdate()
    yesterday = today - timedelta(days=1)
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=yesterday, weekends_count=True
    )
    services.start_round(ball_round, by=cast["leder"])
    for number, person in enumerate([cast["medarbejder"], *others]):
        services.drop_ball(
            ball_round, participant=person, colour="red", note=f"seddel {number}", today=yesterday
        )
    return ball_round, yesterday


@pytest.mark.django_db
def test_balls_wait_in_the_mailbox_until_their_day_is_over(cast, solhoj):
    ball_round, yesterday = _drop_everyone(cast, solhoj, people=3)
    assert not Ball.objects.exists()
    # The glass displays count the mailbox too.
    assert services.totals(services.counts(ball_round)) == {"red": 3, "green": 0}
    assert services.empty_mailbox(before=yesterday) == 0
    assert services.empty_mailbox() == 3
    assert not MailboxBall.objects.exists()
    assert sorted(Ball.objects.values_list("note", flat=True)) == [
        "seddel 0",
        "seddel 1",
        "seddel 2",
    ]
    assert services.totals(services.counts(ball_round)) == {"red": 3, "green": 0}


@pytest.mark.django_db(transaction=True)
def test_a_days_balls_share_one_transaction_and_a_shuffled_order(cast, solhoj):
    """What a database reader could use to pair balls with drop records is gone: every
    ball of the day carries the same transaction id and their rows lie in shuffled order."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin and ctid are PostgreSQL's")
    people = 12
    _drop_everyone(cast, solhoj, people=people)
    services.empty_mailbox()
    table = Ball._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text, note FROM {table} ORDER BY ctid")  # noqa: S608
        rows = cursor.fetchall()
    assert len({xmin for xmin, _ in rows}) == 1
    order = [int(note.split()[1]) for _, note in rows]
    assert sorted(order) == list(range(people))
    # 1 in 12! that a fair shuffle keeps the drop order.
    assert order != list(range(people))
