"""Forms of the dialogue method (Bilag 6): the manager's plan of the meeting."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stressprogram.forms import DateTimeField, PeopleChoiceField, PersonChoiceField
from workplaces.models import User


class MeetingForm(forms.Form):
    """Bilag 6, "Forud for dialogmødet": time, room, who is invited and who has which role."""

    starts_at = DateTimeField(label=_("Dato og tidspunkt (2 timer)"))
    room = forms.CharField(
        label=_("Lokale"),
        max_length=200,
        help_text=_("Et egnet lokale med plads til gruppearbejde."),
        error_messages={"required": _("Skriv, hvilket lokale mødet holdes i.")},
    )
    invited = PeopleChoiceField(
        label=_("Indkaldte"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Som udgangspunkt alle medarbejdere + AMiR og TR."),
        error_messages={"required": _("Indkald mindst én medarbejder.")},
    )
    time_keeper = PersonChoiceField(
        label=_("Hvem styrer tiden"), queryset=User.objects.none(), required=False
    )
    introducer = PersonChoiceField(
        label=_("Hvem introducerer"), queryset=User.objects.none(), required=False
    )
    summariser = PersonChoiceField(
        label=_("Hvem samler op"), queryset=User.objects.none(), required=False
    )
    writer = PersonChoiceField(
        label=_("Hvem skriver ned"), queryset=User.objects.none(), required=False
    )

    ROLE_FIELDS = ("time_keeper", "introducer", "summariser", "writer")

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The five pickers list the same people: read them once, not once per picker.
        people = list(members)
        for name in ("invited", *self.ROLE_FIELDS):
            field = self.fields[name]
            field.queryset = members  # still what a posted choice is checked against
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            field.choices = empty + [(p.pk, field.label_from_instance(p)) for p in people]
        if "invited" not in self.initial:
            self.fields["invited"].initial = people
