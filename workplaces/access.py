"""Who may do what, where: every view and template asks this module and nothing else.

A role is held in one workplace (`Membership.role`). Members of a LokalMED or
work-environment group that covers the workplace hold the pseudo-role COMMITTEE there,
even when they work elsewhere. HR-admin is a flag on the user and reaches every workplace,
but only for the actions in `HR_ACTIONS`. Outsiders get 404 rather than 403, so the
existence of another workplace's things does not leak.
"""

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, wraps
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from workplaces import audit
from workplaces.models import LocalCommittee, Membership, User, WorkEnvironmentGroup, Workplace

Role = Membership.Role
COMMITTEE = "committee"  # member of a LokalMED/AMG covering the workplace
ALL_ROLES = frozenset(Role)
REPRESENTATIVES = frozenset({Role.AMIR, Role.TR})

# Action -> the roles in the workplace that may perform it.
ACTIONS: dict[str, frozenset[str]] = {
    "workplace.view": ALL_ROLES | {COMMITTEE},
    "members.view": ALL_ROLES | {COMMITTEE},
    "members.manage": frozenset({Role.MANAGER}),
    # The workplace's kind (ball or dialogue method) and the hour of its daily reminders.
    "workplace.settings": frozenset({Role.MANAGER}),
    # Bilag 1: the AMG/LokalMED and the manager write; everyone reads.
    "knowledge.view": ALL_ROLES | {COMMITTEE},
    "knowledge.edit": frozenset({Role.MANAGER, Role.AMIR, COMMITTEE}),
    # Bilag 2: who fills which cells follows its four steps.
    "guideline.view": ALL_ROLES | {COMMITTEE},
    "guideline.edit_committee": frozenset({Role.MANAGER, Role.AMIR, COMMITTEE}),
    "guideline.edit_manager": frozenset({Role.MANAGER}),
    "guideline.edit_workshop": frozenset({Role.MANAGER, Role.AMIR, Role.TR}),
    "guideline.manage": frozenset({Role.MANAGER}),
    "guideline.acknowledge": ALL_ROLES,
    # Bilag 3: the manager makes the plan with the tillidsvalgte; everyone reads it.
    "priority_plan.view": ALL_ROLES | {COMMITTEE},
    "priority_plan.edit": frozenset({Role.MANAGER, Role.AMIR, Role.TR}),
    "priority_plan.manage": frozenset({Role.MANAGER}),
    # Bilag 4: the guide is for all; a conversation itself is decided by the predicates
    # below (its holder and its subject only), never by a role.
    "conversation.guide": ALL_ROLES | {COMMITTEE},
    "conversation.hold": frozenset({Role.MANAGER}),
    "conversation.count": frozenset(),  # HR-admin only, see HR_ACTIONS
    # Bilag 7: the manager owns IGLO plans and makes them with the tillidsvalgte; the
    # work-environment group (AMG/LokalMED, the COMMITTEE pseudo-role) approves them.
    "iglo.view": ALL_ROLES | {COMMITTEE},
    "iglo.edit": frozenset({Role.MANAGER, Role.AMIR, Role.TR}),
    "iglo.manage": frozenset({Role.MANAGER}),
    "iglo.approve": frozenset({COMMITTEE}),
    # Requests to HR/Arbejdsmiljø: the course (Bilag 1) is asked for by those who run
    # Bilag 1, materials and risk-mapping help (Bilag 5/6) by the manager.
    "help.view": frozenset({Role.MANAGER, Role.AMIR, Role.TR, COMMITTEE}),
    "help.request_course": frozenset({Role.MANAGER, Role.AMIR, COMMITTEE}),
    "help.request_materials": frozenset({Role.MANAGER}),
    # Bilag 5: the manager plans and runs the ball method; everyone sees the glass displays
    # and every member drops a ball (if a participant of the round, see `takes_part_in`).
    "ballround.view": ALL_ROLES | {COMMITTEE},
    "ballround.manage": frozenset({Role.MANAGER}),
    "ballround.drop": ALL_ROLES,
    # Cancelling tells every participant and takes the days out of their calendars.
    "ballround.cancel": frozenset({Role.MANAGER}),
    # After the days: the manager and the tillidsvalgte sort the notes and give proposals
    # their track; at the staff meeting every member goes to a red heading and proposes.
    "ballround.sort": frozenset({Role.MANAGER, Role.AMIR, Role.TR}),
    # Note texts (ball notes, Bilag 5; post-its after a dialogue meeting, Bilag 6) are read
    # by those who sort them; everyone else, HR included, sees headings and counts.
    "notes.read": frozenset({Role.MANAGER, Role.AMIR, Role.TR}),
    "ballround.meet": ALL_ROLES,
    # Bilag 6: the manager plans the dialogue meeting and accepts guests; the manager and
    # the tillidsvalgte run the board (phases), cluster the red notes, sort the proposals
    # now/later and make IGLO plans; every member takes part on their phone.
    "dialogue.view": ALL_ROLES | {COMMITTEE},
    "dialogue.manage": frozenset({Role.MANAGER}),
    "dialogue.cancel": frozenset({Role.MANAGER}),
    "dialogue.facilitate": frozenset({Role.MANAGER, Role.AMIR, Role.TR}),
    "dialogue.cluster": frozenset({Role.MANAGER, Role.AMIR, Role.TR}),
    "dialogue.take_part": ALL_ROLES,
}

