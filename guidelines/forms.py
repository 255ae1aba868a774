from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidelines import content
from guidelines.models import Clarifier, Priority
from guidelines.services import REVIEW_MONTHS, clean_items
from stressprogram.forms import DateField, RowFormSet

MAX_ITEMS = 30
MAX_ITEM_LENGTH = 600
MAX_PLAN_TASKS = 40
MAX_CLARIFICATIONS = 20


class KnowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    definition = forms.CharField(
        label=_("Vores definition af stress"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    discussed_in_committee_on = DateField(label=_("Dato for drøftelse i LokalMED"), required=False)
    discussed_with_employees_on = DateField(
        label=_("Dato for møde med medarbejderne"), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(content.REFLECTION_QUESTIONS):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        answers = [f"answer_{i}" for i in range(len(content.REFLECTION_QUESTIONS))]
        self.order_fields([*answers, "definition"])

    def answers(self) -> list[str]:
        return [
            self.cleaned_data[f"answer_{i}"].strip()
            for i in range(len(content.REFLECTION_QUESTIONS))
        ]


class CellForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    items = forms.CharField(
        label=_("Opgaver og ansvar – én pr. linje"),
        help_text=_("Skriv én konkret opgave pr. linje. Ret rækkefølgen ved at flytte linjerne."),
        required=False,
        max_length=MAX_ITEMS * MAX_ITEM_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_items(self) -> list[str]:
        items = clean_items(self.cleaned_data["items"].splitlines())
        if len(items) > MAX_ITEMS:
            raise ValidationError(
                _("Højst %(max)s opgaver i en rubrik – saml nogle af dem.") % {"max": MAX_ITEMS}
            )
        too_long = [item for item in items if len(item) > MAX_ITEM_LENGTH]
        if too_long:
            raise ValidationError(
                _("En opgave må højst fylde %(max)s tegn. Del den op i flere linjer.")
                % {"max": MAX_ITEM_LENGTH}
            )
        return items


class PublishForm(forms.Form):
    review_months = forms.TypedChoiceField(
        label=_("Hvornår skal I følge op?"),
        help_text=_("Følg op og opdater jeres lokale retningslinjer 1-2 gange om året."),
        coerce=int,
        choices=[(m, _("Om %(n)s måneder") % {"n": m}) for m in REVIEW_MONTHS],
        initial=12,
    )


class StepForm(forms.Form):
    # Bootstrap's form-select lets the long step names shrink to a phone's width.
    step = forms.TypedChoiceField(
        label=_("Trin"),
        coerce=int,
        choices=[],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: object, choices: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = choices


# Bilag 3 ---------------------------------------------------------------------------


class PriorityPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    resources = forms.CharField(
        label=content.PRIORITY_QUESTIONS["resources"],
        help_text=_("Skriv om det er muligt, og i givet fald hvilke ressourcer."),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    goals = forms.CharField(
        label=content.PRIORITY_QUESTIONS["goals"],
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    framework = forms.CharField(
        label=content.PRIORITY_QUESTIONS["framework"],
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_resources(self) -> str:
        return self.cleaned_data["resources"].strip()

    def clean_goals(self) -> str:
        return self.cleaned_data["goals"].strip()

    def clean_framework(self) -> str:
        return self.cleaned_data["framework"].strip()


class PlanTaskForm(forms.Form):
    # Every field is optional: a row whose task is empty is left out (how a task is removed).
    task = forms.CharField(label=_("Opgave"), max_length=300, required=False)
    priority = forms.ChoiceField(
        label=_("Prioritet"), choices=Priority.choices, initial=Priority.KEEP
    )
    note = forms.CharField(label=_("Note"), max_length=MAX_ITEM_LENGTH, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("note", "").strip() and not data.get("task", "").strip():
            self.add_error("task", _("Skriv hvilken opgave noten hører til – eller slet noten."))
        return data

    def value(self) -> dict | None:
        task = self.cleaned_data.get("task", "").strip()
        if not task:
            return None
        return {
            "task": task,
            "priority": self.cleaned_data["priority"],
            "note": self.cleaned_data.get("note", "").strip(),
        }


class ClarificationForm(forms.Form):
    question = forms.CharField(label=_("Hvad skal afklares?"), max_length=300, required=False)
    with_whom = forms.ChoiceField(
        label=_("Med hvem?"), choices=Clarifier.choices, initial=Clarifier.TOP_MANAGEMENT
    )

    def value(self) -> dict | None:
        question = self.cleaned_data.get("question", "").strip()
        if not question:
            return None
        return {"question": question, "with_whom": self.cleaned_data["with_whom"]}


class PlanTaskRows(RowFormSet):
    default_error_messages = {
        "too_many_forms": _("Højst %(num)d opgaver i planen – saml nogle af dem."),
    }


class ClarificationRows(RowFormSet):
    default_error_messages = {
        "too_many_forms": _("Højst %(num)d punkter at afklare – saml nogle af dem."),
    }


PlanTaskFormSet = forms.formset_factory(
    PlanTaskForm,
    formset=PlanTaskRows,
    extra=3,
    max_num=MAX_PLAN_TASKS,
    validate_max=True,
    absolute_max=MAX_PLAN_TASKS,
)
ClarificationFormSet = forms.formset_factory(
    ClarificationForm,
    formset=ClarificationRows,
    extra=2,
    max_num=MAX_CLARIFICATIONS,
    validate_max=True,
    absolute_max=MAX_CLARIFICATIONS,
)


class PlanUseForm(forms.Form):
    used_on = DateField(label=_("Dato"))
    situation = forms.CharField(
        label=_("Situationen"),
        help_text=_(
            "Kort og uden navne eller helbredsoplysninger – alle på arbejdspladsen kan læse "
            "planen. Fx ”To kolleger i aftenvagten er sygemeldt i en længere periode”."
        ),
        max_length=300,
    )
    adjustments = forms.CharField(
        label=_("Tilrettelser inden planen tages i brug"),
        help_text=content.PRIORITY_PLAN_USE,
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_used_on(self) -> date:
        used_on = self.cleaned_data["used_on"]
        if used_on > timezone.localdate():
            raise ValidationError(_("Datoen kan ikke ligge i fremtiden."))
        return used_on
