"""Bilag 7: making, co-editing, activating and approving IGLO action plans."""

from datetime import date, timedelta
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from iglo.models import CalendarFeed, IgloAction, IgloPlan, Level, PlanPresence, Track, new_token
from stressprogram.concurrency import EditConflict, update_if_unchanged
from workplaces.models import Membership, User, Workplace
from workplaces.services import active_members, record_changes

PRESENCE_WINDOW = timedelta(seconds=30)  # the page polls every 3 s; a closed tab fades out
ACTION_FIELDS = (
    "level",
    "text",
    "responsible_member",
    "responsible_function",
    "deadline",
    "measure_on",
    "measure_how",
    "status",
)
PLAN_FIELDS = ("title", "description", "responsible_manager", "follow_up_on")

# Which status a plan may move to from which; activation also needs `missing_for_activation`.
TRANSITIONS = {
    IgloPlan.Status.DRAFT: {IgloPlan.Status.ACTIVE},
    IgloPlan.Status.ACTIVE: {IgloPlan.Status.FOLLOWED_UP, IgloPlan.Status.CLOSED},
    IgloPlan.Status.FOLLOWED_UP: {IgloPlan.Status.ACTIVE, IgloPlan.Status.CLOSED},
    IgloPlan.Status.CLOSED: {IgloPlan.Status.ACTIVE},
}


class Proposal(TypedDict):
    text: str
    track: str  # Track: "now" or "later"


def _shown(value: Any) -> str:
    """A field value as the history shows it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, User):
        return value.display_name
    return str(value)


def _field_label(model: type, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()  # noqa: SLF001


def display_value(model: type, name: str, value: Any) -> str:
    """A field's value as a person reads it (choices by their label)."""
    field = model._meta.get_field(name)  # noqa: SLF001
    if field.choices and value:
        return str(dict(field.flatchoices).get(value, value))
    if name == "level" and not value:
        return _("Ikke placeret")
    return _shown(value)


def _check_member(workplace: Workplace, user: User | None) -> None:
    if user is not None and not active_members(workplace).filter(pk=user.pk).exists():
        raise ValidationError(
            _("%(name)s er ikke medlem af %(workplace)s.")
            % {"name": user.display_name, "workplace": workplace.name}
        )


def start_plan(
    workplace: Workplace,
    *,
    by: User,
    title: str,
    description: str = "",
    source: str = IgloPlan.Source.MANUAL,
    source_label: str = "",
    responsible_manager: User | None = None,
    follow_up_on: date | None = None,
) -> IgloPlan:
    """Start a draft plan for one risk factor."""
    if not title.strip():
        raise ValidationError(_("Skriv, hvad risikofaktoren er."))
    if source not in IgloPlan.Source.values:
        raise ValidationError(_("Ukendt kilde."))
    _check_member(workplace, responsible_manager)
    with transaction.atomic():
        plan = IgloPlan.objects.create(
            workplace=workplace,
            title=title.strip(),
            description=description.strip(),
            source=source,
            source_label=source_label.strip(),
            responsible_manager=responsible_manager,
            follow_up_on=follow_up_on,
            created_by=by,
            updated_by=by,
        )
        record_changes(
            plan, workplace=workplace, by=by, changes=[(_("Plan oprettet"), "", plan.title)]
        )
    return plan


def create_plan_from_risk_factor(
    workplace: Workplace,
    *,
    by: User,
    title: str,
    description: str,
    source: str,
    source_label: str,
    proposals: list[Proposal],
) -> IgloPlan:
    """Start a draft plan from a risk factor with its solution proposals as draft actions.

    Proposals get no level: placing each on I, G, L or O is the editors' decision, and
    the plan cannot be activated until every one is placed (or deleted).
    """
    for proposal in proposals:
        if proposal.get("track") not in Track.values:
            raise ValidationError(_("Et forslag skal have sporet »now« eller »later«."))
    managers = Membership.objects.active().filter(workplace=workplace, role=Membership.Role.MANAGER)
    manager = User.objects.filter(pk__in=managers.values("user")).order_by("pk").first()
    with transaction.atomic():
        plan = start_plan(
            workplace,
            by=by,
            title=title,
            description=description,
            source=source,
            source_label=source_label,
            responsible_manager=manager,
        )
        IgloAction.objects.bulk_create(
            IgloAction(plan=plan, text=p["text"].strip(), track=p["track"], updated_by=by)
            for p in proposals
            if p["text"].strip()
        )
    return plan


