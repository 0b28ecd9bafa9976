"""Input of each evaluation action (the API body; the pages build the same payload).

Scores are Decimal strings with at most two decimal places. Their range is checked against the
indicator's maximum by the step itself, so an out-of-range score answers ``score_out_of_range``
(DOMAIN C3) rather than a generic validation error.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.inputs import validated  # noqa: F401  (re-exported for the steps)
from workflows.evaluation.models import CoreCombination, FeaturePolicy, Reading, Track

SCORE = {"max_digits": 8, "decimal_places": 2}


TEXT = {"required": False, "allow_blank": True, "default": "", "max_length": 4000}


class CaseOpenInput(serializers.Serializer):
    community = serializers.IntegerField()
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    scheme = serializers.IntegerField(required=False, allow_null=True, default=None)


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(**TEXT)


class SelfScoreInput(serializers.Serializer):
    indicator = serializers.CharField(max_length=20)
    score = serializers.DecimalField(**SCORE)
    note = serializers.CharField(**TEXT)
    attachment_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class AssessedScoreInput(serializers.Serializer):
    indicator = serializers.CharField(max_length=20)
    score = serializers.DecimalField(**SCORE)
    comment = serializers.CharField(**TEXT)


class RoutineTarget(CommentInput):
    routine_id = serializers.IntegerField()


class ProjectTarget(CommentInput):
    project_id = serializers.IntegerField()


class SelfEvaluateInput(serializers.Serializer):
    """One school's self-evaluation of a routine term (``routine_id``) or of a project/feature track: by
    ``project_id``, or by ``member_school_id`` + ``component`` when the track has not been opened yet."""

    routine_id = serializers.IntegerField(required=False)
    project_id = serializers.IntegerField(required=False)
    member_school_id = serializers.IntegerField(required=False)
    component = serializers.ChoiceField(choices=[Track.PROJECT, Track.FEATURE], required=False)
    scores = SelfScoreInput(many=True, allow_empty=False)
    summary = serializers.CharField(**TEXT)

    def validate(self, data):
        given = [bool(data.get("routine_id")), bool(data.get("project_id")), bool(data.get("member_school_id"))]
        if sum(given) != 1 or (data.get("member_school_id") and not data.get("component")):
            raise serializers.ValidationError(
                _("Name one evaluation: routine_id, project_id, or member_school_id with component.")
            )
        return data


class AssessInput(serializers.Serializer):
    scores = AssessedScoreInput(many=True, allow_empty=False)
    comment = serializers.CharField(**TEXT)


class TermEvaluateInput(AssessInput):
    routine_id = serializers.IntegerField()


class PanelScoreInput(AssessInput):
    project_id = serializers.IntegerField()


class AppointInput(ProjectTarget):
    inspector_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    panel_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)

    def validate(self, data):
        if not data["inspector_ids"] and not data["panel_ids"]:
            raise serializers.ValidationError(_("Appoint at least one person."))
        return data


class ChecklistItemInput(serializers.Serializer):
    indicator = serializers.CharField(max_length=20)
    verified = serializers.BooleanField()
    note = serializers.CharField(**TEXT)


class RecordVisitInput(ProjectTarget):
    visit_date = serializers.DateField()
    inspector_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    checklist = ChecklistItemInput(many=True, required=False, default=list)
    findings = serializers.CharField(**TEXT)
    photo_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class AggregateInput(CommentInput):
    reading = serializers.ChoiceField(choices=Reading.choices, required=False, allow_null=True, default=None)


class RequestCorrectionInput(serializers.Serializer):
    field = serializers.CharField(max_length=60, help_text=_('An input of the result, e.g. "N1@12" or "P@15".'))
    after = serializers.DecimalField(**SCORE)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class DecideCorrectionInput(CommentInput):
    correction_id = serializers.IntegerField()


class GradeInput(serializers.Serializer):
    label = serializers.CharField(max_length=20)
    min = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class SchemeVersionInput(serializers.Serializer):
    """A scheme version as the bureau writes it (workflows.evaluation.scheme_services). ``ratios``: "component:TYPE"
    -> [core, member] (positive whole numbers), or null where the type does not assess the component."""

    title = serializers.CharField(max_length=200)
    reading = serializers.ChoiceField(choices=Reading.choices)
    ratios = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    routine_full_marks = serializers.DecimalField(**SCORE, min_value=1)
    places = serializers.IntegerField(min_value=0, max_value=2)
    grades = GradeInput(many=True, required=False, default=list)
    feature_policy = serializers.ChoiceField(choices=FeaturePolicy.choices)
    core_combination = serializers.ChoiceField(choices=CoreCombination.choices)
    is_default = serializers.BooleanField(required=False, default=False)
    routine_set = serializers.IntegerField()
    project_set = serializers.IntegerField()
    feature_set = serializers.IntegerField()
