"""HTML forms for the step actions, built from each action's API input so the page and the API
accept exactly the same data. Nested inputs are flattened as ``meeting__ballot__yes``."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User
from workflows.party.members import approval_committee, branch_voters, committee_voters
from workflows.party.steps.development import OPINION_SOURCES

LABELS = {
    "date": _("Date"),
    "reason": _("Reason (required when the step is late or unusual)"),
    "override": _("Use the committee's exception"),
    "comment": _("Comment"),
    "attachment_ids": _("Attachment"),
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
}
SKIPPED = {"candidate_ids", "per_voter_choices", "excluded", "written"}  # API only


def _people(case, committee: bool, day) -> list[tuple[int, str]]:
    if committee:
        organisation = approval_committee(case.branch)
        ids = committee_voters(organisation, day) if organisation else {}
    else:
        ids = branch_voters(case.branch, day)
    people = User.objects.filter(pk__in=ids).order_by("real_name")
    return [(p.pk, f"{p.real_name}{'' if ids[p.pk] else ' · ' + str(_('no vote'))}") for p in people]


def _field(name, field, people, optional=False):
    label = LABELS.get(name, name)
    required = field.required and not optional
    if name == "attachment_ids":
        return forms.FileField(label=label, required=False)
    if isinstance(field, serializers.ListField) and name.endswith("_ids"):
        return forms.TypedMultipleChoiceField(
            label=label, choices=people, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
        )
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(label=label, required=False, initial=field.default is True)
    if isinstance(field, serializers.DateField):
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    if isinstance(field, serializers.ChoiceField):
        choices = [(k, v) for k, v in field.choices.items()]
        return forms.ChoiceField(
            label=label, choices=([("", "—")] if not required else []) + choices, required=required
        )
    if isinstance(field, serializers.DecimalField):
        return forms.DecimalField(label=label, required=required, min_value=0)
    if isinstance(field, serializers.IntegerField):
        return forms.IntegerField(label=label, required=required)
    widget = forms.Textarea(attrs={"rows": 3}) if (field.max_length or 0) > 200 else None
    return forms.CharField(label=label, required=required, widget=widget, max_length=field.max_length)


def _collect(serializer, prefix, people, archive_items, out, optional=False):
    for name, field in serializer.fields.items():
        if name in SKIPPED:
            continue
        key = f"{prefix}{name}"
        if isinstance(field, serializers.Serializer):
            # An optional group (e.g. the meeting of a step that may not need one) is checked by the API.
            _collect(field, f"{key}__", people, archive_items, out, optional or not field.required)
        elif isinstance(field, serializers.DictField):
            keys = archive_items if name == "materials" else OPINION_SOURCES
            for item in keys:
                out[f"{key}__{item}"] = (
                    forms.FileField(label=item, required=True)
                    if name == "materials"
                    else forms.CharField(label=LABELS.get(item, item), widget=forms.Textarea(attrs={"rows": 2}))
                )
        else:
            out[key] = _field(name, field, people, optional)


def action_form(spec, case, day, archive_items, data=None, files=None) -> forms.Form:
    """The step's form; unbound, it starts at today with every voting member expected (应到)."""
    fields: dict = {}
    voters = branch_voters(case.branch, day) if not spec.committee else None
    people = _people(case, spec.committee, day)
    _collect(spec.input(), "", people, archive_items, fields)
    initial = {"date": day}
    if "meeting__eligible_ids" in fields:
        initial["meeting__eligible_ids"] = [pk for pk, _label in people if voters is None or voters.get(pk)]
    return type("ActionForm", (forms.Form,), fields)(data, files, initial=initial)


def payload_from(cleaned: dict, files_to_ids) -> dict:
    """Unflatten ``a__b`` keys; uploaded files become attachment ids through ``files_to_ids``."""
    payload: dict = {}
    for key, value in cleaned.items():
        if value is None or value == "" or (value == [] and not key.endswith("_ids")):
            continue
        if hasattr(value, "read"):
            value = files_to_ids(value)
            if key == "attachment_ids":
                value = [value]
        target = payload
        *parents, leaf = key.split("__")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return _prune(payload)


def _prune(payload: dict) -> dict:
    """Drop groups left empty (an optional meeting with nothing filled in is no meeting)."""
    out = {}
    for key, value in payload.items():
        if isinstance(value, dict):
            value = _prune(value)
            if all(v in ([], None, "") for v in value.values()):
                continue
        out[key] = value
    return out


def flat_errors(fields: dict, prefix="") -> dict[str, list[str]]:
    """API error fields (nested) as form field names."""
    out: dict[str, list[str]] = {}
    for key, value in fields.items():
        if isinstance(value, dict):
            out.update(flat_errors(value, f"{prefix}{key}__"))
        else:
            out[f"{prefix}{key}"] = [str(v) for v in (value if isinstance(value, list) else [value])]
    return out
