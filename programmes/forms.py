"""The programme pages' forms: each takes what one service takes; the service checks the rules (a refusal comes
back on the form through ``place_error``)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.exceptions import ApplicationError
from programmes.models import ActivityKind, Attendance, Audience, Direction, ProgrammeKind, QuotaPeriod


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def place_error(form: forms.Form, error: ApplicationError) -> None:
    """A service's refusal on the form: on the fields it names that the form has, else on the whole form."""
    placed = False
    for key, messages in (error.fields or {}).items():
        if key in form.fields:
            form.add_error(key, messages if isinstance(messages, list) else [str(messages)])
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


class ProgrammeNewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, choices=())
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int, choices=())
    name = forms.CharField(
        label=_("Name"), max_length=120, required=False, help_text=_("Leave empty for the usual name.")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["school_year"].choices = years


class ProgrammeEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class StageForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("programme", "Stage"), max_length=60)
    starts = forms.DateField(label=_("Starts"), widget=DateInput())
    ends = forms.DateField(label=_("Ends"), widget=DateInput())
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TermForm(forms.Form):
    starts = forms.DateField(label=_("Starts"), widget=DateInput())
    ends = forms.DateField(label=_("Ends"), widget=DateInput())


class QuotaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    period = forms.ChoiceField(label=_("Period"), choices=QuotaPeriod.choices)
    count = forms.IntegerField(label=_("At least"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    audience = forms.ChoiceField(label=_("Applies to"), choices=Audience.choices, initial=Audience.ALL)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AdoptForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Adopt for"), coerce=int, choices=())

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in places]


def _people(people) -> list[tuple[int, str]]:
    return [(p.pk, p.real_name) for p in people]


class ParticipantNewForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, choices=())
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    responsible = forms.TypedChoiceField(label=_("Responsible person"), coerce=int, choices=(), required=False)
    deadline = forms.DateField(label=_("Cultivated by"), widget=DateInput(), required=False)

    def __init__(self, *args, people=(), responsible=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _people(people)
        self.fields["responsible"].choices = [("", "—"), *_people(responsible)]
        self.fields["responsible"].empty_value = None


class ParticipantForm(forms.Form):
    responsible = forms.TypedChoiceField(label=_("Responsible person"), coerce=int, choices=(), required=False)
    deadline = forms.DateField(label=_("Cultivated by"), widget=DateInput(), required=False)

    def __init__(self, *args, responsible=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "—"), *_people(responsible)]
        self.fields["responsible"].empty_value = None


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class InvitationForm(forms.Form):
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    title = forms.CharField(label=_("Meeting"), max_length=120, initial=_("Party branch meeting (组织生活会)"))


class AttendanceForm(forms.Form):
    attended = forms.ChoiceField(
        label=_("Attendance"), choices=[(Attendance.YES, Attendance.YES.label), (Attendance.NO, Attendance.NO.label)]
    )
