"""Every URL of the app × every method × every persona → the status a user gets.

What each persona gets is declared beside each view (`@expects`, workplaces/expectations.py).
This file walks the URL configuration: a URL without a declaration fails
`test_every_url_declares_what_each_persona_gets`, so a new view cannot ship without its
permission rows. The data a URL needs (its kwargs) is test data and lives here, in KWARGS.
"""

from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from tests.conftest import PERSONAS
from tests.helpers import clear_rate_limits
from workplaces.expectations import ANONYMOUS, HR, MANAGER, OUTSIDER, declared_on
from workplaces.models import Membership

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
OUTSIDER_SLUG = "hjemmeplejen-nord"  # the outsider manages it (tests/conftest.py)


def _member_pk() -> dict[str, object]:
    membership = Membership.objects.get(user__username="medarbejder")
    return {"slug": SLUG, "pk": membership.pk}


def _published(**extra: object):
    """Kwargs for a URL of version 1 of Solhøj's published guideline."""

    def kwargs() -> dict[str, object]:
        from guidelines import services  # noqa: PLC0415

        workplace = Membership.objects.get(user__username="leder").workplace
        leder = Membership.objects.get(user__username="leder").user
        guideline = services.guideline_for(workplace)
        services.publish(guideline, by=leder, review_months=12)
        return {"slug": SLUG, **extra}

    return kwargs


def _batch():
    from workplaces.models import ImportBatch  # noqa: PLC0415

    return ImportBatch.objects.create(source="test", status=ImportBatch.Status.INVALID)


def _plan_revision(**extra: object):
    """Kwargs for a URL of revision 1 of Solhøj's priority plan."""

    def kwargs() -> dict[str, object]:
        from guidelines import services  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        plan = services.priority_plan_for(leder.workplace)
        services.save_priority_plan(
            plan,
            by=leder.user,
            expected_version=plan.version,
            tasks=[],
            resources="",
            goals="",
            framework="",
            clarifications=[],
        )
        return {"slug": SLUG, **extra}

    return kwargs


def _conversation(**extra: object):
    """Kwargs for a URL of a key conversation `leder` holds about `medarbejder`."""

    def kwargs() -> dict[str, object]:
        from tests.factories import KeyConversationFactory  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        conversation = KeyConversationFactory(
            workplace=leder.workplace,
            manager=leder.user,
            employee=Membership.objects.get(user__username="medarbejder").user,
        )
        return {"slug": SLUG, "pk": conversation.pk, **extra}

    return kwargs


def _iglo(*, action: bool = False, **extra: object):
    """Kwargs for a URL of an IGLO plan of Solhøj (and one of its actions)."""

    def kwargs() -> dict[str, object]:
        from iglo import services  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        plan = services.start_plan(leder.workplace, by=leder.user, title="Travlhed")
        found = {"slug": SLUG, "pk": plan.pk, **extra}
        if action:
            item = services.add_action(plan, by=leder.user, level="group", text="Pauser")
            found["action_pk"] = item.pk
        return found

    return kwargs


def _calendar_feed() -> dict[str, object]:
    from iglo import services  # noqa: PLC0415

    feed = services.calendar_feed_for(Membership.objects.get(user__username="leder").user)
    return {"pk": feed.pk, "token": feed.token}


def _unsubscribe_link() -> dict[str, object]:
    from workplaces import reminders  # noqa: PLC0415

    url = reminders.unsubscribe_url(
        Membership.objects.get(user__username="medarbejder").user, "ball-drop"
    )
    return {"token": url.rstrip("/").rsplit("/", 1)[1]}


def _help_request() -> dict[str, object]:
    from workplaces.models import HelpRequest  # noqa: PLC0415

    leder = Membership.objects.get(user__username="leder")
    item = HelpRequest.objects.create(
        workplace=leder.workplace, kind="course", requested_by=leder.user
    )
    return {"pk": item.pk}


