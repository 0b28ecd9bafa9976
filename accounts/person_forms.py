"""Forms of the people pages. They only read what was typed; the rules (ID number, phone, roles, dates, who may do
what) are the services', whose refusals the views put back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.ethnic_groups import ETHNIC_GROUP_CHOICES
from accounts.models import Gender, Organisation, PartyStanding
from accounts.pickers import PickerSelect, organisation_options
from accounts.roles import SECURITY_ROLES, Role
from core.dates import business_today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label, *, required=False, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


class PersonForm(forms.Form):
    real_name = forms.CharField(label=_("Real name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    birth_date = _date(_("Birth date"))
    ethnic_group = forms.ChoiceField(
        label=_("Ethnic group"), choices=[("", "—"), *ETHNIC_GROUP_CHOICES], required=False
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        help_text=_("18 characters; checked when saved and shown masked afterwards."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.CharField(
        label=_("Email"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    party_standing = forms.ChoiceField(
        label=_("Party standing"), choices=PartyStanding.choices, initial=PartyStanding.NON_MEMBER
    )
    party_standing_since = _date(_("Party standing since"))
    party_watch_until = _date(_("Party probation (留党察看) until"))


class PersonEditForm(PersonForm):
    def __init__(self, *args, masked_id_number: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["id_number"]
        if masked_id_number:
            field.help_text = _(
                "On record: %(masked)s. Leave empty to keep it; type the whole number to change it."
            ) % {"masked": masked_id_number}


def organisation_label(organisation: Organisation) -> str:
    return f"{'　' * (organisation.depth - 1)}{organisation.name}"


class _OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return organisation_label(obj)


def role_choices(*, security: bool, members: bool) -> list[tuple[str, str]]:
    """The roles a person may grant somewhere, by their label (the service decides where)."""
    return [(value, label) for value, label in Role.choices if (security if value in SECURITY_ROLES else members)]


class RoleFields(forms.Form):
    """Where, which role, from when to when: the organisations are those the administrator reaches."""

    organisation = _OrganisationChoice(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"))
    valid_from = _date(_("Valid from"), required=True)
    valid_to = _date(_("Valid to (inclusive; empty: open-ended)"))

    def __init__(self, *args, organisations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].widget = PickerSelect("organisation", organisation_options(organisations), "—")
        self.fields["role"].choices = [("", "—"), *roles]
        self.fields["valid_from"].initial = business_today()


class PersonCreateForm(RoleFields, PersonForm):
    username = forms.CharField(
        label=_("Login name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; the person signs in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )
    field_order = ["username", "real_name"]


class MembershipEndForm(forms.Form):
    valid_to = _date(_("Last day of the role"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_to"].initial = business_today()


class ActivationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Activation code"),
        max_length=40,
        help_text=_("16 letters and digits, as printed on your activation slip (the hyphens may be left out)."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
