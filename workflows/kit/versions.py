"""A case's form in versions, for any process that keeps them (``ProcessType.form_versions``): the case's model
declares ``versions = GenericRelation("stepwise_forms.CaseFormVersion", "case_id", "case_type")``; each version is
a forms.Submission with, when the process asks for one, a file beside the form (community: the implementation plan).
Versions are never changed: an edit is a new version superseding the last (forms.services.submission_revise), what
differs recorded with it. The kit shows them on the case page (templates/kit/_versions.html), in the API's detail
(``version_serializer``) and fills an edit's form with the latest one (``form_fields``).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.exceptions import ApplicationError
from forms.builders import form_class_for
from forms.models import CaseFormVersion
from forms.selectors import definition_current
from forms.services import submission_revise
from workflows.kit.actions import Context


@dataclass(frozen=True)
class FormVersions:
    """Which form a case fills (``forms``: the value of its field ``by`` -> the form's code), and the input's file
    kept beside it (``attachment``: "plan" is sent as ``plan_id``), named ``attachment_label`` on the pages."""

    by: str
    forms: Mapping[str, str]
    attachment: str = ""
    attachment_label: Promise | str = ""

    def code_for(self, value) -> str:
        return self.forms[value]


def of(case):
    """The case's versions, newest first, with their form, its file and who entered them."""
    return case.versions.select_related("submission__definition", "created_by", "attachment").order_by("-number")


def latest(case) -> CaseFormVersion | None:
    return of(case).first()


def complete(case, spec: FormVersions, missing) -> CaseFormVersion:
    """The case's latest version, which must have its form and the file beside it: else refused, ``form_missing``
    or ``attachment_missing`` (``missing`` says what to attach, next to the file's field)."""
    version = latest(case)
    if version is None:
        raise ApplicationError("form_missing", _("Fill in the application form first."))
    if spec.attachment and version.attachment_id is None:
        fields = {f"{spec.attachment}_id": [str(_("Required."))]}
        raise ApplicationError("attachment_missing", missing, fields=fields)
    return version


def add(ctx: Context, spec: FormVersions) -> CaseFormVersion:
    """The input's ``form`` as the case's next version, recorded on the event; the file sent beside it (none sent:
    the last version's)."""
    previous = latest(ctx.case)
    sent = ctx.data.get(f"{spec.attachment}_id") if spec.attachment else None
    submission, changes = submission_revise(
        code=spec.code_for(getattr(ctx.case, spec.by)),
        data=ctx.data["form"],
        submitted_by=ctx.actor,
        previous=previous.submission if previous else None,
        attachments=[sent] if sent else None,
        files_key=spec.attachment or "files",
    )
    kept = sent or (previous.attachment if previous and spec.attachment else None)
    number = (previous.number + 1) if previous else 1
    version = ctx.case.versions.create(
        number=number, submission=submission, changes=changes, attachment=kept, created_by=ctx.actor
    )
    ctx.record |= {"version": version.number, "form": submission.definition.version}
    ctx.attachments = [kept] if kept else []
    return version


def with_change_rows(versions, spec: FormVersions) -> list:
    """The versions, each with ``change_rows``: (the changed field's label, before, after) — a field of the form
    by its label there, the file by ``spec.attachment_label``."""
    versions = list(versions)
    for version in versions:
        named = {field["name"]: field.get("label", "") for field in version.submission.definition.fields}
        named[spec.attachment or "files"] = spec.attachment_label
        version.change_rows = [(named.get(name, ""), *change) for name, change in (version.changes or {}).items()]
    return versions


def form_fields(plan, spec: FormVersions, value) -> None:
    """A step's form (workflows.kit.web_forms.FormPlan) of a new version: the fields of the newest published form
    for ``value`` (of the case's field ``spec.by``) in place of the API's ``form`` mapping, before the file; an
    edit's filled with the latest version, its file named."""
    version = latest(plan.case) if plan.case is not None else None
    if version is not None:
        plan.initial |= version.submission.data
        if version.attachment and spec.attachment in plan.fields:
            plan.fields[spec.attachment].help_text = _("Now: %(name)s") % {"name": version.attachment.original_name}
    own = form_class_for(definition_current(spec.code_for(value))).base_fields
    upload = plan.fields.pop(spec.attachment) if spec.attachment in plan.fields else None
    plan.fields |= own | ({spec.attachment: upload} if upload is not None else {})
    plan.keys |= {name: f"form__{name}" for name in own}


def version_serializer(spec: FormVersions) -> type[serializers.Serializer]:
    """A version in the API: its form's code, version and data, the file beside it (``<attachment>_id``,
    ``_name``, ``_sha256``), what changed, who entered it and when."""
    file = spec.attachment or "attachment"
    declared = {
        "number": serializers.IntegerField(),
        "form_code": serializers.CharField(source="submission.definition.code"),
        "form_version": serializers.IntegerField(source="submission.definition.version"),
        "data": serializers.JSONField(source="submission.data"),
        f"{file}_id": serializers.IntegerField(source="attachment_id", allow_null=True),
        f"{file}_name": serializers.CharField(source="attachment.original_name", default=None, allow_null=True),
        f"{file}_sha256": serializers.CharField(source="attachment.sha256", default=None, allow_null=True),
        "changes": serializers.JSONField(),
        "created_by_id": serializers.IntegerField(),
        "created_at": serializers.DateTimeField(),
    }
    return type("FormVersionSerializer", (serializers.Serializer,), declared)


def versions_field(spec: FormVersions) -> serializers.Field:
    """The detail's ``versions``: the case's versions as the detail's context holds them (``versions``)."""
    item = version_serializer(spec)

    @extend_schema_field(item(many=True))
    class VersionsField(serializers.Field):
        def to_representation(self, value):
            return item(self.context["versions"], many=True).data

    return VersionsField(source="*", read_only=True)
