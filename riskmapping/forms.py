from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from riskmapping.models import Ball
from riskmapping.services import NOTE_MAX
from workplaces.models import User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class ParticipantChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class RoundForm(forms.Form):
    """The manager's process plan (Bilag 5, "Selve processen", points 1–4)."""

    intro_at = forms.DateTimeField(
        label=_("Introduktion for medarbejderne (15 min)"), required=False, widget=DateTimeInput()
    )
    first_day = forms.DateField(label=_("Første dag med bolde"), widget=DateInput())
    weekends_count = forms.BooleanField(
        label=_("Weekender tæller med (fx på et plejecenter, hvor der arbejdes alle dage)"),
        required=False,
    )
    sorting_meeting_at = forms.DateTimeField(
        label=_("Sortering af sedlerne med de tillidsvalgte (1 time)"),
        required=False,
        widget=DateTimeInput(),
    )
    staff_meeting_at = forms.DateTimeField(
        label=_("Møde med alle medarbejdere og de tillidsvalgte (1 time)"),
        required=False,
        widget=DateTimeInput(),
    )
    participants = ParticipantChoice(
        label=_("Deltagere"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Som udgangspunkt alle arbejdspladsens medarbejdere."),
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members
        self.fields["participants"].initial = list(members)


class DropForm(forms.Form):
    colour = forms.ChoiceField(choices=Ball.Colour.choices)
    note = forms.CharField(
        label=_("Din seddel: hvorfor?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vær så konkret som mulig. Der skal ikke anføres navn."),
        error_messages={"required": _("Skriv på sedlen, hvorfor dagen var sådan.")},
    )
