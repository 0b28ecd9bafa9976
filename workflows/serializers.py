from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organisation, User
from forms.models import Attachment
from workflows.inbox import BOXES
from workflows.models import Delegation, SavedFilter


class RowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    task_id = serializers.IntegerField(allow_null=True)
    case_id = serializers.IntegerField()
    process = serializers.CharField()
    process_label = serializers.CharField()
    step = serializers.CharField()
    action = serializers.CharField()
    title = serializers.CharField()
    person = serializers.CharField()
    organisation = serializers.CharField()
    since = serializers.DateTimeField()
    due = serializers.CharField(allow_null=True)
    completed = serializers.CharField(allow_null=True)  # the day a done step (已办) was done
    earliest = serializers.CharField(allow_null=True)
    overdue = serializers.BooleanField()  # a done step: done after its due day
    status = serializers.CharField()
    owner = serializers.CharField(allow_null=True)
    case_url = serializers.CharField()
    action_url = serializers.CharField()


class InboxQuerySerializer(serializers.Serializer):
    box = serializers.ChoiceField(choices=BOXES, default="todo")
    step = serializers.CharField(required=False)
    organisation = serializers.CharField(required=False)
    q = serializers.CharField(required=False)
    overdue = serializers.CharField(required=False)
    ordering = serializers.ChoiceField(choices=["created", "-created", "due", "-due"], required=False)


class TransferSerializer(serializers.Serializer):
    to_user_id = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class CommentSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, max_length=5000)
    attachment_ids = serializers.PrimaryKeyRelatedField(queryset=Attachment.objects.all(), many=True, default=list)


class CcSerializer(serializers.Serializer):
    user_ids = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)


class BulkSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["claim", "complete", "approve"])
    task_ids = serializers.ListField(child=serializers.IntegerField(), max_length=200)
    payload = serializers.DictField(required=False, default=dict)


class BulkResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ok = serializers.BooleanField()
    code = serializers.CharField(required=False)
    detail = serializers.CharField(required=False)


class SavedFilterSerializer(serializers.ModelSerializer):
    params = serializers.DictField(help_text=_("The inbox query parameters the filter applies."))
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False, help_text=_("Share with an organisation.")
    )

    class Meta:
        model = SavedFilter
        fields = ["id", "name", "params", "shared_with", "owner_id"]
        read_only_fields = ["owner_id"]


class DelegationSerializer(serializers.ModelSerializer):
    substitute_id = serializers.PrimaryKeyRelatedField(
        source="substitute", queryset=User.objects.all(), allow_null=True
    )

    class Meta:
        model = Delegation
        fields = ["substitute_id", "starts_on", "ends_on"]
        extra_kwargs = {"starts_on": {"required": False}, "ends_on": {"required": False}}


class CommentResultSerializer(serializers.Serializer):
    comment_id = serializers.IntegerField()


class ApprovalResultSerializer(serializers.Serializer):
    task_id = serializers.IntegerField()
    approval = serializers.CharField(help_text=_("The multi-approver step's status after the action."))


class StepResultSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField(), required=False)


class CaseActionResultSerializer(serializers.Serializer):
    """One of: the reminded tasks (remind), the people copied (cc), or the withdrawal's result (withdraw)."""

    reminded_task_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    cc_user_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    task_id = serializers.IntegerField(required=False)
    approval = serializers.CharField(required=False)
    event_id = serializers.IntegerField(required=False)


class DelegationResultSerializer(serializers.Serializer):
    delegation = DelegationSerializer(allow_null=True, help_text=_("The current or next delegation, if any."))


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = serializers.CharField(allow_blank=True, default="", max_length=5000)


class AddApproverSerializer(serializers.Serializer):
    user_id = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    where = serializers.ChoiceField(
        choices=[("before", _("Before me")), ("after", _("After me")), ("parallel", _("Alongside me"))]
    )


class ReturnSerializer(serializers.Serializer):
    to_step = serializers.CharField(max_length=60)
    reason = serializers.CharField(allow_blank=True, max_length=2000)
