"""Anonymity by construction: the schema itself cannot tell whose ball is whose."""

import threading
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections
from django.test.utils import CaptureQueriesContext

import pytest

from riskmapping.balls import services
from riskmapping.models import Ball, BallRound, Category, DropRecord, MailboxBall, Participation
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


def _pages(table: str) -> list[tuple]:
    """Every tuple on the table's pages, live or dead, as a DBA reads them with pageinspect:
    (transaction that wrote it, transaction that deleted it or 0, its raw bytes)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        pages = cursor.fetchone()[0]
        found = []
        for page in range(pages):
            cursor.execute(
                "SELECT t_xmin::text, t_xmax::text, t_data"
                " FROM heap_page_items(get_raw_page(%s, %s)) WHERE lp_len > 0",
                [table, page],
            )
            found += [(xmin, xmax, bytes(data)) for xmin, xmax, data in cursor.fetchall()]
    return found


def _xmins(model: type) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT xmin::text FROM {model._meta.db_table}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_after_the_day_no_row_id_xmin_or_page_byte_pairs_a_ball_with_a_person(cast, solhoj):
    """Issue 16.1, as a DBA would try: on a day with one dropper and a day with five, then
    the hourly move. Nothing left in the tables or on their pages says who dropped what."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin, TRUNCATE and pageinspect are PostgreSQL's")
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    except DatabaseError:
        pytest.skip("reading pages with pageinspect needs a superuser, as a DBA has")
    others = [UserFactory() for _ in range(5)]
    for person in others:
        MembershipFactory(workplace=solhoj, user=person)
    today = services.timezone.localdate()
    alone_day, busy_day = today - timedelta(days=2), today - timedelta(days=1)
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=alone_day, weekends_count=True
    )
    services.start_round(ball_round, by=cast["leder"])
    alone = cast["medarbejder"]
    services.drop_ball(ball_round, participant=alone, colour="red", note="ALENE", today=alone_day)
    for number, person in enumerate(others):
        services.drop_ball(
            ball_round, participant=person, colour="green", note=f"TRAVL{number}", today=busy_day
        )
    # During the day the record and its ball never share a transaction.
    assert not _xmins(DropRecord) & _xmins(MailboxBall)
    services.drop_ball(ball_round, participant=others[0], colour="red", note="IDAG", today=today)

    assert services.empty_mailbox() == 6

    # Rows: the days that are over have no records left; who took part has no day.
    assert list(DropRecord.objects.values_list("participant", "day")) == [(others[0].pk, today)]
    assert {p.participant_id for p in Participation.objects.all()} == {
        alone.pk,
        *(p.pk for p in others),
    }
    assert "day" not in _columns(Participation)
    with connection.cursor() as cursor:
        # The DBA's join of a ball's day to the records' days attributes nothing.
        cursor.execute(
            f"SELECT b.note FROM {Ball._meta.db_table} b JOIN {DropRecord._meta.db_table} d"  # noqa: S608
            " ON b.round_id = d.round_id AND b.day = d.day"
        )
        assert cursor.fetchall() == []
        # Ids come from no sequence, so they say nothing about order.
        for model in (MailboxBall, DropRecord, Participation):
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
            assert cursor.fetchone()[0] is None, table

    # xmin: every ball and every participation was written by the one move.
    moved = _xmins(Ball)
    assert len(moved) == 1
    assert _xmins(Participation) == moved
    assert _xmins(DropRecord) == moved  # today's record, rewritten with the rest

    # Pages: rewritten tables hold their live rows and nothing else, no dead tuples, and
    # no byte of the finished days' mailbox or records.
    for model, live in ((MailboxBall, 1), (DropRecord, 1), (Participation, 6)):
        tuples = _pages(model._meta.db_table)
        assert len(tuples) == live, model
        assert {xmax for _xmin, xmax, _data in tuples} == {"0"}, model
        assert {xmin for xmin, _xmax, _data in tuples} == moved, model
    mailbox_bytes = b"".join(data for _x, _y, data in _pages(MailboxBall._meta.db_table))
    assert b"ALENE" not in mailbox_bytes
    assert b"TRAVL" not in mailbox_bytes
    assert b"IDAG" in mailbox_bytes
    # The balls themselves: one transaction for all, no dead copies.
    balls = _pages(Ball._meta.db_table)
    assert len(balls) == 6
    assert {xmin for xmin, _xmax, _data in balls} == moved


@pytest.mark.django_db(transaction=True)
def test_a_drop_by_link_is_two_statements_and_two_transactions(client, cast, solhoj):
    """Issue 21: the send writes the record with the link's check in one statement
    (services.send_ball), then the ball by itself (autocommit, no BEGIN/COMMIT round
    trips), still never in one transaction."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin is PostgreSQL's")
    today = services.timezone.localdate()
    ball_round = services.plan_round(
        solhoj, by=cast["leder"], first_day=today - timedelta(days=1), weekends_count=True
    )
    services.start_round(ball_round, by=cast["leder"])
    link = services.token_for(ball_round, cast["medarbejder"]).get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(link, {"colour": "green", "note": "God dag"})
    assert response.status_code == 302
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == ["INSERT", "INSERT"]
    assert len(_xmins(DropRecord)) == len(_xmins(MailboxBall)) == 1
    assert not _xmins(DropRecord) & _xmins(MailboxBall)
    # Still one ball a day: the second send is refused by the record's unique key.
    response = client.post(link, {"colour": "red", "note": "Igen"})
    assert "Tak for din bold" in response.content.decode()
    assert MailboxBall.objects.count() == DropRecord.objects.count() == 1
