from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from riskmapping.balls.paper import MAX_COUNT
from riskmapping.balls.services import AGENDA_MAX_ITEMS, AGENDA_MAX_MINUTES, NOTE_MAX
from riskmapping.models import Ball, BallRound, PaperCount
from stressprogram.forms import DateField, DateTimeField, PeopleChoiceField, RowFormSet
from workplaces.models import User


class RoundForm(forms.Form):
    """The manager's process plan (Bilag 5, "Selve processen", points 1–4)."""

    intro_at = DateTimeField(label=_("Introduktion for medarbejderne (15 min)"), required=False)
    first_day = DateField(label=_("Første dag med bolde"))
    weekends_count = forms.BooleanField(
        label=_("Weekender tæller med (fx på et plejecenter, hvor der arbejdes alle dage)"),
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("Sådan smides boldene"),
        choices=BallRound.Mode.choices,
        initial=BallRound.Mode.DIGITAL,
        required=False,  # digital unless paper is chosen
        widget=forms.RadioSelect,
    )
    sorting_meeting_at = DateTimeField(
        label=_("Sortering af sedlerne med de tillidsvalgte (1 time)"),
        required=False,
    )
    staff_meeting_at = DateTimeField(
        label=_("Møde med alle medarbejdere og de tillidsvalgte (1 time)"),
        required=False,
    )
    participants = PeopleChoiceField(
        label=_("Deltagere"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Som udgangspunkt alle arbejdspladsens medarbejdere."),
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members
        self.fields["participants"].initial = list(members)

    def clean_mode(self) -> str:
        return self.cleaned_data["mode"] or BallRound.Mode.DIGITAL

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first_day = data.get("first_day")
        if first_day is not None:
            last_day = BallRound(
                first_day=first_day, weekends_count=data["weekends_count"]
            ).last_day
            if last_day < timezone.localdate():
                self.add_error(
                    "first_day",
                    _(
                        "Hele runden ville ligge før i dag (sidste dag %(date)s). "
                        "Vælg en første dag fra i dag."
                    )
                    % {"date": formats.date_format(last_day, "DATE_FORMAT")},
                )
        return data


class DropForm(forms.Form):
    colour = forms.ChoiceField(choices=Ball.Colour.choices)
    note = forms.CharField(
        label=_("Din seddel: hvorfor?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vær så konkret som mulig. Der skal ikke anføres navn."),
        error_messages={"required": _("Skriv på sedlen, hvorfor dagen var sådan.")},
    )


class KioskDropForm(DropForm):
    """At the kiosk the participant's code of the day says whose one ball it is."""

    code = forms.CharField(
        label=_("Din kode for i dag"),
        max_length=20,
        help_text=_("Står i dagens mail om boldmetoden og på din egen side med bolde."),
        error_messages={"required": _("Skriv din kode for i dag.")},
    )


class PaperCountForm(forms.Form):
    """Paper mode: the red and green balls counted in the glass displays, one pair of
    fields per drop day that has begun (`red_<iso date>`, `green_<iso date>`)."""

    def __init__(
        self, *args: Any, days: list[date], saved: dict[date, PaperCount], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.days = days
        messages = {
            "invalid": _("Skriv et helt tal."),
            "min_value": _("Antallet kan ikke være negativt."),
            "max_value": _("Højst %(limit_value)s bolde på en dag."),
        }
        for day in days:
            row = saved.get(day)
            label = formats.date_format(day, "DATE_FORMAT")
            for colour, name in (("red", _("Røde bolde")), ("green", _("Grønne bolde"))):
                self.fields[f"{colour}_{day.isoformat()}"] = forms.IntegerField(
                    label=f"{name}, {label}",
                    min_value=0,
                    max_value=MAX_COUNT,
                    required=False,
                    initial=getattr(row, colour) if row else None,
                    error_messages=messages,
                    # Text, not number: Chromium drops the letters typed into a number
                    # field and posts it empty, so "7a" must reach us to be refused.
                    widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                )

    def counts(self) -> dict[date, tuple[int | None, int | None]]:
        """The typed counts by day; None where a field was left empty."""
        data = self.cleaned_data
        return {
            day: (data.get(f"red_{day.isoformat()}"), data.get(f"green_{day.isoformat()}"))
            for day in self.days
        }


class TranscribeForm(forms.Form):
    """Paper mode: one note from the mailbox, typed in after the last day."""

    note = forms.CharField(
        label=_("Sedlens tekst"),
        max_length=NOTE_MAX,
        error_messages={"required": _("Skriv sedlens tekst.")},
    )
    colour = forms.ChoiceField(
        label=_("Sedlens farve"), choices=Ball.Colour.choices, widget=forms.RadioSelect
    )
    confirmed = forms.BooleanField(required=False)


class AgendaItemForm(forms.Form):
    # A row whose text is empty is left out (how a block is removed).
    minutes = forms.IntegerField(
        label=_("Minutter"),
        min_value=1,
        max_value=AGENDA_MAX_MINUTES,
        required=False,
        error_messages={
            "min_value": _("Et punkt tager mindst 1 minut."),
            "max_value": _("Et punkt kan højst tage %(limit_value)s minutter."),
        },
    )
    text = forms.CharField(
        label=_("Punkt"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        data = super().clean()
        missing = not data.get("minutes") and "minutes" not in self.errors
        if (data.get("text") or "").strip() and missing:
            self.add_error("minutes", _("Skriv, hvor mange minutter punktet tager."))
        return data

    def value(self) -> tuple[int, str] | None:
        text = (self.cleaned_data.get("text") or "").strip()
        return (self.cleaned_data["minutes"], text) if text else None


class AgendaRows(RowFormSet):
    default_error_messages = {
        "too_many_forms": _("Dagsordenen kan højst have %(num)d punkter."),
    }


AgendaFormSet = forms.formset_factory(
    AgendaItemForm,
    formset=AgendaRows,
    extra=2,
    max_num=AGENDA_MAX_ITEMS,
    validate_max=True,
    absolute_max=AGENDA_MAX_ITEMS,
)
