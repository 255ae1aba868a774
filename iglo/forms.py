from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from iglo.models import IgloAction, Level
from stressprogram.forms import DateField, PersonChoiceField
from workplaces.models import User


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Hvad er den konkrete risikofaktor?"),
        max_length=200,
        error_messages={"required": _("Skriv, hvad risikofaktoren er.")},
    )
    description = forms.CharField(
        label=_("Altså hvad er problemet?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responsible_manager = PersonChoiceField(
        label=_("Ansvarlig leder"), queryset=User.objects.none(), required=False
    )
    follow_up_on = DateField(label=_("Hvornår følger I op på handleplanen?"), required=False)

    def __init__(self, *args: Any, managers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_manager"].queryset = managers


class PlanEditForm(PlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    level = forms.ChoiceField(
        label=_("Niveau"),
        choices=[("", _("Ikke placeret endnu")), *Level.choices],
        required=False,
    )
    text = forms.CharField(
        label=_("Hvad skal der gøres?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv, hvad der skal gøres.")},
    )
    responsible_member = PersonChoiceField(
        label=_("Ansvarlig person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– ingen person –"),
    )
    responsible_function = forms.CharField(
        label=_("… eller ansvarlig funktion"),
        max_length=200,
        required=False,
        help_text=_("Fx »øverste ledelse« eller »MED-udvalget«."),
        widget=forms.TextInput(attrs={"list": "iglo-functions"}),
    )
    deadline = DateField(label=_("Frist – hvornår skal det være gjort?"), required=False)
    measure_on = DateField(label=_("Hvornår kan vi måle på det?"), required=False)
    measure_how = forms.CharField(
        label=_("Hvordan måler vi på det?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=IgloAction.Status.choices, initial=IgloAction.Status.PLANNED
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_member"].queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("responsible_member") and data.get("responsible_function", "").strip():
            raise ValidationError(
                _("Vælg enten en person eller en funktion som ansvarlig – ikke begge.")
            )
        return data

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