# What HR-admin may do in any workplace, member or not.
HR_ACTIONS = frozenset(
    {
        "workplace.view",
        "workplace.settings",
        "members.view",
        # HR runs the organisation: adds, moves and removes people, gives roles.
        "members.manage",
        "knowledge.view",
        "guideline.view",
        "priority_plan.view",
        # The guide page, where HR sees how many key conversations exist, never whose.
        "conversation.guide",
        "conversation.count",
        "iglo.view",
        "help.view",
        "ballround.view",
        "dialogue.view",
    }
)

# Apps whose models HR-admin manages in Django's admin.
HR_ADMIN_APPS = frozenset({"workplaces"})


def is_hr(user: Any) -> bool:
    """True for an active HR-admin of the municipality."""
    return bool(user.is_authenticated and user.is_active and user.is_hr_admin)


def roles_in(workplace: Workplace, membership: Membership | None, *, in_committee: bool) -> set:
    """The user's role (if a member) and COMMITTEE (if on a covering committee)."""
    roles = set()
    if membership is not None and membership.workplace_id == workplace.pk:
        roles.add(membership.role)
    if in_committee:
        roles.add(COMMITTEE)
    return roles


def can(
    user: Any,
    action: str,
    workplace: Workplace,
    membership: Membership | None,
    *,
    in_committee: bool = False,
) -> bool:
    """May this user perform the action in this workplace, given their standing there?"""
    if action not in ACTIONS:
        raise KeyError(f"Unknown action {action!r}: add it to workplaces.access.ACTIONS")
    if roles_in(workplace, membership, in_committee=in_committee) & ACTIONS[action]:
        return True
    return is_hr(user) and action in HR_ACTIONS


def _committee_seats(user: Any) -> tuple[QuerySet, QuerySet]:
    """The links between workplaces and the LokalMED committees and work-environment groups
    the user sits on: semi-joins, no DISTINCT over a product of committees and members."""
    return (
        LocalCommittee.workplaces.through.objects.filter(localcommittee__members=user),
        WorkEnvironmentGroup.workplaces.through.objects.filter(workenvironmentgroup__members=user),
    )


def _sits_on_committee(user: Any, workplace: OuterRef) -> dict[str, Exists]:
    """Is the user a member of a LokalMED or work-environment group covering the workplace?
    Two EXISTS to annotate a lookup with, so the workplace's own query answers it."""
    committees, groups = _committee_seats(user)
    return {
        "on_committee": Exists(committees.filter(workplace=workplace)),
        "on_group": Exists(groups.filter(workplace=workplace)),
    }


