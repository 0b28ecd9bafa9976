"""What the archive bundle says, gathered from the case's facts, its meetings and its audit events (each event's
``data`` is the snapshot of what its step submitted). Reads only: the export service records that it happened.

Call inside ``translation.override``: the strings are translated when the contents are gathered.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from audit.models import AuditEvent
from forms.models import Attachment
from workflows.party.guides import STAGES, STEPS
from workflows.party.inputs import FIELD_LABELS as FORM_LABELS
from workflows.party.inputs import OVERRIDABLE, DesignationInput, SubmitApplicationInput, VoteMeetingInput
from workflows.party.models import Meeting, MeetingDecision, PartyCase
from workflows.party.models.cases import MILESTONE_DATES
from workflows.party.selectors import can_read_political_review, case_history
from workflows.party.serializers import HistorySerializer
from workflows.party.templatetags.party import action_label

# The sections follow the 25 steps (DOMAIN §2.3) and carry the materials of §2.7; each lists the events of its
# actions. A written report belongs to cultivation, or to probation when it was handed in as a probationary member.
ADMISSION = frozenset(
    {
        "branch_committee_review",
        "pre_review",
        "record_publicity",
        "fill_form",
        "record_admission_vote",
        "parent_interview",
        "parent_approve",
        "file_with_grandparent",
        "put_on_hold",
        "resume",
    }
)
PROBATION = frozenset(
    {
        "assign_group",
        "oath",
        "record_probation_assessment",
        "apply_full_membership",
        "record_full_membership_vote",
        "parent_approve_full",
        "record_extension_vote",
        "parent_approve_extension",
        "record_disqualification_vote",
        "parent_approve_disqualification",
    }
)
POLITICAL_REVIEW = "complete_political_review"
EXPORT_ACTION = "archive_bundle_export"  # the audit action of taking the bundle out (services.bundle_export)
SECTIONS = (
    (STEPS[1][1], {"submit_application", "confirm_receipt"}),
    (STEPS[2][1], {"record_talk"}),
    (STEPS[3][1], {"designate_activist", "file_activist", "appoint_trainers"}),
    (STEPS[6][1], {"record_half_year_assessment", "submit_report"}),
    (STEPS[7][1], {"designate_dev_object", "file_dev_object", "set_introducers"}),
    (STEPS[10][1], {POLITICAL_REVIEW}),
    (STEPS[11][1], {"complete_training"}),
    (STAGES[4], ADMISSION),
    (STAGES[5], PROBATION),
    (STEPS[25][1], {"archive_materials"}),
)
SECTION_OF = {code: index for index, (_title, codes) in enumerate(SECTIONS) for code in codes}
# The national mandatory archive items (DOMAIN §2.7); a local item shows under its code.
ARCHIVE_ITEMS = {
    "membership_form": gettext_lazy("Membership form (入党志愿书)"),
    "application": gettext_lazy("Application for membership (入党申请书)"),
    "political_review": gettext_lazy("Political review material"),
    "full_membership_application": gettext_lazy("Full-membership application (转正申请书)"),
    "cultivation_records": gettext_lazy("Cultivation and assessment material"),
}


def _verbose(model, name):
    return model._meta.get_field(name).verbose_name


# Labels of the data keys the steps record, in the order they are printed; keys not named here (ids, flags, the
# minutes reference that the meeting's own row shows) stay in the trail only.
DATA_LABELS = {
    **{
        key: FORM_LABELS[key]
        for key in (
            "talker_name",
            "content",
            "recommendation",
            "assessor_name",
            "days",
            "hours",
            "certificate_ref",
            "opinion",
            "expected_departure_date",
            "notice_ref",
            "feedback",
            "form_number",
            "reported_date",
            "interviewer_name",
            "notes",
            "months",
            "grounds",
            "code",
            "document_number",
        )
    },
    "channel": gettext_lazy("Applying through"),
    "trainers": Role.TRAINER.label,
    "introducers": Role.INTRODUCER.label,
    "full_membership_date": _verbose(PartyCase, "full_membership_date"),
    # Who attended a collective decision and who did not, by name; then a vote's totals (DOMAIN §2.5), in the order
    # the minutes give them.
    "attendees": gettext_lazy("Attended"),
    "absentees": gettext_lazy("Absent"),
    "ballot_mode": _verbose(Meeting, "ballot_mode"),
    "E": _verbose(MeetingDecision, "eligible"),
    "A": _verbose(MeetingDecision, "present"),
    "W": _verbose(MeetingDecision, "written_counted"),
    "Y": _verbose(MeetingDecision, "yes"),
    "no": _verbose(MeetingDecision, "no"),
    "abstain": _verbose(MeetingDecision, "abstain"),
    "passed": _verbose(MeetingDecision, "passed"),
}
CHOICES = {
    "channel": lambda: SubmitApplicationInput().fields["channel"].choices,
    "recommendation": lambda: DesignationInput().fields["recommendation"].choices,
    "ballot_mode": lambda: VoteMeetingInput().fields["ballot_mode"].choices,
    "code": lambda: dict(OVERRIDABLE),
}


@dataclass
class Entry:
    title: str
    rows: list[tuple[str, str]]


@dataclass
class Section:
    title: str
    entries: list[Entry] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class CaseFile:
    """One original file, named as the trail recorded it; ``attachment`` is the stored row with that content."""

    sha256: str
    name: str
    event_id: int
    action: str
    business_date: datetime.date | None
    attachment: Attachment | None = None


@dataclass
class BundleContents:
    case: PartyCase
    title: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    files: list[CaseFile]
    withheld: int  # files left out because the requester may not read the political review
    last_event_hash: str
    event_count: int
    generated: str  # when and by whom (the manifest, outside the hash list)
    as_of: str  # the time of the last event the bundle shows (the PDF, whose hash is listed)
    political_review_ids: list[int] | None  # the reviews whose details are included; None: conclusion only


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _value(key: str, value) -> str:
    if key in CHOICES:
        return str(CHOICES[key]().get(value, value))
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, list):
        return "、".join(item["name"] if isinstance(item, dict) else str(item) for item in value)
    return str(value)


def _meeting_rows(meeting: Meeting | None) -> list[tuple[str, str]]:
    if meeting is None:
        return []
    rows = [(str(_verbose(Meeting, "business_date")), f"{meeting.business_date} {meeting.get_kind_display()}")]
    for name in ("minutes_ref", "document_number"):
        if getattr(meeting, name):
            rows.append((str(_verbose(Meeting, name)), getattr(meeting, name)))
    return rows


def _data_rows(event: AuditEvent, meetings: dict[int, Meeting], hidden: set[str]) -> list[tuple[str, str]]:
    data = event.data
    rows = _meeting_rows(meetings.get(data.get("meeting_id")))
    for key, label in DATA_LABELS.items():
        if data.get(key) not in ("", None, []):
            rows.append((str(label), _value(key, data[key])))
    for source, text in data.get("opinions", {}).items():
        rows.append((str(FORM_LABELS.get(source, source)), text))
    if "probation" in data:
        start, end = data["probation"]
        rows += [(str(_verbose(PartyCase, "probation_start")), start), (str(_verbose(PartyCase, "probation_end")), end)]
    if "extension" in data:
        rows.append((str(_verbose(PartyCase, "extension_end")), data["extension"][1]))
    names = {fact["sha256"]: fact["name"] for fact in event.attachments}
    for item, sha in data.get("materials", {}).items():
        shown = _("(restricted, not included)") if sha in hidden else names.get(sha, sha)
        rows.append((str(ARCHIVE_ITEMS.get(item, item)), shown))
    return rows


def _entry(event: AuditEvent, meetings: dict[int, Meeting], hidden: set[str], *, details: bool = True) -> Entry:
    actor = " · ".join(filter(None, [event.actor_name, event.on_behalf_of]))
    rows = [(_("Actor"), actor)]
    if details:
        rows += _data_rows(event, meetings, hidden)
        rows += [(label, text) for label, text in ((_("Comment"), event.comment), (_("Reason"), event.reason)) if text]
        names = [fact["name"] for fact in event.attachments if fact["sha256"] not in hidden]
        if names:
            rows.append((_("attachments"), "、".join(names)))
    label = action_label(event.action)
    return Entry(title=f"{event.business_date or ''} {label}".strip(), rows=rows)


def _facts(case: PartyCase) -> list[tuple[str, str]]:
    facts = [
        (_("Name"), case.person.real_name),
        (str(_verbose(PartyCase, "branch")), case.branch.name),
        (str(_verbose(PartyCase, "identity")), case.get_identity_display()),
        (str(_verbose(PartyCase, "case_status")), case.get_case_status_display()),
        (_("Case"), str(case.pk)),
        (str(_verbose(PartyCase, "rule_set")), case.rule_set.name),
    ]
    if case.form_number:
        facts.append((str(_verbose(PartyCase, "form_number")), case.form_number))
    if case.backfilled:
        facts.append((str(_verbose(PartyCase, "backfilled")), _yes_no(True)))
    for name in MILESTONE_DATES:
        day = getattr(case, name)
        if day is not None:
            facts.append((str(_verbose(PartyCase, name)), day.isoformat()))
    return facts


def _political_review(case: PartyCase, section: Section, reviews, events, meetings, hidden) -> None:
    """The conclusion and its date for everyone; the review's text, files and entries only for its readers."""
    if case.political_review_passed is not None:
        section.facts += [
            (_("Result"), _("Passed") if case.political_review_passed else _("Not passed")),
            (str(_verbose(PartyCase, "political_review_date")), case.political_review_date.isoformat()),
        ]
    if reviews is None:
        section.notes.append(
            _(
                "Only the conclusion and its date are included: the political review material is restricted to "
                "the branch secretary and the party committee."
            )
        )
        return
    section.entries += [_entry(e, meetings, hidden) for e in events if e.action == POLITICAL_REVIEW]
    for review in reviews:
        section.facts.append((str(_verbose(type(review), "summary")), review.summary))


