from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conversations import content
from stressprogram.forms import DateField, PersonChoiceField, RowFormSet
from workplaces.models import User

MAX_ROWS = 20


def _concept(field: str) -> forms.BooleanField:
    concept, meaning = content.KEY_CONCEPTS[field]
    return forms.BooleanField(
        label=concept, help_text=meaning[0].upper() + meaning[1:], required=False
    )


class ConversationForm(forms.Form):
    """The record of the conversation; `employees` is given when a new one is started."""

    employee = PersonChoiceField(
        label=_("Medarbejder"),
        queryset=User.objects.none(),
        empty_label=_("Vælg medarbejder"),
        error_messages={"required": _("Vælg den medarbejder, samtalen handler om.")},
    )
    held_on = DateField(label=_("Dato for samtalen"))
    calm = _concept("calm")
    hope = _concept("hope")
    immediate_action = _concept("immediate_action")
    calendar = forms.CharField(
        label=_("Kalenderen"),
        help_text=_("Hvad er aflyst, flyttet eller overdraget, så kalenderen er ryddet?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    colleagues_message = forms.CharField(
        label=_("Det siges til kollegerne"),
        help_text=_("Det, I har aftalt at melde ud – og kun det."),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    told_by = forms.CharField(label=_("Hvem siger det?"), max_length=200, required=False)
    next_meeting_on = DateField(label=_("Næste møde"), required=False)
    private_notes = forms.CharField(
        label=_("Private noter"),
        help_text=_(
            "Medarbejderen kan se dem: de står ikke på samtalens side eller PDF, men "
            "medarbejderen har ret til indsigt og får dem med under »Mine data«. Skriv kun "
            "det, du vil kunne vise medarbejderen."
        ),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, employees: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if employees is None:
            del self.fields["employee"]  # editing: whom it concerns never changes
        else:
            self.fields["employee"].queryset = employees

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        held_on, next_meeting_on = data.get("held_on"), data.get("next_meeting_on")
        if held_on and next_meeting_on and next_meeting_on < held_on:
            self.add_error("next_meeting_on", _("Næste møde kan ikke ligge før samtalen."))
        return data

    def values(self, handovers: list[dict]) -> dict[str, Any]:
        """The keyword arguments of services.start_conversation/update_conversation."""
        data = self.cleaned_data
        text = ("calendar", "colleagues_message", "told_by", "private_notes")
        return {
            **{name: data[name] for name in ("held_on", "calm", "hope", "immediate_action")},
            **{name: data[name].strip() for name in text},
            "next_meeting_on": data["next_meeting_on"],
            "handovers": handovers,
        }


class HandoverForm(forms.Form):
    task = forms.CharField(label=_("Opgave der afleveres"), max_length=300, required=False)
    to = forms.CharField(label=_("Til hvem?"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("to", "").strip() and not data.get("task", "").strip():
            self.add_error("task", _("Skriv hvilken opgave der afleveres – eller tøm ”Til hvem?”."))
        return data

    def value(self) -> dict | None:
        task = self.cleaned_data.get("task", "").strip()
        return {"task": task, "to": self.cleaned_data.get("to", "").strip()} if task else None


class StepForm(forms.Form):
    on = DateField(label=_("Dato"), required=False)
    step = forms.CharField(label=_("Trin"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("step", "").strip() and not data.get("on") and "on" not in self.errors:
            self.add_error("on", _("Skriv hvornår trinnet skal ske."))
        if data.get("on") and not data.get("step", "").strip():
            self.add_error("step", _("Skriv hvad trinnet går ud på – eller tøm datoen."))
        return data

    def value(self) -> dict | None:
        step = self.cleaned_data.get("step", "").strip()
        on = self.cleaned_data.get("on")
        return {"on": on.isoformat(), "step": step} if step and on else None


class HandoverRows(RowFormSet):
    default_error_messages = {
        "too_many_forms": _("Højst %(num)d opgaver – saml nogle af dem."),
    }


class StepRows(RowFormSet):
    default_error_messages = {"too_many_forms": _("Højst %(num)d trin i en plan.")}


HandoverFormSet = forms.formset_factory(
    HandoverForm,
    formset=HandoverRows,
    extra=2,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS,
)
StepFormSet = forms.formset_factory(
    StepForm,
    formset=StepRows,
    extra=3,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS,
)