@dataclass(frozen=True)
class WorkplaceAccess:
    """What one user may do in one workplace; views get it as `request.access`."""

    user: Any
    workplace: Workplace
    membership: Membership | None
    in_committee: bool

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @cached_property
    def allowed(self) -> frozenset:
        """Every action the user may perform here (templates: `"x.y" in access.allowed`)."""
        return frozenset(a for a in ACTIONS if self.can(a))

    def can(self, action: str) -> bool:
        return can(
            self.user, action, self.workplace, self.membership, in_committee=self.in_committee
        )


class NoAccess:
    """`request.access` on a page shown through a secret link without a login (the meeting
    room's screen): it allows nothing, so the page shows no control and no form."""

    allowed: frozenset = frozenset()

    def can(self, action: str) -> bool:
        return False


def get_workplace_for(user: Any, slug: str) -> WorkplaceAccess:
    """The workplace and the user's standing there; Http404 for anyone who may not see it."""
    if not user.is_authenticated:
        raise Http404
    # One query for a member (two for anyone else): every workplace page pays for this.
    membership = (
        Membership.objects.active()
        .select_related("workplace", "workplace__area")
        .filter(user=user, workplace__slug=slug)
        .annotate(**_sits_on_committee(user, OuterRef("workplace")))
        .first()
    )
    found = (
        membership
        if membership
        else Workplace.objects.select_related("area")
        .filter(slug=slug)
        .annotate(**_sits_on_committee(user, OuterRef("pk")))
        .first()
    )
    if found is None:
        raise Http404
    workplace = membership.workplace if membership else found
    in_committee = found.on_committee or found.on_group
    if membership is None and not in_committee and not is_hr(user):
        raise Http404
    return WorkplaceAccess(user, workplace, membership, in_committee)


def _view_name(request: HttpRequest) -> str:
    return getattr(request.resolver_match, "view_name", "")


def refused(request: HttpRequest, kind: str, object_type: str, object_id: object) -> None:
    """Write a refusal (403 or 404) to the audit log: who, what, from where."""
    audit.record(kind, request=request, object_type=object_type, object_id=object_id)


def require(access: WorkplaceAccess, action: str, request: HttpRequest | None = None) -> None:
    """Raise PermissionDenied unless the user may perform the action here (logged)."""
    if not access.can(action):
        audit.record(
            audit.Kind.FORBIDDEN,
            request=request,
            user=access.user,
            object_type="workplaces.workplace",
            object_id=access.workplace.slug,
        )
        raise PermissionDenied


def workplace_view(action: str) -> Callable:
    """Decorate a view taking `slug`: fetch the workplace, check the action, set
    `request.workplace`, `request.membership` and `request.access`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            # Every refusal is written to the audit log here, where it is decided.
            try:
                access = get_workplace_for(request.user, slug)
            except Http404:
                refused(request, audit.Kind.NOT_FOUND, "workplaces.workplace", slug)
                raise
            require(access, action, request)
            request.workplace = access.workplace
            request.membership = access.membership
            request.access = access
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def hr_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a municipality-wide view that only HR-admin may open."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_hr(request.user):
            refused(request, audit.Kind.FORBIDDEN, "hr", _view_name(request))
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def workplaces_visible_to(user: Any) -> QuerySet[Workplace]:
    """The workplaces a user may open: all for HR-admin, else those they are a member of
    or whose LokalMED or work-environment group they sit on."""
    if is_hr(user):
        return Workplace.objects.all()
    if not user.is_authenticated:
        return Workplace.objects.none()
    committees, groups = _committee_seats(user)
    return Workplace.objects.filter(
        Q(pk__in=Membership.objects.active().filter(user=user).values("workplace"))
        | Q(pk__in=committees.values("workplace"))
        | Q(pk__in=groups.values("workplace"))
    )


# Oversight: HR sees every workplace's progress; a manager sees the workplaces they manage.


def may_oversee(user: Any) -> bool:
    """HR-admin, or a manager with at least one active manager membership."""
    if is_hr(user):
        return True
    return bool(
        _is_active_user(user)
        and Membership.objects.active().filter(user=user, role=Role.MANAGER).exists()
    )


def workplaces_overseen_by(user: Any) -> QuerySet[Workplace]:
    """All workplaces for HR-admin; else those the user is active manager of."""
    if is_hr(user):
        return Workplace.objects.all()
    if not _is_active_user(user):
        return Workplace.objects.none()
    managed = Membership.objects.active().filter(user=user, role=Role.MANAGER)
    return Workplace.objects.filter(pk__in=managed.values("workplace"))


def sees_conversation_counts(user: Any) -> bool:
    """Counts of key conversations (per area, above the threshold) are HR's alone."""
    return is_hr(user)


