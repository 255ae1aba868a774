"""The pages the query-count test and bench/pages.py measure, on Demo Kommune
(`manage.py seed_demo`), and how the data grows between the two sizes: more workplaces and
members, and more rows under every page (notes, post-its, actions, acknowledgements...)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conversations.models import KeyConversation
from guidelines import services as guidelines
from iglo.models import IgloAction, IgloPlan
from riskmapping.models import Ball, BallRound, DialogueMeeting, DropRecord, StickyNote
from workplaces import audit
from workplaces.models import Area, AuditEvent, Membership, User, Workplace

S = "/workplaces/plejecenter-solhoj/"
N = "/workplaces/hjemmeplejen-nord/"
# {round}: Solhøj's finished ball round; {meeting}: Nord's dialogue meeting that was held;
# {plan}: Solhøj's active IGLO plan; {conversation}: leder's key conversation (`ids`).
PAGES = {
    "home": ("leder", "/"),
    "workplace home": ("leder", S),
    "members": ("leder", S + "members/"),
    "knowledge": ("leder", S + "knowledge/"),
    "guideline": ("leder", S + "guideline/"),
    "priority plan": ("leder", S + "priority-plan/"),
    "key conversations": ("leder", S + "key-conversations/"),
    "key conversation": ("leder", S + "key-conversations/{conversation}/"),
    "IGLO overview": ("leder", S + "iglo/"),
    "IGLO plan": ("leder", S + "iglo/{plan}/"),
    "ball round": ("leder", S + "boldmetoden/"),
    "sorting": ("leder", S + "boldmetoden/{round}/sortering/"),
    "past round": ("leder", S + "boldmetoden/{round}/"),
    "history": ("leder", S + "boldmetoden/historik/"),
    "staff meeting": ("medarbejder1", S + "boldmetoden/{round}/moede/"),
    "dialogue meeting": ("leder2", N + "dialogmetoden/{meeting}/"),
    "dialogue board": ("leder2", N + "dialogmetoden/{meeting}/tavle/"),
    "dialogue results": ("leder2", N + "dialogmetoden/{meeting}/resultat/"),
    "my data": ("medarbejder1", "/mine-data/"),
    "HR: all workplaces": ("hr", "/workplaces/"),
    "HR: oversight": ("hr", "/oversight/"),
    "HR: trends": ("hr", "/oversight/udvikling/"),
}


def ids() -> dict[str, int]:
    """The demo's objects that PAGES' paths name."""
    return {
        "round": BallRound.objects.get(
            workplace__slug="plejecenter-solhoj", status=BallRound.Status.DONE
        ).pk,
        "meeting": DialogueMeeting.objects.get(
            workplace__slug="hjemmeplejen-nord", status=DialogueMeeting.Status.DONE
        ).pk,
        "plan": IgloPlan.objects.get(
            workplace__slug="plejecenter-solhoj", status=IgloPlan.Status.ACTIVE
        ).pk,
        "conversation": KeyConversation.objects.get(manager__username="leder").pk,
    }


def paths() -> dict[str, tuple[str, str]]:
    found = ids()
    return {name: (user, path.format(**found)) for name, (user, path) in PAGES.items()}


def query_counts() -> dict[str, int]:
    counts = {}
    for name, (username, path) in paths().items():
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        client.get(path)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        assert status == 200, (path, status)
        counts[name] = len(queries.captured_queries)
    return counts


def grow() -> None:
    area = Area.objects.create(name="Bench-område")
    Workplace.objects.bulk_create(
        Workplace(name=f"Bench {i}", slug=f"bench-{i}", area=area) for i in range(300)
    )
    users = User.objects.bulk_create(User(username=f"bench{i}") for i in range(300))
    solhoj = Workplace.objects.get(slug="plejecenter-solhoj")
    Membership.objects.bulk_create(Membership(user=u, workplace=solhoj) for u in users)
    # A second published version and more acknowledgements: more rows, same kind of page.
    guideline = guidelines.guideline_for(solhoj)
    version = guidelines.publish(guideline, by=User.objects.get(username="leder"), review_months=12)
    for user in users[:150]:
        guidelines.acknowledge(version, user=user)
    # The other pages' rows: notes of the finished round and the people who dropped them,
    # post-its and attendees at the dialogue meeting, IGLO actions, openings of the key
    # conversation, rounds for HR's trends, and more of medarbejder1's own data.
    found = ids()
    done = BallRound.objects.get(pk=found["round"])
    heading = done.categories.filter(colour="red").first()
    done.participants.add(*users)
    Ball.objects.bulk_create(
        Ball(round=done, day=done.first_day, colour="red", note=f"Seddel {i}", category=heading)
        for i in range(300)
    )
    DropRecord.objects.bulk_create(
        DropRecord(round=done, participant=u, day=done.first_day) for u in users
    )
    meeting = DialogueMeeting.objects.get(pk=found["meeting"])
    meeting.attendees.add(*users)
    board = meeting.categories.filter(colour="red").first()
    StickyNote.objects.bulk_create(
        StickyNote(meeting=meeting, colour="red", note=f"Post-it {i}", category=board)
        for i in range(300)
    )
    IgloAction.objects.bulk_create(
        IgloAction(plan_id=found["plan"], level="group", text=f"Handling {i}") for i in range(100)
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            kind=AuditEvent.Kind.CONVERSATION_VIEWED,
            user=User.objects.get(username="leder"),
            object_type=audit.KEY_CONVERSATION,
            object_id=found["conversation"],
        )
        for _ in range(100)
    )
    BallRound.objects.bulk_create(
        BallRound(workplace=w, status=BallRound.Status.DONE, first_day=done.first_day)
        for w in Workplace.objects.filter(area=area)[:100]
    )
    employee = User.objects.get(username="medarbejder1")
    Membership.objects.bulk_create(
        Membership(user=employee, workplace=w) for w in Workplace.objects.filter(area=area)[:50]
    )
