from django.core.management import call_command
from django.utils import timezone

import pytest

from iglo.demo import TITLE
from iglo.models import IgloAction, IgloPlan, Level

pytestmark = pytest.mark.django_db


def test_solhoj_has_an_active_plan_on_all_four_levels_with_one_overdue(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    # Solhøj's finished ball round adds two draft plans of its own (riskmapping/demo.py).
    plan = IgloPlan.objects.get(workplace__slug="plejecenter-solhoj", title=TITLE)
    assert plan.status == IgloPlan.Status.ACTIVE
    actions = list(plan.actions.all())
    assert {a.level for a in actions} == set(Level.values)
    assert [a.is_overdue(timezone.localdate()) for a in actions].count(True) == 1
    assert IgloAction.objects.filter(plan=plan).count() == 4  # other demo plans aside
