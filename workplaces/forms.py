from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from stressprogram.forms import DateField
from stressprogram.outbox import enqueue
from workplaces import tasks
from workplaces.models import HelpRequest, Membership, User, Workplace


class MemberAddForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Findes personen ikke i forvejen, får vedkommende en mail med et link."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)


class WorkplaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Workplace) -> str:
        return f"{obj.name} ({obj.area.name})"


class PersonAddForm(forms.Form):
    """HR gives a person a role in one more workplace."""

    workplace = WorkplaceChoice(
        label=_("Arbejdsplads"),
        queryset=Workplace.objects.select_related("area").order_by("name"),
        empty_label=_("Vælg en arbejdsplads"),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)


class PersonMoveForm(forms.Form):
    """HR moves a person from one workplace to another with the same role."""

    membership = forms.IntegerField(widget=forms.HiddenInput)
    to = WorkplaceChoice(
        label=_("Flyt til"),
        queryset=Workplace.objects.select_related("area").order_by("name"),
        empty_label=_("Vælg en arbejdsplads"),
    )


class WorkplaceSettingsForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=Workplace.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_("Et fast arbejdssted tilbydes boldmetoden, et udekørende dialogmetoden."),
    )
    reminder_hour = forms.TypedChoiceField(
        label=_("Klokkeslæt for daglige påmindelser"),
        choices=[(hour, f"{hour:02d}.00") for hour in range(24)],
        coerce=int,
        error_messages={"invalid_choice": _("Vælg en hel time fra 00.00 til 23.00.")},
        help_text=_("Dansk tid. Påmindelserne om boldmetoden og IGLO-planer sendes i denne time."),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Queues the mail in the background; also reaches invited people without a password."""

    def get_users(self, email: str) -> list[User]:
        return list(User.objects.filter(email__iexact=email, is_active=True))

    def save(self, **kwargs: object) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            enqueue(tasks.send_password_reset, user_id=user.pk)


MAX_EXPORT_BYTES = 100 * 1024 * 1024


class ImportForm(forms.Form):
    """The four reports of OS2mo's SafetyNet export."""

    adm_org_units = forms.FileField(label="adm-org-units.csv")
    adm_engagements = forms.FileField(label="adm-engagements.csv")
    med_org_units = forms.FileField(label="med-org-units.csv")
    med_associations = forms.FileField(label="med-associations.csv")

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, upload in cleaned.items():
            if upload.size > MAX_EXPORT_BYTES:
                self.add_error(name, _("Filen er for stor (højst 100 MB)."))
        return cleaned

    def files_by_name(self) -> dict[str, bytes]:
        return {field.label: self.cleaned_data[name].read() for name, field in self.fields.items()}


class HelpRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hvad vil I bestille?"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Besked til HR"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx hvornår det passer jer, og hvor mange I er."),
    )

    def __init__(self, *args: object, kinds: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only the kinds this person may ask for (workplaces.access.help_kinds_allowed).
        self.fields["kind"].choices = [
            (value, label) for value, label in HelpRequest.Kind.choices if value in kinds
        ]


class HelpRequestUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HelpRequest.Status.choices)
    planned_on = DateField(label=_("Planlagt dato"), required=False)
    reply = forms.CharField(
        label=_("Svar til arbejdspladsen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