def oversight_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate the oversight pages: HR-admin and managers in, everyone else 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_oversee(request.user):
            refused(request, audit.Kind.FORBIDDEN, "oversight", _view_name(request))
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


HELP_REQUEST_ACTIONS = {
    "course": "help.request_course",
    "ball_materials": "help.request_materials",
    "risk_mapping": "help.request_materials",
}


def reads_notes(access: "WorkplaceAccess") -> bool:
    """May this user read note texts here (not only headings and counts)? The manager and
    the tillidsvalgte, who sort them; never HR, colleagues or other workplaces."""
    return access.can("notes.read")


def help_kinds_allowed(access: "WorkplaceAccess") -> list[str]:
    """The kinds of HR request this user may send from this workplace (HR itself none)."""
    return [kind for kind, action in HELP_REQUEST_ACTIONS.items() if access.can(action)]


class HRAdminBackend(BaseBackend):
    """Grants HR-admin the model permissions of the organisation apps in Django's admin."""

    def has_perm(self, user_obj: User, perm: str, obj: object = None) -> bool:
        return is_hr(user_obj) and perm.split(".", 1)[0] in HR_ADMIN_APPS

    def has_module_perms(self, user_obj: User, app_label: str) -> bool:
        return is_hr(user_obj) and app_label in HR_ADMIN_APPS


# Bilag 4: key conversations hold health data about one person. These predicates take the
# conversation by duck typing (`workplace_id`, `manager_id`, `employee_id`), so this module
# needs no annex app. Views answer 404 when `can_open_conversation` is False.


