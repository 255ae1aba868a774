"""Who may do what, where: every view and template asks this module and nothing else.

A role is held in one workplace (`Membership.role`); HR-admin is a flag on the user and
reaches every workplace, but only for the actions listed in `HR_ACTIONS`. Outsiders get
404 rather than 403, so the existence of another workplace's things does not leak.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from workplaces.models import Membership, User, Workplace

Role = Membership.Role
ALL_ROLES = frozenset(Role)
REPRESENTATIVES = frozenset({Role.AMIR, Role.TR})

# Action -> the roles in the workplace that may perform it.
ACTIONS: dict[str, frozenset[str]] = {
    "workplace.view": ALL_ROLES,
    "members.view": ALL_ROLES,
    "members.manage": frozenset({Role.MANAGER}),
}

# What HR-admin may do in any workplace, member or not.
HR_ACTIONS = frozenset({"workplace.view", "members.view"})

# Apps whose models HR-admin manages in Django's admin.
HR_ADMIN_APPS = frozenset({"workplaces"})


def is_hr(user: Any) -> bool:
    """True for an active HR-admin of the municipality."""
    return bool(user.is_authenticated and user.is_active and user.is_hr_admin)


def can(user: Any, action: str, workplace: Workplace, membership: Membership | None) -> bool:
    """May this user perform the action in this workplace, given their membership there?"""
    if action not in ACTIONS:
        raise KeyError(f"Unknown action {action!r}: add it to workplaces.access.ACTIONS")
    if (
        membership is not None
        and membership.workplace_id == workplace.pk
        and membership.role in ACTIONS[action]
    ):
        return True
    return is_hr(user) and action in HR_ACTIONS


def allowed_actions(user: Any, workplace: Workplace, membership: Membership | None) -> frozenset:
    """Every action the user may perform here, for templates (`"x.y" in access.allowed`)."""
    return frozenset(a for a in ACTIONS if can(user, a, workplace, membership))


def get_workplace_for(user: Any, slug: str) -> tuple[Workplace, Membership | None]:
    """The workplace with its user's membership; Http404 for anyone who may not see it."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("workplace", "workplace__area")
        .filter(user=user, workplace__slug=slug)
        .first()
    )
    if membership is not None:
        return membership.workplace, membership
    if is_hr(user):
        workplace = Workplace.objects.select_related("area").filter(slug=slug).first()
        if workplace is not None:
            return workplace, None
    raise Http404


def require(user: Any, action: str, workplace: Workplace, membership: Membership | None) -> None:
    """Raise PermissionDenied unless `can(...)`."""
    if not can(user, action, workplace, membership):
        raise PermissionDenied


@dataclass(frozen=True)
class WorkplaceAccess:
    workplace: Workplace
    membership: Membership | None
    allowed: frozenset

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None


def workplace_view(action: str) -> Callable:
    """Decorate a view taking `slug`: fetch the workplace, check the action, set
    `request.workplace`, `request.membership` and `request.access`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            workplace, membership = get_workplace_for(request.user, slug)
            require(request.user, action, workplace, membership)
            request.workplace = workplace
            request.membership = membership
            request.access = WorkplaceAccess(
                workplace, membership, allowed_actions(request.user, workplace, membership)
            )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def hr_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a municipality-wide view that only HR-admin may open."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_hr(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def workplaces_visible_to(user: Any) -> QuerySet[Workplace]:
    """The workplaces a user may open: all for HR-admin, else those they are a member of."""
    if is_hr(user):
        return Workplace.objects.all()
    if not user.is_authenticated:
        return Workplace.objects.none()
    return Workplace.objects.filter(memberships__user=user)


class HRAdminBackend(BaseBackend):
    """Grants HR-admin the model permissions of the organisation apps in Django's admin."""

    def has_perm(self, user_obj: User, perm: str, obj: object = None) -> bool:
        return is_hr(user_obj) and perm.split(".", 1)[0] in HR_ADMIN_APPS

    def has_module_perms(self, user_obj: User, app_label: str) -> bool:
        return is_hr(user_obj) and app_label in HR_ADMIN_APPS
