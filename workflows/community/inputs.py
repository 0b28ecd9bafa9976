"""Input of each Process B action (DOMAIN §3.3)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organisation, OrganisationKind
from workflows.community.models import Kind
from workflows.kit.inputs import attachment_field

_COMMUNITIES = Organisation.objects.filter(kind=OrganisationKind.COMMUNITY)
_SCHOOLS = Organisation.objects.filter(kind=OrganisationKind.SCHOOL)
PLAN = _("Implementation plan (工作实施方案)")


class CreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    community = serializers.PrimaryKeyRelatedField(queryset=_COMMUNITIES)
    member_school = serializers.PrimaryKeyRelatedField(queryset=_SCHOOLS)
    school_year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("School year"))
    title = serializers.CharField(max_length=200)
    form = serializers.DictField(required=False, help_text=_("The fields of the application form, by name."))
    plan_id = attachment_field(label=PLAN)


class EditInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    form = serializers.DictField(help_text=_("The fields of the application form, by name."))
    plan_id = attachment_field(label=PLAN)


class ConsultationInput(serializers.Serializer):
    opinion = serializers.CharField(max_length=5000)
    date = serializers.DateField()
    attachment_id = attachment_field()


class FileInput(serializers.Serializer):
    filing_number = serializers.CharField(max_length=60, label=_("Filing number"))
    filing_date = serializers.DateField(label=_("Filing date"))
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
