"""Form pieces the annexes share."""

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every date a person types lies within these years: a typo such as year 20260 or
# 0001-01-01 gets a message on the form, not a calendar or PDF that breaks later.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(
            format="%Y-%m-%d", attrs={"min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"}
        )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(
            format="%Y-%m-%dT%H:%M",
            attrs={"min": f"{FIRST_YEAR}-01-01T00:00", "max": f"{LAST_YEAR}-12-31T23:59"},
        )


def _within_years(value: date | datetime | None) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Vælg en dato mellem år %(first)s og %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


class DateField(forms.DateField):
    """Every date field of the app: a date picker, and a year within reach."""

    widget = DateInput
    default_validators = [_within_years]


class DateTimeField(forms.DateTimeField):
    """Every date-and-time field of the app: a picker, and a year within reach."""

    widget = DateTimeInput
    default_validators = [_within_years]


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


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """Several people, by name (who takes part in a ball round, who is invited to a
    dialogue meeting)."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


def one_line(text: str | None, *, most: int, empty: str, too_long: str) -> str:
    """A short text (a heading, a reason, a room, a name) as one line: runs of white space,
    new lines too, become one space. Refused with `empty` if nothing is left, and with
    `too_long` (which says %(n)s) past `most` characters."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(empty)
    if len(text) > most:
        raise ValidationError(too_long % {"n": most})
    return text