def _ball_round(*, start: bool = True):
    """Kwargs for a URL of a round of the ball method at Solhøj, running from today."""

    def kwargs() -> dict[str, object]:
        from django.utils import timezone  # noqa: PLC0415

        from riskmapping.balls import services  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        ball_round = services.plan_round(
            leder.workplace, by=leder.user, first_day=timezone.localdate(), weekends_count=True
        )
        if start:
            services.start_round(ball_round, by=leder.user)
        return {"slug": SLUG, "pk": ball_round.pk}

    return kwargs


def _drop_link() -> dict[str, object]:
    from riskmapping.balls import services  # noqa: PLC0415
    from riskmapping.models import BallRound  # noqa: PLC0415

    _ball_round()()
    medarbejder = Membership.objects.get(user__username="medarbejder").user
    link = services.token_for(BallRound.objects.get(), medarbejder)
    return {"token": link.token}


def _paper_round() -> dict[str, object]:
    """Kwargs for a URL of a round on paper at Solhøj, running from today."""
    from django.utils import timezone  # noqa: PLC0415

    from riskmapping.balls import services  # noqa: PLC0415
    from riskmapping.models import BallRound  # noqa: PLC0415

    leder = Membership.objects.get(user__username="leder")
    ball_round = services.plan_round(
        leder.workplace,
        by=leder.user,
        first_day=timezone.localdate(),
        weekends_count=True,
        mode=BallRound.Mode.PAPER,
    )
    services.start_round(ball_round, by=leder.user)
    return {"slug": SLUG, "pk": ball_round.pk}


def _kiosk_link() -> dict[str, object]:
    from riskmapping.balls import kiosk  # noqa: PLC0415
    from riskmapping.models import BallRound  # noqa: PLC0415

    _ball_round()()
    leder = Membership.objects.get(user__username="leder").user
    ball_round = kiosk.enable_kiosk(BallRound.objects.get(), by=leder)
    return {"token": ball_round.kiosk_token}


def _presenter_link() -> dict[str, object]:
    """The meeting room's screen of a dialogue meeting in its group work."""
    from riskmapping import presenter  # noqa: PLC0415
    from riskmapping.models import DialogueMeeting  # noqa: PLC0415

    _dialogue("groups")()
    leder = Membership.objects.get(user__username="leder").user
    meeting = presenter.enable(DialogueMeeting.objects.get(), by=leder)
    return {"token": meeting.presenter_token}


def _sorted_round(
    status: str = "sorting", *, category: bool = False, note: bool = False, proposal: bool = False
):
    """Kwargs for a URL of a round at Solhøj whose days are over, in `status` (sorting,
    meeting or done): five took part (fewer may not be sorted), the manager's red note,
    a red heading (that note under it from the meeting on) and, from the meeting on, a
    proposal."""

    def kwargs() -> dict[str, object]:
        from datetime import timedelta  # noqa: PLC0415

        from django.utils import timezone  # noqa: PLC0415

        from riskmapping.balls import services  # noqa: PLC0415
        from riskmapping.models import Ball  # noqa: PLC0415
        from riskmapping.sorting import services as sorting  # noqa: PLC0415
        from tests.factories import MembershipFactory  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        MembershipFactory(workplace=leder.workplace)  # the fifth member
        first_day = timezone.localdate() - timedelta(days=20)
        ball_round = services.plan_round(
            leder.workplace, by=leder.user, first_day=first_day, weekends_count=True
        )
        services.start_round(ball_round, by=leder.user)
        for person in ball_round.participants.exclude(pk=leder.user_id):
            services.drop_ball(
                ball_round, participant=person, colour="green", note="God dag", today=first_day
            )
        services.drop_ball(
            ball_round, participant=leder.user, colour="red", note="Travlt", today=first_day
        )
        services.begin_sorting(ball_round, by=leder.user)
        heading = sorting.add_category(ball_round, colour="red", title="Travlhed")
        ball = Ball.objects.get(round=ball_round, note="Travlt")
        found: dict[str, object] = {"slug": SLUG, "pk": ball_round.pk}
        if status in ("meeting", "done"):
            sorting.file_note(ball_round, ball.pk, category=heading)
            green = sorting.add_category(ball_round, colour="green", title="Samarbejde")
            for other in Ball.objects.filter(round=ball_round, colour="green"):
                sorting.file_note(ball_round, other.pk, category=green)
            services.begin_meeting(ball_round, by=leder.user)
            heading.refresh_from_db()
            item = sorting.add_proposal(heading, text="Faste pauser")
            if proposal:
                found["proposal_pk"] = item.pk
        if status == "done":
            services.finish_round(ball_round, by=leder.user)
        if category:
            found["category_pk"] = heading.pk
        if note:
            found["note_pk"] = ball.pk
        return found

    return kwargs


