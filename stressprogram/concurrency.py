"""Optimistic concurrency for co-edited things: a save names the version it started from,
and is refused when someone else saved in between, so nobody overwrites anybody silently."""

from typing import Any

from django.db import models
from django.db.models import F


class EditConflict(Exception):  # noqa: N818 -- the glossary's word for it
    """Someone saved since the version the editor started from; `current` is their save."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("The object was changed by someone else.")
        self.current = current


def update_if_unchanged(obj: models.Model, *, expected_version: int, **fields: Any) -> None:
    """Write `fields` and bump `version` in one UPDATE ... WHERE version = expected."""
    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise EditConflict(model.objects.get(pk=obj.pk))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1
