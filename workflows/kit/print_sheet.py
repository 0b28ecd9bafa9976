"""The 审批单 of a case, or of one of its steps, as the print view and the PDF show it (workflows.kit.print_views):
what the case is (process, who or what it is about, organisation, where it stands), the form as filled, then the
approval record — who did what, their decision, when (Asia/Shanghai), their comment, and for whom they stood in.

Every process registered with the kit gets it from what it already declares: its labels of states, actions and
input fields (Pages.field_labels, the labels on the action's input), and its audit trail as the viewer may read it
(Pages.history; ProcessType.file_access: restricted steps show who and when, not what). Nothing is shown by its
internal code: a recorded value without a label (ids, flags) stays in the trail only.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from audit.models import AuditEvent
from forms.models import Attachment
from workflows.kit.registry import ProcessType, pages_of
from workflows.kit.web_forms import LABELS

DECISIONS = {
    "approve": gettext_lazy("Approved"),
    "reject": gettext_lazy("Not approved"),
    "return": gettext_lazy("Sent back"),
    "withdraw": gettext_lazy("Withdrawn"),
}
SHOWN_APART = {"comment", "reason", "override", "attachment_ids", "attachment_id"}  # the record's own columns
# What the kit's history shows of every process's collective decisions (templates/_event_details.html).
RECORDED = {"attendees": gettext_lazy("Attended"), "absentees": gettext_lazy("Absent")}
TIME = "%Y-%m-%d %H:%M"
CODE = re.compile(r"[A-Za-z][\w.:/-]*", re.ASCII)  # one token of Latin letters, digits and marks: a code, not words


@dataclass
class Record:
    """One line of the approval record."""

    step: str
    person: str
    decision: str
    time: str
    comment: str
    on_behalf_of: str
    details: list[tuple[str, str]] = field(default_factory=list)  # the step's form as filled
    files: list[str] = field(default_factory=list)
    restricted: bool = False  # the viewer may not read what the step recorded


@dataclass
class Sheet:
    process: str
    subject: str
    organisation: str
    state: str
    number: str
    step: str  # the step the sheet is limited to; "" for the whole case
    form: list[tuple[str, str]]  # the form as filled (the application, or the step's)
    files: list[str]
    records: list[Record]
    printed: str


def _text(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float | Decimal):
        return f"{value:g}" if isinstance(value, float) else str(value.normalize())
    return str(value)


def _related(field, value) -> str | None:
    """Ids of rows (people, a group) by their names; files and unknown rows are not shown here."""
    relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
    model = relation.queryset.model
    if model is Attachment:
        return None
    ids = value if isinstance(value, list) else [value]
    rows = model._default_manager.in_bulk([pk for pk in ids if isinstance(pk, int)])
    names = [getattr(rows[pk], "real_name", "") or str(rows[pk]) for pk in ids if pk in rows]
    return "、".join(names) or None


def _people(ids) -> str | None:
    people = get_user_model().objects.in_bulk([pk for pk in ids or [] if isinstance(pk, int)])
    return "、".join(people[pk].real_name for pk in ids if pk in people) or None


def _value(field, value) -> str | None:
    """A recorded value in words, or None when it has none that is not a code."""
    if value in (None, "", [], {}):
        return None
    if field is None and isinstance(value, str) and CODE.fullmatch(value):
        return None  # what a step recorded beside its input (a choice, a version's code), without its words
    if isinstance(field, serializers.ChoiceField) and isinstance(value, str | int):
        return str(field.choices[value]) if value in field.choices else None
    if isinstance(field, serializers.RelatedField | serializers.ManyRelatedField):
        return _related(field, value)
    if isinstance(value, list):
        items = [item.get("name", "") if isinstance(item, dict) else _text(item) for item in value]
        return "、".join(filter(None, items)) or None
    if isinstance(value, dict):
        return None
    return _text(value)


def form_rows(kind: ProcessType, input_class: type | None, data: dict, prefix: str = "") -> list[tuple[str, str]]:
    """(label, value) of what a step recorded, in the order recorded; nested inputs flattened (``meeting__date``),
    each labelled as its step's form labels it (workflows.kit.web_forms)."""
    labels = pages_of(kind).field_labels
    fields = input_class().fields if input_class is not None else {}
    rows = []
    for key, value in data.items():
        if key in SHOWN_APART:
            continue
        field = fields.get(key)
        if isinstance(value, dict) and isinstance(field, serializers.Serializer):
            rows += form_rows(kind, type(field), value, f"{prefix}{key}__")
            continue
        declared = field._kwargs.get("label") if field is not None else None
        label = labels.get(f"{prefix}{key}") or declared or labels.get(key) or LABELS.get(key) or RECORDED.get(key)
        if key.endswith("_ids") and isinstance(field, serializers.ListField):
            shown = _people(value) if label else None  # the kit's people inputs (workflows.kit.web_forms)
        elif key.endswith("_id") and not isinstance(field, serializers.RelatedField):
            continue  # a row's key the input does not name (the branch, the person): not words
        else:
            shown = _value(field, value) if label else None
        if shown is not None:
            rows.append((str(label), shown))
    return rows