def _dialogue(
    phase: str | None = "groups",
    *,
    code: bool = False,
    note: bool = False,
    category: bool = False,
    proposal: bool = False,
    guest: bool = False,
):
    """Kwargs for a URL of a dialogue meeting at Solhøj, running in `phase` (None: planned):
    a red note under a red heading with a proposal, and a guest waiting at the door."""

    def kwargs() -> dict[str, object]:
        from datetime import timedelta  # noqa: PLC0415

        from django.utils import timezone  # noqa: PLC0415

        from riskmapping.dialogue import services as dialogue  # noqa: PLC0415
        from riskmapping.models import StickyNote  # noqa: PLC0415
        from riskmapping.sorting import services as sorting  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        meeting = dialogue.plan_meeting(
            leder.workplace,
            by=leder.user,
            starts_at=timezone.now() + timedelta(days=1),
            room="Mødelokale",
        )
        red = StickyNote.objects.create(meeting=meeting, colour="red", note="Travlt")
        found: dict[str, object] = {"slug": SLUG, "pk": meeting.pk}
        if phase is not None:
            meeting = dialogue.move(meeting, dialogue.START, by=leder.user)
            heading = sorting.add_category(meeting, colour="red", title="Travlhed")
            sorting.file_note(meeting, red.pk, category=heading)
            item = heading.proposals.create(text="Faste pauser")
            while dialogue.PHASES[meeting.phase].key != phase:
                meeting = dialogue.move(meeting, dialogue.SKIP, by=leder.user)
            found.update(category_pk=heading.pk, proposal_pk=item.pk)
        if guest:
            found["guest_pk"] = dialogue.request_seat(meeting, name="Gæst").pk
        if code:
            return {"code": meeting.join_code}
        keep = {"slug", "pk"} | {
            name
            for name, wanted in (
                ("note_pk", note),
                ("category_pk", category),
                ("proposal_pk", proposal),
                ("guest_pk", guest),
            )
            if wanted
        }
        found["note_pk"] = red.pk
        return {name: value for name, value in found.items() if name in keep}

    return kwargs


Kwargs = dict[str, object] | Callable[[], dict[str, object]]

