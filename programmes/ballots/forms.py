"""The forms of the vote pages: a new review or election, an election's nominees, and the ballot (a radio group per
candidate)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from programmes.ballots.models import Choice, Poll


class PollForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Party branch"),
        queryset=Organisation.objects.none(),
        empty_label="—",  # Django's default has no Chinese
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    opens = forms.DateField(label=_("Voting opens"), widget=forms.DateInput(attrs={"type": "date"}))
    closes = forms.DateField(label=_("Voting closes"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = branches if branches is not None else Organisation.objects.none()


class ElectionForm(PollForm):
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=99, initial=1)


class NomineesForm(forms.Form):
    nominees = forms.ModelMultipleChoiceField(
        label=_("Nominees"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = User.objects.filter(pk__in=[p.pk for p in members]).order_by("real_name")
        self.fields["nominees"].label_from_instance = lambda person: person.real_name


class BallotForm(forms.Form):
    """One radio group per candidate (field ``c<candidate id>``), every group required."""

    def __init__(self, *args, poll: Poll, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(choice, Choice(choice).label) for choice in poll.choices]
        for candidate in poll.candidates.select_related("person"):
            self.fields[f"c{candidate.pk}"] = forms.ChoiceField(
                label=candidate.person.real_name, choices=choices, widget=forms.RadioSelect
            )

    def marks(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
