"""CSV and JSON export of IGLO plans, for EG SafetyNet; the columns are in README.md."""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from iglo.models import IgloAction, IgloPlan
from stressprogram.spreadsheet import danish_csv


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


PLAN_COLUMNS: list[tuple[str, str, Callable[[IgloPlan], Any]]] = [
    ("workplace", "Arbejdsplads", lambda p: p.workplace.name),
    ("plan_id", "Plan-id", lambda p: p.pk),
    ("risk_factor", "Risikofaktor", lambda p: p.title),
    ("problem", "Hvad er problemet", lambda p: p.description),
    ("source", "Kilde", lambda p: p.get_source_display()),
    ("source_label", "Kildens navn", lambda p: p.source_label),
    ("plan_status", "Planens status", lambda p: p.get_status_display()),
    (
        "responsible_manager",
        "Ansvarlig leder",
        lambda p: p.responsible_manager.display_name if p.responsible_manager else "",
    ),
    ("follow_up_on", "Opfølgning", lambda p: _date(p.follow_up_on)),
    (
        "approved_by",
        "Godkendt af",
        lambda p: p.approved_by.display_name if p.approved_by else "",
    ),
    (
        "approved_at",
        "Godkendt",
        lambda p: timezone.localtime(p.approved_at).isoformat() if p.approved_at else "",
    ),
]
ACTION_COLUMNS: list[tuple[str, str, Callable[[IgloAction], Any]]] = [
    ("action_id", "Handlings-id", lambda a: a.pk),
    ("level", "Niveau", lambda a: a.get_level_display()),
    ("action", "Handling", lambda a: a.text),
    ("responsible", "Ansvarlig", lambda a: a.responsible_name),
    ("deadline", "Frist", lambda a: _date(a.deadline)),
    ("measure_on", "Måles", lambda a: _date(a.measure_on)),
    ("measure_how", "Sådan måles", lambda a: a.measure_how),
    (
        "track",
        "Handles straks / arbejdes videre med",
        lambda a: a.get_track_display() if a.track else "",
    ),
    ("action_status", "Handlingens status", lambda a: a.get_status_display()),
]


def to_csv(plans: list[IgloPlan]) -> bytes:
    """One row per action (a plan without actions gets one row), for Danish Excel."""

    def rows() -> Iterator[list[Any]]:
        for plan in plans:
            head = [get(plan) for _k, _h, get in PLAN_COLUMNS]
            actions = list(plan.actions.all())
            if not actions:
                yield head + [""] * len(ACTION_COLUMNS)
            for action in actions:
                yield head + [get(action) for _k, _h, get in ACTION_COLUMNS]

    return danish_csv([header for _k, header, _f in PLAN_COLUMNS + ACTION_COLUMNS], rows())


def to_json(plans: list[IgloPlan]) -> bytes:
    """The plans with their actions nested, keyed by the column names."""
    data = {
        "exported_at": timezone.localtime().isoformat(),
        "plans": [
            {
                **{key: get(plan) for key, _h, get in PLAN_COLUMNS},
                "actions": [
                    {key: get(action) for key, _h, get in ACTION_COLUMNS}
                    for action in plan.actions.all()
                ],
            }
            for plan in plans
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
