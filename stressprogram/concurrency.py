"""Optimistic concurrency for co-edited things: a save names the version it started from,
and is refused when someone else saved in between, so nobody overwrites anybody silently."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.forms import BaseForm
from django.http import QueryDict


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


# --- For views: the edit pages' one way of meeting a conflict ---

M = TypeVar("M", bound=models.Model)


def unless_conflict(
    change: Callable[[], object], *, current: Callable[[], M] | None = None
) -> models.Model | None:
    """Run `change`: None when it went through, else what someone else saved in between
    (`current()` when the page needs it fetched its own way, e.g. with its annotations)."""
    try:
        change()
    except EditConflict as error:
        return current() if current is not None else error.current
    return None


def rebased(data: QueryDict, conflict: models.Model) -> QueryDict:
    """What this person posted, now based on the other's version: shown again with theirs,
    it saves over theirs only when sent once more, on purpose."""
    data = data.copy()
    data["version"] = conflict.version
    return data


@dataclass
class Edit:
    """How a save from an edit page went: `saved`, or the form to show again and, after an
    edit conflict, the other person's save (`conflict`)."""

    saved: bool
    form: BaseForm
    conflict: Any = None


def save_edit(
    form: BaseForm,
    save: Callable[[], object],
    *,
    rebind: Callable[[Any], BaseForm],
    current: Callable[[], M] | None = None,
) -> Edit:
    """Save a valid edit form's changes. On an edit conflict the page shows `rebind(theirs)`,
    usually the posted form `rebased` on their version; a ValidationError from the save
    becomes a form error, in Danish like the rest."""
    try:
        conflict = unless_conflict(save, current=current)
    except ValidationError as error:
        form.add_error(None, error)
        return Edit(saved=False, form=form)
    if conflict is None:
        return Edit(saved=True, form=form)
    form = rebind(conflict)
    form.is_valid()  # a bound form shows its errors and offers cleaned_data to compare
    return Edit(saved=False, form=form, conflict=conflict)
