"""The page forms of pairs, plans and pledges and responsibility letters (the services check every rule again)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Membership, Organisation, OrganisationKind, User
from core.dates import business_today
from programmes.commitments.models import Outcome, PledgeKind
from programmes.models import Participant, Programme

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def people_of(programme: Programme):
    """The people a pair may join: a role in the programme's organisation or below it today, or on its list."""
    inside = Membership.objects.active_on(business_today()).filter(
        organisation__path__startswith=programme.organisation.path
    )
    listed = Participant.objects.filter(programme=programme)
    return (
        User.objects.filter(is_active=True)
        .filter(pk__in=[*inside.values_list("user_id", flat=True), *listed.values_list("person_id", flat=True)])
        .order_by("real_name", "pk")
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.real_name or obj.username


class PairForm(forms.Form):
    mentor = PersonChoice(label=_("Mentor (师傅)"), queryset=User.objects.none(), empty_label="—")
    mentee = PersonChoice(label=_("Mentee (徒弟)"), queryset=User.objects.none(), empty_label="—")
    goals = forms.CharField(label=_("Goals"), max_length=4000, widget=TEXTAREA)
    duties = forms.CharField(label=_("Mentor's duties"), max_length=4000, widget=TEXTAREA)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = self.fields["mentee"].queryset = people_of(programme)


class PairEditForm(forms.Form):
    goals = forms.CharField(label=_("Goals"), max_length=4000, widget=TEXTAREA)
    duties = forms.CharField(label=_("Mentor's duties"), max_length=4000, widget=TEXTAREA)


class PairEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PledgeNewForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("pledge", "What"), choices=PledgeKind.choices)
    text = forms.CharField(label=_("Text"), max_length=4000, widget=TEXTAREA)


class PledgeTextForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=4000, widget=TEXTAREA)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Year-end review"), choices=Outcome.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=TEXTAREA)


class GroupChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class LetterForm(forms.Form):
    group = GroupChoice(label=_("Party group (党小组)"), queryset=Organisation.objects.none(), empty_label="—")
    text = forms.CharField(label=_("Text"), max_length=4000, widget=TEXTAREA)
    duties = forms.CharField(label=_("Duties"), max_length=4000, widget=TEXTAREA)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        branch = programme.organisation
        self.fields["group"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.PARTY_GROUP, path__startswith=branch.path, depth=branch.depth + 1
        ).exclude(responsibility_letters__programme=programme)