def save_plan(
    plan: IgloPlan,
    *,
    by: User,
    expected_version: int,
    title: str,
    description: str,
    responsible_manager: User | None,
    follow_up_on: date | None,
) -> IgloPlan:
    """Save the plan's own fields; EditConflict if someone saved since `expected_version`."""
    if not title.strip():
        raise ValidationError(_("Skriv, hvad risikofaktoren er."))
    _check_member(plan.workplace, responsible_manager)
    new = {
        "title": title.strip(),
        "description": description.strip(),
        "responsible_manager": responsible_manager,
        "follow_up_on": follow_up_on,
    }
    before = {name: getattr(plan, name) for name in PLAN_FIELDS}
    with transaction.atomic():
        update_if_unchanged(
            plan,
            expected_version=expected_version,
            updated_by=by,
            updated_at=timezone.now(),
            **new,
        )
        if record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[(_field_label(IgloPlan, n), _shown(before[n]), _shown(new[n])) for n in new],
        ):
            _touch(plan, content=True)
    return plan


def _clean_action(plan: IgloPlan, fields: dict[str, Any]) -> dict[str, Any]:
    if not fields.get("text", "").strip():
        raise ValidationError(_("Skriv, hvad der skal gøres."))
    if fields.get("level") and fields["level"] not in Level.values:
        raise ValidationError(_("Ukendt niveau."))
    if fields.get("status") and fields["status"] not in IgloAction.Status.values:
        raise ValidationError(_("Ukendt status."))
    if fields.get("responsible_member") and fields.get("responsible_function", "").strip():
        raise ValidationError(
            _("Vælg enten en person eller en funktion som ansvarlig – ikke begge.")
        )
    _check_member(plan.workplace, fields.get("responsible_member"))
    return {
        **fields,
        "text": fields["text"].strip(),
        "responsible_function": fields.get("responsible_function", "").strip(),
        "measure_how": fields.get("measure_how", "").strip(),
    }


def _action_name(action: IgloAction) -> str:
    level = action.get_level_display() if action.level else _("Ikke placeret")
    return _("Handling »%(text)s« (%(level)s)") % {"text": action.text[:60], "level": level}


def add_action(
    plan: IgloPlan,
    *,
    by: User,
    level: str,
    text: str,
    responsible_member: User | None = None,
    responsible_function: str = "",
    deadline: date | None = None,
    measure_on: date | None = None,
    measure_how: str = "",
    status: str = IgloAction.Status.PLANNED,
) -> IgloAction:
    """Add a concrete action to a level of the plan."""
    fields = _clean_action(
        plan,
        {
            "level": level,
            "text": text,
            "responsible_member": responsible_member,
            "responsible_function": responsible_function,
            "deadline": deadline,
            "measure_on": measure_on,
            "measure_how": measure_how,
            "status": status,
        },
    )
    with transaction.atomic():
        action = IgloAction.objects.create(plan=plan, updated_by=by, **fields)
        record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[(_("Ny handling"), "", _action_name(action))],
        )
        _touch(plan, content=True)
    return action


def save_action(
    action: IgloAction, *, by: User, expected_version: int, **fields: Any
) -> IgloAction:
    """Save one action; EditConflict if someone saved it since `expected_version`.
    Other actions and the plan itself are never blocked."""
    plan = action.plan
    fields = _clean_action(plan, {name: fields[name] for name in ACTION_FIELDS})
    before = {name: getattr(action, name) for name in ACTION_FIELDS}
    content_before = _action_content(action)
    name = _action_name(action)
    with transaction.atomic():
        update_if_unchanged(
            action,
            expected_version=expected_version,
            updated_by=by,
            updated_at=timezone.now(),
            **fields,
        )
        record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[
                (
                    f"{name} – {_field_label(IgloAction, n)}",
                    display_value(IgloAction, n, before[n]),
                    display_value(IgloAction, n, fields[n]),
                )
                for n in ACTION_FIELDS
            ],
        )
        _touch(plan, content=_action_content(action) != content_before)
    return action