# name -> the URL's kwargs, or a function that makes the data and returns them.
KWARGS: dict[str, Kwargs] = {
    "workplace-home": {"slug": SLUG},
    "workplace-pdf": {"slug": SLUG},
    "workplaces:import-detail": lambda: {"pk": _batch().pk},
    "workplaces:import-apply": lambda: {"pk": _batch().pk},
    "workplaces:member-list": {"slug": SLUG},
    "workplaces:help-list": {"slug": SLUG},
    "workplaces:help-update": _help_request,
    "workplaces:member-add": {"slug": SLUG},
    "workplaces:member-edit": _member_pk,
    "workplaces:member-remove": _member_pk,
    "workplaces:workplace-settings": {"slug": SLUG},
    "workplaces:person": lambda: {
        "pk": Membership.objects.get(user__username="medarbejder").user_id
    },
    "guidelines:knowledge": {"slug": SLUG},
    "guidelines:knowledge-edit": {"slug": SLUG},
    "guidelines:knowledge-pdf": {"slug": SLUG},
    "guidelines:knowledge-blank-pdf": {"slug": SLUG},
    "guidelines:guideline": {"slug": SLUG},
    "guidelines:cell-edit": {"slug": SLUG, "level": "committee", "zone": "risk"},
    "guidelines:step-set": {"slug": SLUG},
    "guidelines:publish": {"slug": SLUG},
    "guidelines:version": _published(number=1),
    "guidelines:acknowledge": _published(number=1),
    "guidelines:acknowledgements": _published(),
    "guidelines:workshop": {"slug": SLUG},
    "guidelines:guideline-pdf": _published(),
    "guidelines:template-pdf": {"slug": SLUG},
    "guidelines:priority-plan": {"slug": SLUG},
    "guidelines:priority-plan-edit": {"slug": SLUG},
    "guidelines:priority-plan-revision": _plan_revision(number=1),
    "guidelines:priority-plan-use": {"slug": SLUG},
    "guidelines:priority-plan-pdf": {"slug": SLUG},
    "conversations:conversation-list": {"slug": SLUG},
    "conversations:conversation-add": {"slug": SLUG},
    "conversations:guide-pdf": {"slug": SLUG},
    "conversations:conversation": _conversation(),
    "conversations:conversation-pdf": _conversation(),
    "conversations:conversation-edit": _conversation(),
    "conversations:conversation-delete": _conversation(),
    "conversations:follow-up-plan": _conversation(kind="relief"),
    "conversations:follow-up-plan-edit": _conversation(kind="return"),
    "iglo:overview": {"slug": SLUG},
    "iglo:plan-add": {"slug": SLUG},
    "iglo:export-csv": {"slug": SLUG},
    "iglo:export-json": {"slug": SLUG},
    "iglo:plan": _iglo(),
    "iglo:plan-live": _iglo(),
    "iglo:plan-edit": _iglo(),
    "iglo:plan-status": _iglo(),
    "iglo:plan-approve": _iglo(),
    "iglo:plan-pdf": _iglo(),
    "iglo:plan-csv": _iglo(),
    "iglo:plan-json": _iglo(),
    "iglo:action-add": _iglo(),
    "iglo:action-edit": _iglo(action=True),
    "iglo:action-watch": _iglo(action=True),
    "iglo:action-delete": _iglo(action=True),
    "iglo:calendar-feed": _calendar_feed,
    "workplaces:reminder-unsubscribe": _unsubscribe_link,
    "riskmapping:ballround": {"slug": SLUG},
    "riskmapping:ballround-plan": {"slug": SLUG},
    "riskmapping:history": {"slug": SLUG},
    "riskmapping:past-round": _ball_round(),
    "riskmapping:ballround-start": _ball_round(start=False),
    "riskmapping:ballround-cancel": _ball_round(start=False),
    "riskmapping:ball-drop": _ball_round(),
    "riskmapping:drop-link-renew": _ball_round(),
    "riskmapping:token-drop": _drop_link,
    "riskmapping:kiosk-enable": _ball_round(),
    "riskmapping:kiosk-revoke": _ball_round(),
    "riskmapping:kiosk": _kiosk_link,
    "riskmapping:paper-counts": _paper_round,
    "riskmapping:paper-transcribe": _paper_round,
    "riskmapping:paper-slips": _paper_round,
    "riskmapping:round-calendar": _ball_round(),
    "riskmapping:poster": _ball_round(),
    "riskmapping:ballround-advance": _sorted_round(),
    "riskmapping:sorting": _sorted_round(),
    "riskmapping:category-add": _sorted_round(),
    "riskmapping:category-rename": _sorted_round(category=True),
    "riskmapping:category-merge": _sorted_round(category=True),
    "riskmapping:category-delete": _sorted_round(category=True),
    "riskmapping:notes-move": _sorted_round(),
    "riskmapping:presenter-enable": _sorted_round("meeting"),
    "riskmapping:dialogue-presenter-enable": _dialogue("groups"),
    "riskmapping:presenter": _presenter_link,
    "riskmapping:presenter-live": _presenter_link,
    "riskmapping:presenter-qr": _presenter_link,
    "riskmapping:note-file": _sorted_round(note=True),
    "riskmapping:note-hide": _sorted_round(note=True),
    "riskmapping:note-show": _sorted_round(note=True),
    "riskmapping:meeting-agenda": _sorted_round(),
    "riskmapping:meeting": _sorted_round("meeting"),
    "riskmapping:projector": _sorted_round("meeting"),
    "riskmapping:projector-live": _sorted_round("meeting"),
    "riskmapping:join": _sorted_round("meeting", category=True),
    "riskmapping:propose": _sorted_round("meeting", category=True),
    "riskmapping:track": _sorted_round("meeting", proposal=True),
    "riskmapping:category-iglo": _sorted_round("meeting", category=True),
    "riskmapping:report-pdf": _sorted_round("done"),
    "riskmapping:dialogue": {"slug": SLUG},
    "riskmapping:dialogue-plan": {"slug": SLUG},
    "riskmapping:dialogue-meeting": _dialogue(None),
    "riskmapping:dialogue-edit": _dialogue(None),
    "riskmapping:dialogue-groups": _dialogue(None),
    "riskmapping:dialogue-invite": _dialogue(None),
    "riskmapping:dialogue-cancel": _dialogue(None),
    "riskmapping:dialogue-agenda-pdf": _dialogue(None),
    "riskmapping:dialogue-board": _dialogue(),
    "riskmapping:dialogue-board-live": _dialogue(),
    "riskmapping:dialogue-phase": _dialogue(),
    "riskmapping:dialogue-qr": _dialogue(),
    "riskmapping:dialogue-guest": _dialogue(guest=True),
    "riskmapping:dialogue-clustering": _dialogue("clustering"),
    "riskmapping:dialogue-category-add": _dialogue("clustering"),
    "riskmapping:dialogue-category-rename": _dialogue("clustering", category=True),
    "riskmapping:dialogue-category-merge": _dialogue("clustering", category=True),
    "riskmapping:dialogue-category-delete": _dialogue("clustering", category=True),
    "riskmapping:dialogue-category-iglo": _dialogue("roundoff", category=True),
    "riskmapping:dialogue-notes-move": _dialogue("clustering"),
    "riskmapping:dialogue-note-file": _dialogue("clustering", note=True),
    "riskmapping:dialogue-note-hide": _dialogue("clustering", note=True),
    "riskmapping:dialogue-note-show": _dialogue("clustering", note=True),
    "riskmapping:dialogue-track": _dialogue("roundoff", proposal=True),
    "riskmapping:dialogue-results": _dialogue("roundoff"),
    "riskmapping:dialogue-summary-pdf": _dialogue("roundoff"),
    "riskmapping:dialogue-participant": _dialogue(code=True),
    "riskmapping:dialogue-state": _dialogue(code=True),
    "riskmapping:dialogue-note": _dialogue(code=True),
    "riskmapping:dialogue-proposal": _dialogue("proposals", code=True),
    "privacy:person-anonymise": lambda: {
        "pk": Membership.objects.get(user__username="medarbejder").user_id
    },
    "password_reset_confirm": {"uidb64": "MQ", "token": "x-y"},
}


