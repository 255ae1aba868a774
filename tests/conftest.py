"""The cast of every test, after healthchecks' alice/bob/charlie:

- leder: manager of Plejecenter Solhøj: runs the process, manages its members.
- amir, tr: the tillidsvalgte of Solhøj: co-edit plans, see what members see.
- medarbejder: an employee of Solhøj: reads, takes part.
- outsider: manager of another workplace: sees nothing of Solhøj (404).
- hr: HR-admin of the municipality: sees every workplace, manages the organisation.
- anonymous: not logged in.
"""

import io
import os

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

import pytest

from tests.factories import MembershipFactory, UserFactory, WorkplaceFactory
from workplaces import expectations, reminders
from workplaces.models import Membership, User, Workplace

# live_server and Playwright's sync API share the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONAS = list(expectations.PERSONAS)  # their names are the keys of every @expects


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo data (`seed_demo`, ~8 s), built once for a test module and rolled back after
    it. Each test runs in a savepoint inside, so what one test changes the next does not see."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def solhoj(db) -> Workplace:
    return WorkplaceFactory(name="Plejecenter Solhøj", slug="plejecenter-solhoj")


@pytest.fixture
def other_workplace(db) -> Workplace:
    return WorkplaceFactory(name="Hjemmeplejen Nord", slug="hjemmeplejen-nord", mobile=True)


@pytest.fixture
def cast(solhoj: Workplace, other_workplace: Workplace) -> dict[str, User | None]:
    def member(username: str, workplace: Workplace, role: str) -> User:
        user = UserFactory(username=username)
        MembershipFactory(user=user, workplace=workplace, role=role)
        return user

    role = Membership.Role
    return {
        "anonymous": None,
        "medarbejder": member("medarbejder", solhoj, role.EMPLOYEE),
        "amir": member("amir", solhoj, role.AMIR),
        "tr": member("tr", solhoj, role.TR),
        "leder": member("leder", solhoj, role.MANAGER),
        "outsider": member("outsider", other_workplace, role.MANAGER),
        "hr": UserFactory(username="hr", hr=True),
    }


@pytest.fixture
def leder(cast: dict[str, User | None]) -> User:
    return cast["leder"]


@pytest.fixture
def client_as(client, cast):
    """`client_as("leder")` is a test client logged in as that persona."""

    def login(persona: str):
        client.logout()
        if cast[persona] is not None:
            client.force_login(cast[persona])
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in Redis, which outlives each test's transaction: without
    this, the suite's many visits to one drop link would add up to a 429 somewhere."""
    yield
    from tests.helpers import clear_rate_limits  # noqa: PLC0415

    clear_rate_limits()


@pytest.fixture(autouse=True)
def _default_language():
    """A test that asks for English (a request with the language cookie, a mail to an
    English reader) leaves it active in the thread; the next test starts in Danish again."""
    yield
    from django.utils import translation  # noqa: PLC0415

    translation.deactivate()


class DailyNudge:
    """A test source of reminders: every member of every workplace, once a day; nothing
    for a person named "moot" (a reminder that no longer applies)."""

    kind = "test-daily"
    label = "testpåmindelser"

    def due(self, workplace, today):
        for membership in workplace.memberships.select_related("user"):
            yield reminders.Due(self.kind, workplace.pk, membership.user, today.isoformat())

    def message(self, delivery):
        if delivery.recipient.username == "moot":
            return None
        return "password_reset", {"user": delivery.recipient, "password_url": "http://x/"}


@pytest.fixture
def nudge():
    """`DailyNudge`, registered with the scheduler for the test."""
    source = reminders.register(DailyNudge())
    yield source
    del reminders.SOURCES[source.kind]
