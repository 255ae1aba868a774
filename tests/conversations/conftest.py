import pytest

from conversations.models import KeyConversation
from tests.factories import KeyConversationFactory, MembershipFactory, UserFactory
from workplaces.models import User

CANARY = "HEMMELIG-NOTE-KANARIE"  # in every factory conversation's private notes


@pytest.fixture
def conversation(cast, solhoj) -> KeyConversation:
    """A key conversation `leder` holds about `medarbejder`."""
    return KeyConversationFactory(
        workplace=solhoj, manager=cast["leder"], employee=cast["medarbejder"]
    )


@pytest.fixture
def second_manager(solhoj) -> User:
    """Another manager of the same workplace: may hold conversations, but not open this one."""
    user = UserFactory(username="leder-to")
    MembershipFactory(user=user, workplace=solhoj, manager=True)
    return user
