"""Each activity kind's own fields (seed 000 §落实措施, 002, 004): the one table the record's ``details`` are checked
against, the entry page's form is built from and the pages label. A record's details hold exactly its kind's keys:
every required one with text, the optional ones possibly blank, nothing else."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programmes.models import ActivityKind as K


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    required: bool = True
    long: bool = False  # a text area, not a line
    max_length: int = 200
    choices: tuple = ()  # (value, label) pairs: the value must be one of them


class DemonstrationLevel:
    """002's path: a 示范课 first in the group (组内), then for the whole school (全校)."""

    GROUP = "GROUP"
    SCHOOL = "SCHOOL"
    CHOICES = (
        (GROUP, pgettext_lazy("demonstration lesson level", "Within the group (组内)")),
        (SCHOOL, pgettext_lazy("demonstration lesson level", "School-wide (全校)")),
    )


LONG = 4000
TITLE = Field("title", pgettext_lazy("activity record", "Title"))
PLACE = Field("place", _("Place or level"), required=False)
NOTES = Field("notes", pgettext_lazy("activity record", "Notes"), required=False, long=True, max_length=LONG)

FIELDS: dict[str, tuple[Field, ...]] = {
    K.OBSERVATION: (
        Field("class_name", _("Class (班级)"), max_length=60),
        Field("subject", _("Subject (学科)"), max_length=60),
        Field("teacher", _("Teacher observed"), required=False, max_length=60),
        Field("topic", _("Lesson topic"), required=False),
        Field("notes", _("Record of the lesson (记录)"), long=True, max_length=LONG),
        Field("suggestions", _("Suggestions (建议)"), long=True, max_length=LONG),
        Field("reflection", _("Reflection (反思)"), long=True, max_length=LONG),
    ),
    K.DEMONSTRATION: (
        Field("level", _("Level"), max_length=10, choices=DemonstrationLevel.CHOICES),
        Field("topic", _("Lesson topic")),
        NOTES,
    ),
    K.READING_NOTE: (
        Field("book", _("Book title")),
        Field("text", _("Reflection"), long=True, max_length=LONG),
    ),
    K.BOOK: (
        Field("book", _("Book title")),
        Field("text", _("Reading notes"), long=True, max_length=LONG),
    ),
    K.PAPER: (
        TITLE,
        Field("published_in", _("Published in (blank: not yet published)"), required=False),
    ),
    K.LECTURE: (TITLE, PLACE, NOTES),
    K.RESEARCH: (TITLE, PLACE, NOTES),
    K.COMPETITION: (TITLE, PLACE, NOTES),
    K.OUTREACH: (TITLE, PLACE, NOTES),
    K.MENTORING: (
        Field("mentee", _("Young teacher mentored"), max_length=60),
        NOTES,
    ),
}
# The field a list shows for a record of the kind.
SUMMARY = {
    K.OBSERVATION: "subject",
    K.DEMONSTRATION: "topic",
    K.READING_NOTE: "book",
    K.BOOK: "book",
    K.MENTORING: "mentee",
}


def fields_of(kind: str) -> tuple[Field, ...]:
    return FIELDS[kind]


def summary_of(kind: str, details: dict) -> str:
    if kind == K.OBSERVATION:
        parts = [details.get("class_name", ""), details.get("subject", ""), details.get("topic", "")]
        return " · ".join(p for p in parts if p)
    return str(details.get(SUMMARY.get(kind, "title"), ""))


def counts(kind: str, details: dict) -> bool:
    """Whether a record counts toward its kind's quota: a paper only where published (论文 "where published")."""
    return kind != K.PAPER or bool(str(details.get("published_in", "")).strip())


def problems(kind: str, details) -> dict[str, list[str]]:
    """Field key -> messages; empty when the details are exactly the kind's fields."""
    if kind not in FIELDS:
        return {"kind": [str(_("Choose an activity."))]}
    if not isinstance(details, dict):
        return {"details": [str(_("The details are not valid."))]}
    found: dict[str, list[str]] = {}
    known = {f.key for f in FIELDS[kind]}
    for key in sorted(set(details) - known):
        found[key] = [str(_("This activity has no such field."))]
    for field in FIELDS[kind]:
        value = details.get(field.key, "")
        if not isinstance(value, str):
            found[field.key] = [str(_("Enter text."))]
            continue
        value = value.strip()
        if field.required and not value:
            found[field.key] = [str(_("This field is required."))]
        elif len(value) > field.max_length:
            found[field.key] = [str(_("At most %(n)d characters.") % {"n": field.max_length})]
        elif field.choices and value and value not in {c[0] for c in field.choices}:
            found[field.key] = [str(_("Choose one of the options."))]
    return found


def cleaned(kind: str, details: dict) -> dict:
    """The details with every field of the kind, stripped (after ``problems`` found none)."""
    return {f.key: str(details.get(f.key, "")).strip() for f in FIELDS[kind]}


def shown(kind: str, details: dict) -> list[tuple[str, str]]:
    """(label, value) of each field with a value, for a page: choices as their labels."""
    rows = []
    for field in FIELDS.get(kind, ()):
        value = details.get(field.key, "")
        if field.choices:
            value = dict(field.choices).get(value, value)
        if value:
            rows.append((str(field.label), str(value)))
    return rows
