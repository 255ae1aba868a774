from datetime import date, timedelta

from django.utils import timezone

import pytest

from iglo import services
from iglo.models import IgloAction, IgloPlan, Level
from workplaces.models import User, Workplace


def add_actions(plan: IgloPlan, by: User, *, deadline: date | None = None, **extra) -> list:
    """One complete action on every level."""
    deadline = deadline or timezone.localdate() + timedelta(days=20)
    return [
        services.add_action(
            plan,
            by=by,
            level=level,
            text=f"Handling på {level.label.lower()}sniveau – æøå",
            responsible_member=by if level != Level.ORGANISATION else None,
            responsible_function="MED-udvalget" if level == Level.ORGANISATION else "",
            deadline=deadline,
            **extra,
        )
        for level in Level
    ]


@pytest.fixture
def plan(cast, solhoj: Workplace) -> IgloPlan:
    return services.start_plan(
        solhoj,
        by=cast["leder"],
        title="Travlhed i aftenvagten",
        description="For få hænder og mange afbrydelser – især på gangen ved Åen.",
        responsible_manager=cast["leder"],
        follow_up_on=timezone.localdate() + timedelta(days=60),
    )


@pytest.fixture
def active_plan(plan: IgloPlan, cast) -> IgloPlan:
    add_actions(plan, cast["leder"])
    return services.set_status(plan, by=cast["leder"], status=IgloPlan.Status.ACTIVE)


@pytest.fixture
def action(plan: IgloPlan, cast) -> IgloAction:
    return services.add_action(
        plan,
        by=cast["leder"],
        level=Level.GROUP,
        text="Fast fordeling af telefonen",
        responsible_member=cast["tr"],
        deadline=timezone.localdate() + timedelta(days=10),
    )
