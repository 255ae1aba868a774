"""Anonymity by construction: the schema itself cannot tell whose ball is whose."""

import threading
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest

from riskmapping import services
from riskmapping.models import Ball, BallRound, DropRecord
from tests.factories import MembershipFactory, UserFactory

USER_MODEL = settings.AUTH_USER_MODEL.lower()


def _columns(model: type) -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {column.name for column in description}


@pytest.mark.django_db
def test_ball_has_exactly_round_day_colour_and_note():
    assert _columns(Ball) == {"id", "round_id", "day", "colour", "note"}
    assert [f.name for f in Ball._meta.get_fields()] == ["id", "round", "day", "colour", "note"]
    # The key is random and the order is by that key, not by when a ball came in.
    assert Ball._meta.pk.get_internal_type() == "UUIDField"
    assert Ball._meta.ordering == ["id"]


@pytest.mark.django_db
def test_no_path_from_a_ball_to_a_person():
    for field in Ball._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related is None or related is BallRound, field
    # The round's own links to people (participants, created_by) are to the round only.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Ball._meta.db_table)
    targets = {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}
    assert targets == {BallRound._meta.db_table}


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
    assert Ball.objects.filter(day=today).count() == len(people)
    assert DropRecord.objects.filter(day=today).count() == len(people)