def _files(events, meetings, reviews, hidden: set[str]) -> tuple[list[CaseFile], int]:
    """Every file the trail names, plus the minutes and review documents held only by foreign key, once per
    content (SHA-256), in trail order; and how many distinct files were withheld."""
    files: dict[str, CaseFile] = {}
    withheld: set[str] = set()
    extra = {review.document.sha256: review.document for review in reviews or [] if review.document_id}
    for event in events:
        facts = list(event.attachments)
        meeting = meetings.get(event.data.get("meeting_id"))
        if meeting is not None and meeting.minutes_id:
            facts.append({"sha256": meeting.minutes.sha256, "name": meeting.minutes.original_name})
        if event.action == POLITICAL_REVIEW:
            facts += [{"sha256": sha, "name": doc.original_name} for sha, doc in extra.items()]
        for fact in facts:
            sha = fact["sha256"]
            if sha in hidden:
                withheld.add(sha)
            elif sha not in files:
                files[sha] = CaseFile(sha, fact["name"], event.pk, event.action, event.business_date)
    stored = Attachment.objects.filter(sha256__in=list(files)).order_by("-pk")
    for attachment in stored:  # the oldest row of each content wins
        files[attachment.sha256].attachment = attachment
    return list(files.values()), len(withheld)


def _hidden(events, full_review: bool) -> set[str]:
    """Files of the political review (its own events and the archive's review item) for those who may not read it."""
    if full_review:
        return set()
    hidden = {fact["sha256"] for e in events if e.action in HistorySerializer.RESTRICTED for fact in e.attachments}
    for event in events:
        if "political_review" in event.data.get("materials", {}):
            hidden.add(event.data["materials"]["political_review"])
    return hidden


