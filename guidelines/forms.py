from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guidelines import content
from guidelines.services import REVIEW_MONTHS, clean_items

MAX_ITEMS = 30
MAX_ITEM_LENGTH = 600


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class KnowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    definition = forms.CharField(
        label=_("Vores definition af stress"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    discussed_in_committee_on = forms.DateField(
        label=_("Dato for drøftelse i LokalMED"), required=False, widget=DateInput()
    )
    discussed_with_employees_on = forms.DateField(
        label=_("Dato for møde med medarbejderne"), required=False, widget=DateInput()
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
    step = forms.TypedChoiceField(label=_("Trin"), coerce=int, choices=[])

    def __init__(self, *args: object, choices: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = choices