def delete_action(action: IgloAction, *, by: User, expected_version: int) -> None:
    """Delete an action unless someone changed it since `expected_version`."""
    plan = action.plan
    with transaction.atomic():
        if not IgloAction.objects.filter(pk=action.pk, version=expected_version).delete()[0]:
            raise EditConflict(IgloAction.objects.get(pk=action.pk))
        record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[(_("Handling slettet"), _action_name(action), "")],
        )
        _touch(plan, content=True)


def _touch(plan: IgloPlan, *, content: bool) -> None:
    # The timestamp and the content's count, not `version`: that guards the plan's own
    # fields against overwrites, not its actions.
    IgloPlan.objects.filter(pk=plan.pk).update(
        updated_at=timezone.now(), content_version=F("content_version") + int(content)
    )
    if content:
        plan.content_version += 1


def _action_content(action: IgloAction) -> str:
    """An action as an approval approves it: what, who, when and how it is measured, and
    whether it was dropped; its progress (started, done) changes no decision."""
    parts = [action.text]
    if action.responsible_name:
        parts.append(_("ansvarlig: %(name)s") % {"name": action.responsible_name})
    if action.deadline:
        parts.append(_("frist: %(date)s") % {"date": _shown(action.deadline)})
    if action.measure_on or action.measure_how:
        parts.append(
            _("måles: %(when)s %(how)s")
            % {"when": _shown(action.measure_on), "how": action.measure_how}
        )
    if action.status == IgloAction.Status.DROPPED:
        parts.append(str(IgloAction.Status.DROPPED.label).lower())
    return " · ".join(p.strip() for p in parts)


def approval_content(plan: IgloPlan, actions: list[IgloAction]) -> dict[str, list[str]]:
    """What an approval approves, line by line: key → [what, as shown]."""
    lines = {
        f"plan.{n}": [_field_label(IgloPlan, n), display_value(IgloPlan, n, getattr(plan, n))]
        for n in PLAN_FIELDS
    }
    for action in actions:
        level = action.get_level_display() if action.level else _("Ikke placeret")
        lines[f"action.{action.pk}"] = [
            _("Handling (%(level)s)") % {"level": level},
            _action_content(action),
        ]
    return lines


def changes_since_approval(plan: IgloPlan, actions: list[IgloAction]) -> list[tuple[str, str, str]]:
    """(what, as approved, as now) for each line changed after the approval."""
    if not plan.changed_after_approval:
        return []
    approved, now = plan.approved_content, approval_content(plan, actions)
    empty = ["", ""]
    return [
        ((now.get(key) or approved[key])[0], approved.get(key, empty)[1], now.get(key, empty)[1])
        for key in {**approved, **now}
        if approved.get(key, empty)[1] != now.get(key, empty)[1]
    ]


def missing_for_activation(plan: IgloPlan, actions: list[IgloAction]) -> list[str]:
    """What stands between the plan and activation, one Danish sentence per gap."""
    missing = []
    if plan.responsible_manager_id is None:
        missing.append(_("Planen mangler en ansvarlig leder."))
    if plan.follow_up_on is None:
        missing.append(_("Planen mangler en dato for, hvornår I følger op."))
    live = [a for a in actions if a.status != IgloAction.Status.DROPPED]
    missing += [
        _("Forslaget »%(text)s« er ikke placeret på et niveau.") % {"text": a.text[:60]}
        for a in live
        if not a.level
    ]
    missing += [
        _("Der er ingen konkret handling på niveau %(level)s.") % {"level": level.label}
        for level in Level
        if not any(a.level == level for a in live)
    ]
    for action in (a for a in live if a.level):
        missing += _gaps_of(action)
    return missing