def local_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime(TIME)


def _decision(kind: ProcessType, event: AuditEvent) -> str:
    action = kind.actions.get(event.action)
    if action is not None and action.decision:
        return str(DECISIONS[action.decision])
    state = pages_of(kind).state_label(event.to_state) if event.to_state != event.from_state else ""
    return f"→ {state}" if state else _("Done")


def action_input(kind: ProcessType, code: str, *, first: bool = False) -> type | None:
    """The input an event's step took: its action's, or for the event that began the case, the new case's."""
    if code in kind.actions:
        return kind.actions[code].input
    if not first:
        return None
    return kind.start.input if kind.start else kind.api.create_input if kind.api else None


def step_label(kind: ProcessType, code: str) -> str:
    """An event's step in words: its action, the new case, or what the process calls it (party: the application)."""
    if code in kind.actions:
        return str(kind.actions[code].label)
    if kind.start is not None and code == kind.start.code:
        return str(kind.start.label)
    return str(kind.action_label(code) or "")


def record_of(kind: ProcessType, event: AuditEvent, *, readable: bool, first: bool = False) -> Record:
    comment = "\n".join(filter(None, [event.comment, event.reason])) if readable else ""
    files = [file["name"] for file in event.attachments or []] if readable else []
    return Record(
        step=step_label(kind, event.action),
        person=event.actor_name,
        decision=_decision(kind, event),
        time=local_time(event.created_at),
        comment=comment,
        on_behalf_of=event.on_behalf_of,
        # the first event's form is the sheet's own (Sheet.form), not repeated on its line
        details=form_rows(kind, action_input(kind, event.action), event.data or {}) if readable and not first else [],
        files=[] if first else files,
        restricted=not readable,
    )


def sheet_of(kind: ProcessType, case, events, *, user, step: str = "") -> Sheet:
    """The sheet of ``case`` from ``events`` (its trail as the viewer may read it, in order): the first of them
    that began the case (or did the step) is the form as filled; each is a line of the record, but those of no step
    (comments, reminders, exports) and those the process cannot name."""
    known = [e for i, e in enumerate(events) if e.action in kind.actions or (i == 0 and step_label(kind, e.action))]
    readable = {e.pk: str(kind.file_access(user, case, e.action)) != "refused" for e in known}  # as the page
    first = known[0] if known else None
    form, files = [], []
    if first is not None and readable[first.pk]:
        if kind.sheet_form is not None:
            form = kind.sheet_form(case, first)
        else:
            form = form_rows(kind, action_input(kind, first.action, first=True), first.data or {})
        files = [file["name"] for file in first.attachments or []]
    records = [record_of(kind, e, readable=readable[e.pk], first=e is first) for e in known]
    organisation = kind.organisation_of(case)
    pages = pages_of(kind)
    return Sheet(
        process=str(kind.label),
        subject=str(pages.title(case)),
        organisation=getattr(organisation, "name", ""),
        state=str(pages.state_label(kind.state(case))),
        number=str(case.pk),
        step=step,
        form=form,
        files=files,
        records=records,
        printed=_("Printed on %(time)s by %(name)s") % {"time": local_time(timezone.now()), "name": user.real_name},
    )