@dataclass(frozen=True)
class Route:
    view: Callable
    kwarg_names: frozenset[str]


def _routes(patterns: list, prefix: str = "", outer: frozenset[str] = frozenset()) -> dict:
    """Every named URL but the admin's (it checks its own permissions, see below): its view
    and the names of its kwargs. Of two URLs with one name, the first is the one served."""
    found: dict[str, Route] = {}
    for pattern in patterns:
        kwarg_names = outer | frozenset(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            for name, route in _routes(pattern.url_patterns, namespace, kwarg_names).items():
                found.setdefault(name, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.setdefault(prefix + pattern.name, Route(pattern.callback, kwarg_names))
    return found


ROUTES: dict[str, Route] = _routes(get_resolver().url_patterns)
# name -> method -> persona -> status, as declared beside the view.
DECLARED = {name: declared_on(r.view) for name, r in ROUTES.items() if declared_on(r.view)}


def _matrix() -> dict[str, tuple[str, Kwargs, dict[str, int]]]:
    """name -> (its GET, else its POST; kwargs; persona -> status): the shape
    tests/test_security.py reads."""
    matrix = {}
    for name, declared in DECLARED.items():
        method = "GET" if "GET" in declared else "POST"
        matrix[name] = (method.lower(), KWARGS.get(name, {}), declared[method])
    return matrix


MATRIX = _matrix()
# Anonymous redirects go to the login page, but for these two.
REDIRECT_ELSEWHERE = {"logout", "set_language"}
# Kwargs naming one object of a workplace (beside its slug).
OBJECT_KWARGS = {"pk", "number", "action_pk", "category_pk", "note_pk", "proposal_pk", "guest_pk"}


def _factory(name: str) -> Callable[[], dict[str, object]]:
    kwargs = KWARGS.get(name, {})
    return kwargs if callable(kwargs) else lambda: dict(kwargs)


def get_pages() -> list[tuple[str, Callable[[], dict[str, object]], str]]:
    """(URL name, kwargs factory, persona) for every page a persona opens with a GET and
    gets 200, as declared beside the views (tests/browser/test_axe_sweep.py sweeps them)."""
    return [
        (name, _factory(name), persona)
        for name, declared in sorted(DECLARED.items())
        for persona, status in declared.get("GET", {}).items()
        if status == 200
    ]


@pytest.fixture
def clients(cast) -> dict[str, Client]:
    """One test client per persona, logged in once: the session outlives every rollback."""
    found = {}
    for persona, user in cast.items():
        found[persona] = Client(raise_request_exception=False)
        if user is not None:
            found[persona].force_login(user)
    return found


def _send(client: Client, method: str, url: str):
    """One request without data, in a savepoint rolled back after it: what one persona's
    POST changes is not what the next persona sees (nor their cookies, e.g. messages, nor
    the rate limits' counts, which Redis keeps outside the savepoint)."""
    cookies = SimpleCookie(client.cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(url)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
        clear_rate_limits()
    return response


def _to_login(response) -> bool:
    return response["Location"].startswith(reverse("login"))


def _refused(response) -> bool:
    """405, or refused before the method counts: 403, 404 or off to log in."""
    status = response.status_code
    return status in (403, 404, 405) or (status == 302 and _to_login(response))


def _shown(response) -> str:
    if response.status_code >= 500 and response.exc_info:
        return f"{response.status_code} {response.exc_info[1]!r}"[:80]
    if response.status_code in (301, 302, 303):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


def _table(rows: list[tuple[str, ...]]) -> str:
    rows = [("name", "method", "persona", "expected", "got"), *rows]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join([*map(str.ljust, row[:4], widths), row[4]]) for row in rows]
    return "\n" + "\n".join(lines)


# Access first, then the method: `@workplace_view` (`@hr_view`, `@login_required`) sits above
# `@require_POST`/`@require_safe`/`@require_http_methods`, so whoever may not see a view gets
# the same answer whatever the method, never a 405 that tells them it exists.
# The phones' endpoints of a dialogue meeting: the code in the address is the identity, and
# the view looks it up only for the methods it serves, so a wrong method is 405 for every
# code, right or wrong, and tells nothing about which codes exist.
METHOD_BEFORE_CODE = {
    "riskmapping:dialogue-note",
    "riskmapping:dialogue-proposal",
    "riskmapping:dialogue-state",
}
# Those refused before the method counts.
ACCESS_FIRST_PERSONAS = (ANONYMOUS, OUTSIDER)


def _refused_first(name: str, persona: str) -> int | None:
    """The refusal (403, 404, or 302 to log in) a persona gets from a view for every method
    it serves, which then is their answer for any other method; None if they get through."""
    if name in METHOD_BEFORE_CODE or persona not in ACCESS_FIRST_PERSONAS:
        return None
    answers = {outcome[persona] for outcome in DECLARED[name].values()}
    if len(answers) != 1:
        return None
    (status,) = answers
    refused_here = status in (403, 404) or (status == 302 and name not in REDIRECT_ELSEWHERE)
    return status if refused_here and (status != 302 or persona == ANONYMOUS) else None


def test_every_url_declares_what_each_persona_gets():
    undeclared = sorted(set(ROUTES) - set(DECLARED))
    assert not undeclared, f"Declare with @expects beside the view: {undeclared}"
    no_data = sorted(name for name, r in ROUTES.items() if r.kwarg_names and name not in KWARGS)
    assert not no_data, f"Add their kwargs to KWARGS: {no_data}"
    assert not set(KWARGS) - set(ROUTES), "KWARGS of URLs that are gone"
    gone = METHOD_BEFORE_CODE - set(DECLARED)
    assert not gone, f"METHOD_BEFORE_CODE names URLs that are gone: {gone}"


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_permission_matrix(clients, name):
    """Every declared method gets each persona's declared status; every other method
    (DELETE, and GET or POST where not declared) is refused: with the same refusal as the
    declared methods for whoever access refuses first (see ACCESS_FIRST_PERSONAS)."""
    url = reverse(name, kwargs=_factory(name)())
    declared = DECLARED[name]
    wrong = []
    for method in ("GET", "POST", "DELETE"):
        for persona in PERSONAS:
            response = _send(clients[persona], method, url)
            if method not in declared:
                first = _refused_first(name, persona)
                if first is not None and response.status_code != first:
                    wrong.append(
                        (name, method, persona, f"{first} (access first)", _shown(response))
                    )
                elif not _refused(response):
                    wrong.append((name, method, persona, "refused", _shown(response)))
                continue
            expected = declared[method][persona]
            login = persona == ANONYMOUS and expected == 302 and name not in REDIRECT_ELSEWHERE
            if response.status_code != expected or (login and not _to_login(response)):
                shown = f"{expected} → login" if login else str(expected)
                wrong.append((name, method, persona, shown, _shown(response)))
    assert not wrong, _table(wrong)


def _object_urls() -> list[str]:
    return sorted(
        name
        for name, route in ROUTES.items()
        if name in DECLARED and "slug" in route.kwarg_names and route.kwarg_names & OBJECT_KWARGS
    )


@pytest.mark.parametrize("name", _object_urls())
def test_another_workplaces_objects_are_404_in_ones_own(clients, name):
    """The outsider manages their own workplace; Solhøj's objects asked for under its slug
    are 404 wherever a manager may act (and 403 where the role is refused before)."""
    url = reverse(name, kwargs={**_factory(name)(), "slug": OUTSIDER_SLUG})
    got = {method: _send(clients[OUTSIDER], method, url).status_code for method in DECLARED[name]}
    expected = {
        method: 403 if outcome[MANAGER] == 403 else 404
        for method, outcome in DECLARED[name].items()
    }
    assert got == expected


# Django's admin checks its own permissions; HR-admin is let in through workplaces.access.
ADMIN = {**dict.fromkeys(PERSONAS, 302), HR: 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_hr_only(client_as, persona):
    response = client_as(persona).get(reverse("admin:index"))
    assert response.status_code == ADMIN[persona]


@pytest.mark.parametrize("persona", ["medarbejder", "leder", "outsider"])
def test_unknown_workplace_is_404_for_members(client_as, persona):
    assert client_as(persona).get("/workplaces/findes-ikke/").status_code == 404
