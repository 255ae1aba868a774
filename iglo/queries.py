"""Read-side helpers that fix the queries of the IGLO pages (constant counts per page)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from iglo import content
from iglo.models import IgloAction, IgloPlan, Level


def plans_of(workplace_id: int) -> QuerySet[IgloPlan]:
    return IgloPlan.objects.filter(workplace_id=workplace_id).select_related(
        "workplace", "responsible_manager", "approved_by", "updated_by"
    )


def actions_of(plan: IgloPlan) -> list[IgloAction]:
    return list(plan.actions.select_related("responsible_member", "updated_by"))


@dataclass
class LevelView:
    value: str
    label: str
    letter: str
    guidance: str
    actions: list[IgloAction] = field(default_factory=list)


def by_level(actions: list[IgloAction]) -> tuple[list[LevelView], list[IgloAction]]:
    """The four levels in the seed's order (I, G, L, O), each with its actions and guidance;
    unplaced proposals first, since they wait for a decision."""
    guidance = {
        Level.INDIVIDUAL: content.GUIDANCE["individual"],
        Level.GROUP: content.GUIDANCE["individual"],
        Level.LEADERSHIP: content.GUIDANCE["leadership"],
        Level.ORGANISATION: content.GUIDANCE["organisation"],
    }
    levels = [
        LevelView(level.value, str(level.label), str(level.label)[0], str(guidance[level]))
        for level in Level
    ]
    index = {lv.value: lv for lv in levels}
    unplaced = []
    for action in actions:
        (index[action.level].actions if action.level in index else unplaced).append(action)
    return levels, unplaced


def workplace_plans_with_actions(workplace_id: int) -> list[IgloPlan]:
    """Every plan of the workplace with its actions, in two queries."""
    actions = IgloAction.objects.select_related("responsible_member")
    return list(plans_of(workplace_id).prefetch_related(Prefetch("actions", queryset=actions)))


def overview(workplace_id: int, today: date | None = None) -> dict:
    """Plans, a level × status count and the open actions with overdue ones first."""
    today = today or timezone.localdate()
    plans = workplace_plans_with_actions(workplace_id)
    counts = {level.value: dict.fromkeys(IgloAction.Status.values, 0) for level in Level}
    open_actions = []
    for plan in plans:
        for action in plan.actions.all():
            if action.level:
                counts[action.level][action.status] += 1
            if action.is_open and plan.status != IgloPlan.Status.CLOSED:
                open_actions.append(action)
    open_actions.sort(key=lambda a: (not a.is_overdue(today), a.deadline or date.max, a.pk))
    return {
        "plans": plans,
        "counts": [
            {"level": level, "statuses": [counts[level.value][s] for s in IgloAction.Status.values]}
            for level in Level
        ],
        "statuses": IgloAction.Status.choices,
        "open_actions": open_actions,
        "overdue": sum(a.is_overdue(today) for a in open_actions),
        "today": today,
    }