def _gaps_of(action: IgloAction) -> list[str]:
    gaps = []
    if not (action.responsible_member_id or action.responsible_function):
        gaps.append(_("%(action)s mangler en ansvarlig.") % {"action": _action_name(action)})
    if action.deadline is None:
        gaps.append(_("%(action)s mangler en frist.") % {"action": _action_name(action)})
    return gaps


def set_status(plan: IgloPlan, *, by: User, status: str) -> IgloPlan:
    """Move the plan to another status; activation only when nothing is missing."""
    with transaction.atomic():
        plan = IgloPlan.objects.select_for_update().select_related("workplace").get(pk=plan.pk)
        if status not in TRANSITIONS.get(plan.status, set()):
            raise ValidationError(
                _("Planen kan ikke gå fra »%(from)s« til »%(to)s«.")
                % {
                    "from": plan.get_status_display(),
                    "to": dict(IgloPlan.Status.choices).get(status, status),
                }
            )
        if status == IgloPlan.Status.ACTIVE:
            missing = missing_for_activation(plan, list(plan.actions.all()))
            if missing:
                raise ValidationError(missing)
        before = plan.get_status_display()
        IgloPlan.objects.filter(pk=plan.pk).update(
            status=status, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
        )
        plan.refresh_from_db()
        record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[(_("Status"), before, plan.get_status_display())],
        )
    return plan


def approve_plan(plan: IgloPlan, *, by: User) -> IgloPlan:
    """The work-environment group approves the plan as it is now: who, when, which version
    and its content are kept, so a later change shows what changed since."""
    with transaction.atomic():
        plan = IgloPlan.objects.select_for_update().select_related("workplace").get(pk=plan.pk)
        if plan.status == IgloPlan.Status.DRAFT:
            raise ValidationError(_("En kladde kan ikke godkendes. Aktivér planen først."))
        now = timezone.now()
        actions = list(plan.actions.select_related("responsible_member"))
        IgloPlan.objects.filter(pk=plan.pk).update(
            approved_by=by,
            approved_at=now,
            approved_version=plan.content_version,
            approved_content=approval_content(plan, actions),
            version=F("version") + 1,
            updated_at=now,
        )
        plan.refresh_from_db()
        record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[
                (
                    _("Godkendt af arbejdsmiljøgruppen"),
                    "",
                    _("%(name)s, %(date)s (version %(n)s)")
                    % {
                        "name": by.display_name,
                        "date": formats.date_format(timezone.localtime(now), "DATETIME_FORMAT"),
                        "n": plan.approved_version,
                    },
                )
            ],
        )
    return plan


# Presence ---------------------------------------------------------------------------


def mark_present(plan: IgloPlan, *, user: User) -> None:
    """Record that the user has the plan open now."""
    now = timezone.now()
    if not PlanPresence.objects.filter(plan=plan, user=user).update(seen_at=now):
        try:
            with transaction.atomic():
                PlanPresence.objects.create(plan=plan, user=user, seen_at=now)
        except IntegrityError:  # two tabs of the same person raced
            PlanPresence.objects.filter(plan=plan, user=user).update(seen_at=now)


def others_present(plan: IgloPlan, *, user: User) -> list[User]:
    """The other people who had the plan open within the last half minute."""
    since = timezone.now() - PRESENCE_WINDOW
    ids = PlanPresence.objects.filter(plan=plan, seen_at__gte=since).exclude(user=user)
    return list(User.objects.filter(pk__in=ids.values("user")).order_by("first_name"))


# Calendar ---------------------------------------------------------------------------


def calendar_feed_for(user: User) -> CalendarFeed:
    """The person's calendar feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_calendar_feed(user: User) -> CalendarFeed:
    """Give the feed a new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user)
    feed.token = new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


def revoke_calendar_feed(user: User) -> None:
    """Delete the person's feed; the address stops working."""
    CalendarFeed.objects.filter(user=user).delete()
