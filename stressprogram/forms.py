"""Form pieces the annexes share."""

from typing import Any

from django import forms


class RowFormSet(forms.BaseFormSet):
    """Rows edited without JavaScript: a few empty rows to fill, empty rows are left out.
    Each form's `value()` is its row, or None for an empty one."""

    def values(self) -> list[Any]:
        rows = (form.value() for form in self.forms)
        return [row for row in rows if row is not None]