def bundle_contents(case: PartyCase, *, user) -> BundleContents:
    # Taking the bundle out is itself an audit event of the case: those events stay out of the bundle, so that it
    # (and its hash list) changes only when the case does, never because someone downloaded it.
    events = [event for event in case_history(case) if event.action != EXPORT_ACTION]
    full_review = can_read_political_review(user, case)
    reviews = list(case.political_reviews.select_related("document").order_by("pk")) if full_review else None
    meeting_ids = {e.data["meeting_id"] for e in events if isinstance(e.data.get("meeting_id"), int)}
    meetings = Meeting.objects.select_related("minutes").in_bulk(meeting_ids)
    hidden = _hidden(events, full_review)
    sections = [Section(title=str(title)) for title, _codes in SECTIONS]
    others = Section(title=_("Audit trail"))
    for event in events:
        if event.action == POLITICAL_REVIEW:
            continue  # written by _political_review, which knows what the requester may read
        index = SECTION_OF.get(event.action)
        if event.action == "submit_report" and event.from_state.startswith("PROBATIONARY"):
            index = SECTION_OF["oath"]
        if index is None:
            restricted = event.action in HistorySerializer.RESTRICTED and not full_review
            others.entries.append(_entry(event, meetings, hidden, details=not restricted))
        else:
            sections[index].entries.append(_entry(event, meetings, hidden))
    _political_review(case, sections[SECTION_OF[POLITICAL_REVIEW]], reviews, events, meetings, hidden)
    files, withheld = _files(events, meetings, reviews, hidden)
    last_hash = events[-1].event_hash if events else ""
    others.facts = [(_("Audit events"), str(len(events))), (_("Last event hash"), last_hash)]
    if withheld:
        others.notes.append(_("Restricted political review files not included: %(n)d") % {"n": withheld})
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    last = timezone.localtime(events[-1].created_at).strftime("%Y-%m-%d %H:%M") if events else ""
    return BundleContents(
        case=case,
        title=_("Party membership materials"),
        facts=_facts(case),
        sections=[*sections, others],
        files=files,
        withheld=withheld,
        last_event_hash=last_hash,
        event_count=len(events),
        generated=_("Generated on %(time)s by %(name)s") % {"time": now, "name": user.real_name or user.username},
        as_of=_("As recorded up to %(time)s") % {"time": last},
        political_review_ids=[r.pk for r in reviews] if reviews is not None else None,
    )
