"""HTML forms for the step actions, built from each action's API input so the page and the API
accept exactly the same data. Nested inputs are flattened as ``meeting__ballot__yes``."""

from django import forms
from django.utils.translation import gettext
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
    # Fields of a group, where the plain name would be ambiguous on the form
    "meeting__date": _("Meeting date"),
    "meeting__present_ids": _("Present at the meeting"),
    "meeting__minutes_ref": _("Meeting minutes"),
}
SKIPPED = {"candidate_ids", "per_voter_choices", "excluded", "written"}  # API only
COMMON = {"date", "reason", "override", "comment", "attachment_ids"}  # on every step's form
DRAFT_MIN_OWN_FIELDS = 2  # forms with this many fields of the step's own offer 保存草稿
# Where a refusal belongs on the form, for refusals that name no form field themselves.
ERROR_FIELDS = {
    "date_order": "date",
    "date_in_future": "date",
    "cultivation_under_one_year": "date",
    "activist_too_early": "date",
    "approval_window_exceeded": "date",
    "probation_not_ended": "date",
    "reason_required": "reason",
    "league_recommendation_required": "recommendation",
    "collective_decision_required": "meeting__minutes_ref",
    "trainer_count": "person_ids",
    "trainer_not_full_member": "person_ids",
    "introducer_count": "person_ids",
    "introducer_not_eligible": "person_ids",
    "training_insufficient": "days",
    "leaving_within_three_months": "expected_departure_date",
    "extension_length": "months",
    "group_not_in_branch": "group_id",
    "eligible_list_mismatch": "meeting__eligible_ids",
    "probationary_cannot_vote": "meeting__eligible_ids",
    "voter_not_in_branch": "meeting__eligible_ids",
    "attendee_not_eligible": "meeting__present_ids",
    "quorum_not_met": "meeting__present_ids",
    "vote_totals_invalid": "meeting__ballot__yes",
    "majority_not_reached": "meeting__ballot__yes",
    "result_mismatch": "meeting__result",
}


# A date picker takes ISO dates whatever the language's date format.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people(case, committee: bool, day) -> list[tuple[int, str]]:
    if committee:
        organisation = approval_committee(case.branch)
        ids = committee_voters(organisation, day) if organisation else {}
    else:
        ids = branch_voters(case.branch, day)
    people = User.objects.filter(pk__in=ids).order_by("real_name")
    return [(p.pk, f"{p.real_name}{'' if ids[p.pk] else ' · ' + str(_('no vote'))}") for p in people]


def _field(key, name, field, people, optional=False):
    label = LABELS.get(key, LABELS.get(name, name))
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
        return forms.DateField(label=label, required=required, widget=DATE)
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
            out[key] = _field(key, name, field, people, optional)


def action_form(spec, case, day, archive_items, data=None, files=None, draft=None) -> forms.Form:
    """The step's form; unbound, it starts at today with every voting member expected (应到), or with the
    viewer's draft (a dict of typed values, see forms.drafts.initial_from)."""
    fields: dict = {}
    voters = branch_voters(case.branch, day) if not spec.committee else None
    people = _people(case, spec.committee, day)
    _collect(spec.input(), "", people, archive_items, fields)
    # The date, then what this step is about, then the reason, comment and attachment every step has.
    fields = {name: fields[name] for name in sorted(fields, key=lambda n: (n != "date", n in COMMON))}
    initial = {"date": day}
    if "meeting__eligible_ids" in fields:
        initial["meeting__eligible_ids"] = [pk for pk, _label in people if voters is None or voters.get(pk)]
    return type("ActionForm", (forms.Form,), fields)(data, files, initial=initial | (draft or {}))


def keeps_drafts(form: forms.Form) -> bool:
    return len([name for name in form.fields if name not in COMMON]) >= DRAFT_MIN_OWN_FIELDS


def place_errors(form: forms.Form, error) -> None:
    """Show a refusal next to the fields it concerns (and, with its code, above the form): the fields the
    error names, the members of a group it lists as missing, or the field its code is about."""
    target = ERROR_FIELDS.get(error.code)
    if target in form.fields:
        form.add_error(target, str(error.message))
    for name, problems in flat_errors(error.fields).items():
        if name == target:
            continue
        if name in form.fields:
            form.add_error(name, problems)
            continue
        for member in (f"{name}__{problem}" for problem in problems):  # e.g. opinions → opinions__public
            if member in form.fields:
                form.add_error(member, gettext("This field is required."))
    form.add_error(None, f"{error.message} ({error.code})")


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
