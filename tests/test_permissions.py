"""Every URL of the app × every persona → the status a user gets.

A URL pattern that is not in MATRIX fails `test_every_url_is_in_the_matrix`, so a new view
cannot ship without its permission rows.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from tests.conftest import PERSONAS
from workplaces.models import Membership

pytestmark = pytest.mark.django_db

SLUG = "plejecenter-solhoj"
ANON, EMP, AMIR, TR, LEDER, OUT, HR = PERSONAS


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

        from riskmapping import services  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        ball_round = services.plan_round(
            leder.workplace, by=leder.user, first_day=timezone.localdate(), weekends_count=True
        )
        if start:
            services.start_round(ball_round, by=leder.user)
        return {"slug": SLUG, "pk": ball_round.pk}

    return kwargs


def _drop_link() -> dict[str, object]:
    from riskmapping import services  # noqa: PLC0415
    from riskmapping.models import BallRound  # noqa: PLC0415

    _ball_round()()
    medarbejder = Membership.objects.get(user__username="medarbejder").user
    link = services.token_for(BallRound.objects.get(), medarbejder)
    return {"token": link.token}


def _paper_round() -> dict[str, object]:
    """Kwargs for a URL of a round on paper at Solhøj, running from today."""
    from django.utils import timezone  # noqa: PLC0415

    from riskmapping import services  # noqa: PLC0415
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
    from riskmapping import kiosk  # noqa: PLC0415
    from riskmapping.models import BallRound  # noqa: PLC0415

    _ball_round()()
    leder = Membership.objects.get(user__username="leder").user
    ball_round = kiosk.enable_kiosk(BallRound.objects.get(), by=leder)
    return {"token": ball_round.kiosk_token}


def _sorted_round(
    status: str = "sorting", *, category: bool = False, note: bool = False, proposal: bool = False
):
    """Kwargs for a URL of a round at Solhøj whose days are over, in `status` (sorting,
    meeting or done): one red note, a red heading (the note under it from the meeting on)
    and, from the meeting on, a proposal."""

    def kwargs() -> dict[str, object]:
        from datetime import timedelta  # noqa: PLC0415

        from django.utils import timezone  # noqa: PLC0415

        from riskmapping import services, sorting  # noqa: PLC0415
        from riskmapping.models import Ball  # noqa: PLC0415

        leder = Membership.objects.get(user__username="leder")
        first_day = timezone.localdate() - timedelta(days=20)
        ball_round = services.plan_round(
            leder.workplace, by=leder.user, first_day=first_day, weekends_count=True
        )
        services.start_round(ball_round, by=leder.user)
        services.drop_ball(
            ball_round, participant=leder.user, colour="red", note="Travlt", today=first_day
        )
        services.begin_sorting(ball_round, by=leder.user)
        heading = sorting.add_category(ball_round, colour="red", title="Travlhed")
        ball = Ball.objects.get(round=ball_round)
        found: dict[str, object] = {"slug": SLUG, "pk": ball_round.pk}
        if status in ("meeting", "done"):
            sorting.file_note(ball_round, ball.pk, category=heading)
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

        from riskmapping import dialogue, sorting  # noqa: PLC0415
        from riskmapping.models import StickyNote  # noqa: PLC0415

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


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def logged_in(status: int) -> dict[str, int]:
    return {**everyone(status), ANON: 302}


READ = {ANON: 302, EMP: 200, AMIR: 200, TR: 200, LEDER: 200, OUT: 404, HR: 200}
MANAGE = {ANON: 302, EMP: 403, AMIR: 403, TR: 403, LEDER: 200, OUT: 404, HR: 403}
MANAGE_POST = {**MANAGE, LEDER: 302}
HR_ONLY = {**logged_in(403), HR: 200}
COMMITTEE_EDIT = {**MANAGE, AMIR: 200}
FACILITATE = {**MANAGE, AMIR: 200, TR: 200}
MEMBERS_POST = {ANON: 302, EMP: 302, AMIR: 302, TR: 302, LEDER: 302, OUT: 404, HR: 403}
# A key conversation is health data: 404 for all but its holder (leder) and its subject.
HOLDER_AND_SUBJECT = {ANON: 302, EMP: 200, AMIR: 404, TR: 404, LEDER: 200, OUT: 404, HR: 404}
HOLDER = {**HOLDER_AND_SUBJECT, EMP: 403}
# Bilag 5 after the days: the manager and the tillidsvalgte sort; every member meets.
FACILITATE_POST = {**FACILITATE, AMIR: 302, TR: 302, LEDER: 302}
MEET = {**READ, HR: 403}
MEET_POST = {**MEMBERS_POST}
# Bilag 6 on the phones: the members of the workplace; outsiders, HR and strangers are not
# let in (a stranger with the code asks at the door instead).
PHONE = {ANON: 404, EMP: 200, AMIR: 200, TR: 200, LEDER: 200, OUT: 404, HR: 404}
PHONE_POST = {**PHONE, EMP: 302, AMIR: 302, TR: 302, LEDER: 302}

# name -> (method, kwargs or a function returning them, persona -> status)
MATRIX = {
    "home": ("get", {}, logged_in(200)),
    "healthz": ("get", {}, everyone(200)),
    # "Forlæng" keeps the session (a form post goes back; htmx gets 204).
    "session-keepalive": ("post", {}, everyone(302)),
    "accessibility-statement": ("get", {}, everyone(200)),
    "workplace-home": ("get", {"slug": SLUG}, READ),
    "workplace-pdf": ("get", {"slug": SLUG}, READ),
    "workplaces:workplace-list": ("get", {}, HR_ONLY),
    "workplaces:import-start": ("get", {}, HR_ONLY),
    "workplaces:import-detail": ("get", lambda: {"pk": _batch().pk}, HR_ONLY),
    "workplaces:import-apply": ("post", lambda: {"pk": _batch().pk}, {**logged_in(403), HR: 302}),
    "workplaces:member-list": ("get", {"slug": SLUG}, READ),
    # Requests to HR: the workplace's representatives and HR see them; HR works the queue.
    "workplaces:help-list": ("get", {"slug": SLUG}, {**READ, EMP: 403}),
    "workplaces:help-queue": ("get", {}, HR_ONLY),
    "workplaces:help-update": ("get", _help_request, HR_ONLY),
    # Oversight: HR sees every workplace, a manager (leder, outsider) their own.
    "oversight:dashboard": ("get", {}, {**logged_in(403), LEDER: 200, OUT: 200, HR: 200}),
    "oversight:dashboard-csv": ("get", {}, {**logged_in(403), LEDER: 200, OUT: 200, HR: 200}),
    "oversight:dashboard-pdf": ("get", {}, {**logged_in(403), LEDER: 200, OUT: 200, HR: 200}),
    "oversight:trends": ("get", {}, {**logged_in(403), LEDER: 200, OUT: 200, HR: 200}),
    "workplaces:member-add": ("get", {"slug": SLUG}, MANAGE),
    "workplaces:member-edit": ("get", _member_pk, MANAGE),
    "workplaces:member-remove": ("post", _member_pk, MANAGE_POST),
    "guidelines:knowledge": ("get", {"slug": SLUG}, READ),
    "guidelines:knowledge-edit": ("get", {"slug": SLUG}, COMMITTEE_EDIT),
    "guidelines:knowledge-pdf": ("get", {"slug": SLUG}, READ),
    "guidelines:knowledge-blank-pdf": ("get", {"slug": SLUG}, READ),
    "guidelines:guideline": ("get", {"slug": SLUG}, READ),
    "guidelines:cell-edit": (
        "get",
        {"slug": SLUG, "level": "committee", "zone": "risk"},
        COMMITTEE_EDIT,
    ),
    "guidelines:step-set": ("post", {"slug": SLUG}, MANAGE_POST),
    "guidelines:publish": ("get", {"slug": SLUG}, MANAGE),
    "guidelines:version": ("get", _published(number=1), READ),
    "guidelines:acknowledge": ("post", _published(number=1), MEMBERS_POST),
    "guidelines:acknowledgements": ("get", _published(), MANAGE),
    "guidelines:workshop": ("get", {"slug": SLUG}, FACILITATE),
    "guidelines:guideline-pdf": ("get", _published(), READ),
    "guidelines:template-pdf": ("get", {"slug": SLUG}, READ),
    "guidelines:priority-plan": ("get", {"slug": SLUG}, READ),
    "guidelines:priority-plan-edit": ("get", {"slug": SLUG}, FACILITATE),
    "guidelines:priority-plan-revision": ("get", _plan_revision(number=1), READ),
    "guidelines:priority-plan-use": ("get", {"slug": SLUG}, MANAGE),
    "guidelines:priority-plan-pdf": ("get", {"slug": SLUG}, READ),
    "conversations:conversation-list": ("get", {"slug": SLUG}, READ),
    "conversations:conversation-add": ("get", {"slug": SLUG}, MANAGE),
    "conversations:guide-pdf": ("get", {"slug": SLUG}, READ),
    "conversations:conversation": ("get", _conversation(), HOLDER_AND_SUBJECT),
    "conversations:conversation-pdf": ("get", _conversation(), HOLDER_AND_SUBJECT),
    "conversations:conversation-edit": ("get", _conversation(), HOLDER),
    "conversations:conversation-delete": ("get", _conversation(), HOLDER),
    "conversations:follow-up-plan": ("get", _conversation(kind="relief"), HOLDER_AND_SUBJECT),
    "conversations:follow-up-plan-edit": ("get", _conversation(kind="return"), HOLDER),
    "iglo:overview": ("get", {"slug": SLUG}, READ),
    "iglo:plan-add": ("get", {"slug": SLUG}, FACILITATE),
    "iglo:export-csv": ("get", {"slug": SLUG}, READ),
    "iglo:export-json": ("get", {"slug": SLUG}, READ),
    "iglo:plan": ("get", _iglo(), READ),
    "iglo:plan-live": ("get", _iglo(), READ),
    "iglo:plan-edit": ("get", _iglo(), FACILITATE),
    "iglo:plan-status": ("post", _iglo(), MANAGE_POST),
    # Approval is the AMG's (COMMITTEE); nobody in the cast sits on Solhøj's AMG.
    "iglo:plan-approve": ("post", _iglo(), {**MANAGE, LEDER: 403}),
    "iglo:plan-pdf": ("get", _iglo(), READ),
    "iglo:plan-csv": ("get", _iglo(), READ),
    "iglo:plan-json": ("get", _iglo(), READ),
    "iglo:action-add": ("get", _iglo(), FACILITATE),
    "iglo:action-edit": ("get", _iglo(action=True), FACILITATE),
    "iglo:action-watch": ("get", _iglo(action=True), FACILITATE),
    "iglo:action-delete": (
        "post",
        _iglo(action=True),
        {**FACILITATE, AMIR: 302, TR: 302, LEDER: 302},
    ),
    "iglo:calendar": ("get", {}, logged_in(200)),
    "iglo:calendar-renew": ("post", {}, logged_in(302)),
    "iglo:calendar-revoke": ("post", {}, logged_in(302)),
    # The feed needs no login: its secret address is the key (a wrong one is 404).
    "iglo:calendar-feed": ("get", _calendar_feed, everyone(200)),
    "riskmapping:ballround": ("get", {"slug": SLUG}, READ),
    "riskmapping:ballround-plan": ("get", {"slug": SLUG}, MANAGE),
    "riskmapping:ballround-start": ("post", _ball_round(start=False), MANAGE_POST),
    # Every member drops a ball; HR sees the glass displays but takes no part.
    "riskmapping:ball-drop": ("get", _ball_round(), {**READ, HR: 403}),
    # The personal link needs no login: its secret is the key (a wrong one is 404).
    "riskmapping:token-drop": ("get", _drop_link, everyone(200)),
    # The dropping side's tools are the manager's; the kiosk's secret link is its key.
    "riskmapping:kiosk-enable": ("post", _ball_round(), MANAGE_POST),
    "riskmapping:kiosk-revoke": ("post", _ball_round(), MANAGE_POST),
    "riskmapping:kiosk": ("get", _kiosk_link, everyone(200)),
    "riskmapping:paper-counts": ("get", _paper_round, MANAGE),
    "riskmapping:paper-transcribe": ("get", _paper_round, MANAGE),
    "riskmapping:paper-slips": ("get", _paper_round, MANAGE),
    "riskmapping:round-calendar": ("get", _ball_round(), MANAGE),
    "riskmapping:poster": ("get", _ball_round(), MANAGE),
    # After the days: the manager moves the round on; the manager and the tillidsvalgte
    # sort the notes and give proposals their track; every member takes part in the
    # meeting; IGLO plans for those who edit them; the report for everyone who reads.
    "riskmapping:ballround-advance": ("post", _sorted_round(), MANAGE_POST),
    "riskmapping:sorting": ("get", _sorted_round(), FACILITATE),
    "riskmapping:category-add": ("post", _sorted_round(), FACILITATE_POST),
    "riskmapping:category-rename": ("post", _sorted_round(category=True), FACILITATE_POST),
    "riskmapping:category-merge": ("post", _sorted_round(category=True), FACILITATE_POST),
    "riskmapping:category-delete": ("post", _sorted_round(category=True), FACILITATE_POST),
    "riskmapping:note-file": ("post", _sorted_round(note=True), FACILITATE_POST),
    "riskmapping:note-hide": ("post", _sorted_round(note=True), FACILITATE_POST),
    "riskmapping:note-show": ("post", _sorted_round(note=True), FACILITATE_POST),
    "riskmapping:meeting": ("get", _sorted_round("meeting"), MEET),
    "riskmapping:projector": ("get", _sorted_round("meeting"), MEET),
    "riskmapping:projector-live": ("get", _sorted_round("meeting"), MEET),
    "riskmapping:join": ("post", _sorted_round("meeting", category=True), MEET_POST),
    "riskmapping:propose": ("post", _sorted_round("meeting", category=True), MEET_POST),
    "riskmapping:track": ("post", _sorted_round("meeting", proposal=True), FACILITATE_POST),
    "riskmapping:category-iglo": (
        "post",
        _sorted_round("meeting", category=True),
        FACILITATE_POST,
    ),
    "riskmapping:report-pdf": ("get", _sorted_round("done"), READ),
    # Bilag 6: everyone reads the plan; the manager plans, invites and lets guests in; the
    # manager and the tillidsvalgte run the board, cluster, sort proposals and make IGLO
    # plans. The phones' board takes anyone with the code to its door (a guest asks to be
    # let in); its state and writing are for members and accepted guests only.
    "riskmapping:dialogue": ("get", {"slug": SLUG}, READ),
    "riskmapping:dialogue-plan": ("get", {"slug": SLUG}, MANAGE),
    "riskmapping:dialogue-meeting": ("get", _dialogue(None), READ),
    "riskmapping:dialogue-edit": ("get", _dialogue(None), MANAGE),
    "riskmapping:dialogue-groups": ("post", _dialogue(None), MANAGE_POST),
    "riskmapping:dialogue-invite": ("post", _dialogue(None), MANAGE_POST),
    "riskmapping:dialogue-agenda-pdf": ("get", _dialogue(None), READ),
    "riskmapping:dialogue-board": ("get", _dialogue(), FACILITATE),
    "riskmapping:dialogue-board-live": ("get", _dialogue(), FACILITATE),
    "riskmapping:dialogue-phase": ("post", _dialogue(), FACILITATE_POST),
    "riskmapping:dialogue-qr": ("get", _dialogue(), FACILITATE),
    "riskmapping:dialogue-guest": ("post", _dialogue(guest=True), MANAGE_POST),
    "riskmapping:dialogue-clustering": ("get", _dialogue("clustering"), FACILITATE),
    "riskmapping:dialogue-category-add": ("post", _dialogue("clustering"), FACILITATE_POST),
    "riskmapping:dialogue-category-rename": (
        "post",
        _dialogue("clustering", category=True),
        FACILITATE_POST,
    ),
    "riskmapping:dialogue-category-merge": (
        "post",
        _dialogue("clustering", category=True),
        FACILITATE_POST,
    ),
    "riskmapping:dialogue-category-delete": (
        "post",
        _dialogue("clustering", category=True),
        FACILITATE_POST,
    ),
    "riskmapping:dialogue-category-iglo": (
        "post",
        _dialogue("roundoff", category=True),
        FACILITATE_POST,
    ),
    "riskmapping:dialogue-note-file": ("post", _dialogue("clustering", note=True), FACILITATE_POST),
    "riskmapping:dialogue-note-hide": ("post", _dialogue("clustering", note=True), FACILITATE_POST),
    "riskmapping:dialogue-note-show": ("post", _dialogue("clustering", note=True), FACILITATE_POST),
    "riskmapping:dialogue-track": ("post", _dialogue("roundoff", proposal=True), FACILITATE_POST),
    "riskmapping:dialogue-results": ("get", _dialogue("roundoff"), FACILITATE),
    "riskmapping:dialogue-summary-pdf": ("get", _dialogue("roundoff"), FACILITATE),
    "riskmapping:dialogue-join": ("get", {}, everyone(200)),
    "riskmapping:dialogue-participant": ("get", _dialogue(code=True), everyone(200)),
    "riskmapping:dialogue-state": ("get", _dialogue(code=True), PHONE),
    "riskmapping:dialogue-note": ("post", _dialogue(code=True), PHONE_POST),
    "riskmapping:dialogue-proposal": ("post", _dialogue("proposals", code=True), PHONE_POST),
    # Mine data: every person their own; HR removes a person who has left.
    "privacy:my-data": ("get", {}, logged_in(200)),
    "privacy:my-data-json": ("get", {}, logged_in(200)),
    "privacy:my-data-pdf": ("get", {}, logged_in(200)),
    "privacy:person-anonymise": (
        "get",
        lambda: {"pk": Membership.objects.get(user__username="medarbejder").user_id},
        HR_ONLY,
    ),
    "login": ("get", {}, everyone(200)),
    # Sign-in through the identity provider: off unless configured (see test_oidc.py).
    "oidc_authentication_init": ("get", {}, everyone(404)),
    "oidc_authentication_callback": ("get", {}, everyone(404)),
    "logout": ("post", {}, everyone(302)),
    "password_change": ("get", {}, logged_in(200)),
    "password_change_done": ("get", {}, logged_in(200)),
    "password_reset": ("get", {}, everyone(200)),
    "password_reset_done": ("get", {}, everyone(200)),
    "password_reset_confirm": ("get", {"uidb64": "MQ", "token": "x-y"}, everyone(200)),
    "password_reset_complete": ("get", {}, everyone(200)),
    "set_language": ("post", {}, everyone(302)),
}
# Django's admin checks its own permissions; HR-admin is let in through workplaces.access.
ADMIN = {**everyone(302), HR: 200}


def _url_names(patterns: list, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_is_in_the_matrix():
    assert _url_names(get_resolver().url_patterns) == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(client_as, name, persona):
    method, kwargs, expected = MATRIX[name]
    if callable(kwargs):
        kwargs = kwargs()
    client = client_as(persona)
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == expected[persona], (name, persona)
    if persona == ANON and expected[ANON] == 302 and name not in {"logout", "set_language"}:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_hr_only(client_as, persona):
    response = client_as(persona).get(reverse("admin:index"))
    assert response.status_code == ADMIN[persona]


@pytest.mark.parametrize("persona", ["medarbejder", "leder", "outsider"])
def test_unknown_workplace_is_404_for_members(client_as, persona):
    assert client_as(persona).get("/workplaces/findes-ikke/").status_code == 404
