"""The studios' page forms. People are picked from those the school reaches (the service checks again)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.pickers import PeopleCheckboxes, PickerSelect, person_options
from forms.fields import AttachmentField, AttachmentsField
from programmes.studios import selectors
from programmes.studios.models import ActivityKind, FileKind, Grade, Level, Pool, StudioRole

TERMS = [(1, _("Term 1 (autumn)")), (2, _("Term 2 (spring)"))]
DATE = forms.DateInput(attrs={"type": "date"})


def _people_field(label, people, *, required=True) -> forms.ModelChoiceField:
    options = person_options(people)
    field = forms.ModelChoiceField(label=label, queryset=people, required=required)
    field.widget = PickerSelect("person", options, blank="—")
    return field


class PersonPicking:
    """A form whose person fields offer the people of ``organisation``'s reach."""

    person_fields: tuple[str, ...] = ()

    def pick_from(self, people):
        for name in self.person_fields:
            field = self.fields[name]
            self.fields[name] = _people_field(field.label, people, required=field.required)


class StudioForm(PersonPicking, forms.Form):
    person_fields = ("lead",)
    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label="—")
    name = forms.CharField(label=_("Studio name"), max_length=60)
    lead = forms.ModelChoiceField(label=_("Studio lead (领衔人)"), queryset=None)
    subject = forms.CharField(label=_("Subject"), max_length=30, required=False)
    founded_on = forms.DateField(label=_("Founded on"), widget=DATE)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PersonForm(PersonPicking, forms.Form):
    person_fields = ("person",)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role in the studio"), choices=[(r, r.label) for r in (StudioRole.MEMBER, StudioRole.APPRENTICE)]
    )
    duty = forms.CharField(label=_("Duty (分工)"), max_length=60, required=False)
    joined = forms.DateField(label=_("Joined"), widget=DATE, required=False)


class PoolForm(PersonPicking, forms.Form):
    person_fields = ("person",)
    pool = forms.ChoiceField(label=_("Pool"), choices=Pool.choices)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AgreementForm(PersonPicking, forms.Form):
    person_fields = ("mentor", "apprentice")
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None)
    apprentice = forms.ModelChoiceField(label=_("Apprentice"), queryset=None)
    school_year = forms.IntegerField(label=_("School year (the year it starts in)"), min_value=2000, max_value=2100)
    term = forms.TypedChoiceField(label=_("Term"), choices=TERMS, coerce=int)
    mentor_duties = forms.CharField(label=_("Mentor's duties"), widget=forms.Textarea(attrs={"rows": 4}))
    apprentice_goals = forms.CharField(label=_("Apprentice's goals"), widget=forms.Textarea(attrs={"rows": 4}))


class AgreementTextForm(forms.Form):
    mentor_duties = forms.CharField(label=_("Mentor's duties"), widget=forms.Textarea(attrs={"rows": 4}))
    apprentice_goals = forms.CharField(label=_("Apprentice's goals"), widget=forms.Textarea(attrs={"rows": 4}))


class PlanForm(forms.Form):
    school_year = forms.IntegerField(label=_("School year (the year it starts in)"), min_value=2000, max_value=2100)
    term = forms.TypedChoiceField(label=_("Term"), choices=TERMS, coerce=int)
    starts = forms.DateField(label=_("Term starts"), widget=DATE, required=False)
    ends = forms.DateField(label=_("Term ends"), widget=DATE, required=False)


class ItemForm(PersonPicking, forms.Form):
    person_fields = ("responsible",)
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=120, required=False)
    planned_date = forms.DateField(label=_("Planned date"), widget=DATE, required=False)
    planned_month = forms.IntegerField(label=_("or planned month"), min_value=1, max_value=12, required=False)
    planned_count = forms.IntegerField(label=_("Planned count"), initial=1)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=None)


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    plan_item = forms.ModelChoiceField(label=_("Plan item"), queryset=None, required=False, empty_label="—")
    topic = forms.CharField(label=_("Topic"), max_length=120, required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    participants = forms.ModelMultipleChoiceField(label=_("Participants"), queryset=None)
    record = forms.CharField(label=pgettext_lazy("studio activity", "Record"), widget=forms.Textarea(attrs={"rows": 4}))
    photos = AttachmentsField(label=_("Photos (JPG or PNG)"), required=False)
    files = AttachmentsField(label=_("Other files"), required=False)

    def __init__(self, *args, studio, items, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = items
        self.fields["plan_item"].label_from_instance = lambda item: " · ".join(
            part for part in (item.get_kind_display(), item.topic) if part
        )
        self.fields["participants"].queryset = people
        self.fields["participants"].widget = PeopleCheckboxes(person_options(people))
        self.fields["photos"].widget.attrs["accept"] = "image/jpeg,image/png"
        self.fields["photos"].widget.attrs["capture"] = "environment"


class ReportForm(forms.Form):
    school_year = forms.IntegerField(label=_("School year (the year it starts in)"), min_value=2000, max_value=2100)
    term = forms.TypedChoiceField(
        label=_("Term"),
        choices=[("", _("The whole school year")), *TERMS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    files = AttachmentsField(label=_("Files"), required=False)


class EvaluationForm(forms.Form):
    school_year = forms.IntegerField(label=_("School year (the year it starts in)"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    comments = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200, required=False)


class FileForm(PersonPicking, forms.Form):
    person_fields = ("person",)
    kind = forms.ChoiceField(label=_("Kind"), choices=FileKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    person = forms.ModelChoiceField(label=_("Whose (for a plan or certificate)"), queryset=None, required=False)
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=None, required=False, empty_label="—")
    file = AttachmentField(label=_("File"))


def reach_of(studio):
    return selectors.people_in_reach(studio.organisation).order_by("real_name")
