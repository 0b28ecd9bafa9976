"""Input of each party action: business date first, then the step's own data (DOMAIN §2.3)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from forms.models import Attachment
from workflows.party.models.meetings import MeetingKind


class ActionInput(serializers.Serializer):
    date = serializers.DateField(help_text=_("Business date of the step (Asia/Shanghai)."))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    override = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    attachment_ids = serializers.PrimaryKeyRelatedField(
        queryset=Attachment.objects.all(), many=True, required=False, default=list
    )


class CommitteeMeetingInput(serializers.Serializer):
    """A branch committee (or, without one or when it cannot meet, general meeting) decision: which body met, who
    attended and the minutes."""

    date = serializers.DateField()
    kind = serializers.ChoiceField(
        choices=[(kind.value, kind.label) for kind in (MeetingKind.BRANCH_COMMITTEE, MeetingKind.BRANCH_ASSEMBLY)],
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The body that decided; by default the branch committee, or the general meeting without one."),
    )
    present_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=True, default=list)
    minutes_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ExclusionInput(serializers.Serializer):
    member_id = serializers.IntegerField()
    reason = serializers.CharField(max_length=40)
    consent_ref = serializers.CharField(allow_blank=True, max_length=200)


class WrittenOpinionInput(serializers.Serializer):
    member_id = serializers.IntegerField()
    submitted_on = serializers.DateField()
    choice = serializers.CharField(max_length=10)


class BallotInput(serializers.Serializer):
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField(default=0)
    candidate_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    per_voter_choices = serializers.ListField(required=False, default=list)


class VoteMeetingInput(serializers.Serializer):
    """A meeting that votes (支部大会 or the committee): the lists behind E, A, W and the totals."""

    ballot_mode = serializers.ChoiceField(
        choices=[("anonymous", _("Anonymous ballot")), ("show_of_hands", _("Show of hands"))], default="anonymous"
    )
    eligible_ids = serializers.ListField(child=serializers.IntegerField())
    excluded = ExclusionInput(many=True, required=False, default=list)
    present_ids = serializers.ListField(child=serializers.IntegerField())
    written = WrittenOpinionInput(many=True, required=False, default=list)
    ballot = BallotInput()
    result = serializers.ChoiceField(choices=[("passed", _("Passed")), ("failed", _("Not passed"))])
    minutes_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    document_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)


class SubmitApplicationInput(serializers.Serializer):
    person_id = serializers.IntegerField(
        required=False,
        help_text=_("Defaults to the caller."),
        label=_("Applicant's person number (leave empty for yourself)"),
    )
    branch_id = serializers.IntegerField(label=_("Branch"))
    date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Date the branch received the application: entered by the branch's staff. An application made online "
            "is dated the day it is handed in, until the branch confirms receipt."
        ),
        label=_("Date received"),
    )
    content = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=50000,
        label=_("Application for membership (入党申请书), written here or attached as a file"),
    )
    channel = serializers.ChoiceField(
        choices=[
            ("unit", _("Work or study unit")),
            ("residence", _("Place of residence")),
            ("mobile", _("Mobile workers' party organisation")),
        ],
        default="unit",
        label=_("Applying through"),
    )
    unit_has_party_organisation = serializers.BooleanField(
        default=True, label=_("My work or study unit has a party organisation")
    )
    paper = serializers.BooleanField(default=False, help_text=_("Entered by the branch from a paper application."))
    backfill = serializers.BooleanField(
        default=False,
        help_text=_("补录: a case already in progress, entered with its historical dates."),
        label=_("Paper application or a case already in progress (补录)"),
    )
    attachment_ids = serializers.PrimaryKeyRelatedField(
        queryset=Attachment.objects.all(), many=True, required=False, default=list
    )


class TalkInput(ActionInput):
    talker_name = serializers.CharField(max_length=50)
    content = serializers.CharField(max_length=20000)


class DesignationInput(ActionInput):
    meeting = CommitteeMeetingInput(required=False)
    recommendation = serializers.ChoiceField(
        choices=[
            ("party_members", _("Party members")),
            ("league", _("Youth League (推优)")),
            ("mass_organisation", _("Mass organisation")),
        ],
        required=False,
    )


class FilingInput(ActionInput):
    document_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)


class PeopleInput(ActionInput):
    person_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    meeting = CommitteeMeetingInput(required=False)


class AssessmentInput(ActionInput):
    assessor_name = serializers.CharField(max_length=50)
    content = serializers.CharField(max_length=20000)


class ReportInput(ActionInput):
    content = serializers.CharField(max_length=50000, required=False, allow_blank=True, default="")


class DevObjectInput(DesignationInput):
    opinions = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000), required=False, default=dict
    )


class PoliticalReviewInput(ActionInput):
    passed = serializers.BooleanField()
    summary = serializers.CharField(max_length=20000)


class TrainingInput(ActionInput):
    days = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)
    hours = serializers.IntegerField(min_value=0)
    certificate_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class ReviewInput(ActionInput):
    opinion = serializers.CharField(max_length=20000)
    meeting = CommitteeMeetingInput(required=False)


class PreReviewInput(ActionInput):
    opinion = serializers.CharField(max_length=20000)
    expected_departure_date = serializers.DateField(required=False, allow_null=True, default=None)


class FormInput(ActionInput):
    form_number = serializers.CharField(max_length=40)


class VoteInput(ActionInput):
    meeting = VoteMeetingInput()
    reported_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Date the committee received the branch's report.")
    )


class ExtensionVoteInput(VoteInput):
    months = serializers.IntegerField()


class DisqualificationVoteInput(VoteInput):
    grounds = serializers.CharField(max_length=5000)


class InterviewInput(ActionInput):
    interviewer_name = serializers.CharField(max_length=50)
    notes = serializers.CharField(max_length=20000)


class ApprovalInput(ActionInput):
    approved = serializers.BooleanField(default=True)
    meeting = VoteMeetingInput()
    full_membership_date = serializers.DateField(required=False, allow_null=True, default=None)


class GroupInput(ActionInput):
    group_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class ArchiveInput(ActionInput):
    materials = serializers.DictField(child=serializers.IntegerField(), help_text=_("Archive item -> attachment id."))


OVERRIDABLE = [
    ("cultivation_under_one_year", _("Development target before one year of cultivation")),
    ("training_insufficient", _("Training shorter than required")),
    ("leaving_within_three_months", _("Admission although leaving within three months")),
]


class OverrideInput(ActionInput):
    code = serializers.ChoiceField(choices=OVERRIDABLE)
    reason = serializers.CharField(max_length=2000)


class PublicityInput(ActionInput):
    notice_ref = serializers.CharField(max_length=200)
    feedback = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class HoldInput(ActionInput):
    expected_departure_date = serializers.DateField()


class TransferInput(ActionInput):
    to_organisation = serializers.CharField(max_length=200, help_text=_("The receiving party organisation."))


# The inputs' fields as the step pages label them (workflows.kit.web_forms; the archive bundle's records too):
# by name, or by place in a group where the plain name would be ambiguous on the form.
FIELD_LABELS = {
    "date": _("Date"),
    "reason": _("Reason (required when the step is late or unusual)"),
    "override": _("Use the committee's exception"),
    "comment": _("Comment"),
    "attachment_ids": _("Attachments"),
    "talker_name": _("Talked with by"),
    "content": _("Content"),
    "recommendation": _("Recommended by"),
    "document_number": _("Document number"),
    "person_ids": _("People"),
    "assessor_name": _("Assessed by"),
    "passed": _("Passed"),
    "summary": _("Conclusion"),
    "days": _("Days"),
    "hours": _("Class hours"),
    "certificate_ref": _("Certificate"),
    "opinion": _("Opinion"),
    "expected_departure_date": _("Expected to leave on"),
    "form_number": _("Membership form number"),
    "reported_date": _("Report received by the committee on"),
    "interviewer_name": _("Interviewed by"),
    "notes": _("Notes"),
    "approved": _("Approved"),
    "full_membership_date": _("Full membership date"),
    "group_id": _("Party group"),
    "months": _("Months"),
    "grounds": _("Grounds"),
    "code": _("Rule"),
    "notice_ref": _("Notice"),
    "feedback": _("Feedback"),
    "minutes_ref": _("Minutes"),
    "present_ids": _("Present"),
    "eligible_ids": _("Expected voting members (应到)"),
    "ballot_mode": _("Ballot"),
    "result": _("Result"),
    "yes": _("Votes for"),
    "no": _("Votes against"),
    "abstain": _("Abstentions"),
    "party_group": _("Party group's opinion"),
    "trainers": _("Trainers' opinion"),
    "members": _("Members' opinion"),
    "public": _("Public opinion"),
    "to_organisation": _("Receiving party organisation"),
    # Fields of a group, where the plain name would be ambiguous on the form
    "meeting__date": _("Meeting date"),
    "meeting__kind": _("The meeting that decided"),
    "meeting__present_ids": _("Present at the meeting"),
    "meeting__minutes_ref": _("Meeting minutes"),
}