def _is_active_user(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def holds_conversation(
    user: Any, conversation: Any, *, access: WorkplaceAccess | None = None
) -> bool:
    """True for the manager who created the conversation, while still manager there.
    The user's `access` to the conversation's workplace, if the view has it, answers
    "still manager there" without a query."""
    if not (_is_active_user(user) and user.pk == conversation.manager_id):
        return False
    if (
        access is not None
        and access.user.pk == user.pk
        and access.workplace.pk == conversation.workplace_id
    ):
        return access.role == Role.MANAGER
    return (
        Membership.objects.active()
        .filter(user=user, workplace_id=conversation.workplace_id, role=Role.MANAGER)
        .exists()
    )


def is_conversation_subject(user: Any, conversation: Any) -> bool:
    """True for the employee the conversation is about."""
    return _is_active_user(user) and user.pk == conversation.employee_id


def can_open_conversation(
    user: Any, conversation: Any, *, access: WorkplaceAccess | None = None
) -> bool:
    """Only its holder and its subject; not HR, other managers, tillidsvalgte or colleagues."""
    return is_conversation_subject(user, conversation) or holds_conversation(
        user, conversation, access=access
    )


def can_change_conversation(
    user: Any, conversation: Any, *, access: WorkplaceAccess | None = None
) -> bool:
    """Only the holder edits, plans follow-ups and deletes (also on the employee's request)."""
    return holds_conversation(user, conversation, access=access)


def can_see_private_notes(
    user: Any, conversation: Any, *, access: WorkplaceAccess | None = None
) -> bool:
    """The manager's private notes are the holder's alone, never the employee's."""
    return holds_conversation(user, conversation, access=access)


def conversations_open_to(user: Any, conversations: QuerySet) -> QuerySet:
    """`can_open_conversation` as a filter on a queryset of key conversations."""
    if not _is_active_user(user):
        return conversations.none()
    managed = Membership.objects.active().filter(user=user, role=Role.MANAGER)
    return conversations.filter(
        Q(employee=user) | Q(manager=user, workplace__in=managed.values("workplace"))
    )


def can_set_retention(user: Any) -> bool:
    """HR-admin sets how long key conversations are kept (in Django's admin)."""
    return is_hr(user) or bool(_is_active_user(user) and user.is_superuser)


def can_set_password(user: Any, person: Any) -> bool:
    """Only a superuser chooses another person's password (audited and mailed to them);
    HR sends the person a link to choose it themselves."""
    return bool(_is_active_user(user) and user.is_superuser)


def can_change_person(user: Any, person: Any) -> bool:
    """HR-admin edits people in the admin, but never a superuser."""
    return bool(_is_active_user(user) and (user.is_superuser or not person.is_superuser))


def can_anonymise(user: Any, person: Any) -> bool:
    """HR-admin removes a person who has left; never themselves, nor a superuser."""
    return is_hr(user) and user.pk != person.pk and not person.is_superuser


def same_secret(stored: str, given: str) -> bool:
    """The one comparison of a secret link or code: in constant time, never an empty one."""
    return bool(stored) and hmac.compare_digest(stored.encode(), given.encode())


# Bilag 7: a person's IGLO calendar feed is read by calendar programs, which cannot log in;
# whoever holds its secret address may read it.


def opens_calendar_feed(feed: Any, token: str) -> bool:
    """True when `token` is the feed's secret (compared in constant time)."""
    return same_secret(feed.token, token)


# Bilag 5: a ball is dropped by the round's participants, logged in or through the personal
# link of the daily reminder (no login; whoever holds its secret may drop that person's ball).


def takes_part_in(user: Any, ball_round: Any) -> bool:
    """True for an active user among the round's participants who is still a member of
    the round's workplace (one who has left gets no form, by link, kiosk or reminder)."""
    return (
        _is_active_user(user)
        and ball_round.participants.filter(
            pk=user.pk,
            memberships__in=Membership.objects.active().filter(
                workplace_id=ball_round.workplace_id
            ),
        ).exists()
    )


def opens_drop_link(drop_token: Any, token: str) -> bool:
    """True when `token` is the drop link's secret (compared in constant time)."""
    return same_secret(drop_token.token, token)


def opens_kiosk(ball_round: Any, token: str) -> bool:
    """True when `token` is the round's kiosk secret (compared in constant time): whoever
    holds the break room's kiosk link sees the glass displays and may drop anonymous balls."""
    return same_secret(ball_round.kiosk_token, token)


def opens_presenter_screen(meeting: Any, token: str) -> bool:
    """True when `token` is the meeting's presenter secret (compared in constant time):
    whoever holds it sees the meeting's screen, read-only, while the meeting is on."""
    return same_secret(meeting.presenter_token, token)


# Bilag 6: a dialogue meeting's board is for the workplace's members (logged in) and for the
# guests the manager has accepted (their browser session holds the guest's secret).


def takes_part_in_meeting(user: Any, meeting: Any) -> bool:
    """True for an active member of the meeting's workplace with a role there."""
    return (
        _is_active_user(user)
        and Membership.objects.active()
        .filter(
            user=user, workplace_id=meeting.workplace_id, role__in=ACTIONS["dialogue.take_part"]
        )
        .exists()
    )


def opens_guest_seat(guest: Any, secret: str) -> bool:
    """True when `secret` is the accepted guest's (compared in constant time)."""
    return guest.status == "accepted" and same_secret(guest.secret, secret)
