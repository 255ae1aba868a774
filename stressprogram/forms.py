"""Form pieces the annexes share."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class RowFormSet(forms.BaseFormSet):
    """Rows edited without JavaScript: a few empty rows to fill, empty rows are left out.
    Each form's `value()` is its row, or None for an empty one."""

    def values(self) -> list[Any]:
        rows = (form.value() for form in self.forms)
        return [row for row in rows if row is not None]


class PersonChoiceField(forms.ModelChoiceField):
    """One person, by name. The empty choice says what to do in Danish, never Django's
    "---------"; every drop-down of people in the app uses this field."""

    def __init__(self, *args: Any, empty_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, empty_label=empty_label or _("Vælg en person"), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name
