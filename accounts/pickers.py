"""What the person and organisation pickers offer (static/js/person-picker.js makes them searchable).

A picker is a server-rendered ``<select>`` (or a list of checkboxes when several people are chosen) that works
without JavaScript. Each option says who someone is — name · organisation · role — and carries what typing may
match: the name, its pinyin initials and full pinyin, the last four characters of the phone and ID numbers (never
more of them), and the organisation. People of the same name whose labels would read alike are told apart by the
tail of their phone or ID number. An organisation is labelled by its path in the tree. The caller decides who is
offered (the eligible people of the field); every door checks eligibility again on submission."""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from pypinyin import Style, pinyin

from accounts.models import Membership, Organisation, User
from accounts.permissions import ancestor_paths
from core.dates import business_today

TAIL = 4  # how many trailing characters of a phone or ID number a page may carry
SEPARATOR = " · "
PATH_SEPARATOR = " › "
SEARCHABLE = 8  # a list of checkboxes gets a search box from this many people on


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    search: str  # lower case, space separated: what typing may match
    depth: int = 0  # an organisation's level below the shallowest one offered (indentation)


def _readings(name: str, style) -> list[str]:
    """The ways ``name`` reads in ``style``: each reading of its first character (a surname such as 曾 or 单 reads
    otherwise than the word), the usual reading of the others."""
    per_char = pinyin(name, style=style, heteronym=True, errors="ignore")
    per_char = [readings if index == 0 else readings[:1] for index, readings in enumerate(per_char)]
    return ["".join(parts) for parts in itertools.product(*per_char)]


def name_keys(name: str) -> list[str]:
    """The name, its pinyin initials (梁静: lj) and its full pinyin (liangjing), in lower case."""
    keys = [name.lower(), *_readings(name, Style.FIRST_LETTER), *_readings(name, Style.NORMAL)]
    return list(dict.fromkeys(key.lower() for key in keys if key))


def tail(value: str | None) -> str:
    """The last characters of a phone or ID number: never the whole of it."""
    value = "".join(ch for ch in (value or "") if ch.isalnum())
    return value[-TAIL:].upper() if len(value) > TAIL else ""


def _places(ids: set[int], day: datetime.date, near: Organisation | None) -> dict[int, tuple[str, str]]:
    """Each person's organisation and roles there: of their roles on ``day``, those in the deepest organisation —
    among the organisations of ``near``'s chain (above or below it) when they hold a role there."""
    held: dict[int, list[Membership]] = defaultdict(list)
    rows = Membership.objects.active_on(day).filter(user_id__in=ids).select_related("organisation")
    for membership in rows.order_by("organisation__path", "role"):
        held[membership.user_id].append(membership)
    places = {}
    for pk, memberships in held.items():
        if near is not None:
            chain = [m for m in memberships if _related(m.organisation.path, near.path)]
            memberships = chain or memberships
        deepest = max(memberships, key=lambda m: m.organisation.depth).organisation
        roles = dict.fromkeys(m.get_role_display() for m in memberships if m.organisation_id == deepest.pk)
        places[pk] = (deepest.name, "、".join(str(role) for role in roles))
    return places


def _related(path: str, near: str) -> bool:
    return path.startswith(near) or near.startswith(path)


def _pairs(choices: Iterable, model, name: str) -> list[tuple[int, str]]:
    """(id, label) of each choice — a row of ``model`` or an (id, label) pair; a blank choice ("", "—") left out."""
    pairs = []
    for choice in choices:
        if isinstance(choice, model):
            pairs.append((choice.pk, getattr(choice, name)))
        elif str(choice[0]) != "":
            pairs.append((int(choice[0]), str(choice[1])))
    return pairs


def person_options(choices: Iterable, *, day: datetime.date | None = None, near=None) -> list[Option]:
    """The options of a person picker, in the order given: ``choices`` are people or (id, label) pairs whose label
    starts with the person's name and may add what the process tells about them (" · no vote")."""
    pairs = _pairs(choices, User, "real_name")
    people = User.objects.filter(pk__in=[pk for pk, _label in pairs]).only("real_name", "phone", "id_number")
    found = {person.pk: person for person in people}
    places = _places(set(found), day or business_today(), near)
    labels = {}
    for pk, label in pairs:
        person = found.get(pk)
        name = person.real_name if person else label
        extra = label.strip().removeprefix(name) if person and label.strip().startswith(name) else ""
        organisation, roles = places.get(pk, ("", ""))
        labels[pk] = SEPARATOR.join(part for part in (name, organisation, roles) if part) + extra
    _tell_apart(labels, found)
    options = []
    for pk, _label in pairs:
        person = found.get(pk)
        keys = name_keys(person.real_name) if person else []
        keys += [tail(person.phone), tail(person.id_number).lower()] if person else []
        keys += places.get(pk, ("", ""))[0].lower().split()
        options.append(Option(pk, labels[pk], " ".join(key for key in keys if key)))
    return options


def _tell_apart(labels: dict[int, str], people: dict[int, User]) -> None:
    """Two people whose labels read alike get the tail of their phone (or ID) number added."""
    alike = defaultdict(list)
    for pk, label in labels.items():
        alike[label].append(pk)
    for pks in alike.values():
        if len(pks) < 2:
            continue
        for pk in pks:
            person = people.get(pk)
            if person is None:
                continue
            if phone := tail(person.phone):
                labels[pk] += SEPARATOR + _("phone ending %(tail)s") % {"tail": phone}
            elif id_tail := tail(person.id_number):
                labels[pk] += SEPARATOR + _("ID number ending %(tail)s") % {"tail": id_tail}


def organisation_options(choices: Iterable) -> list[Option]:
    """The options of an organisation picker in tree order: each labelled by its path below what all of them share
    (the bureau above or among every school offered is not repeated), with what the process adds (" · 领航型")."""
    pairs = _pairs(choices, Organisation, "name")
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=[pk for pk, _label in pairs])}
    paths = {path for o in organisations.values() for path in ancestor_paths(o.path)}
    names = dict(Organisation.objects.filter(path__in=paths).values_list("path", "name"))
    shared = _shared_ancestors([o.path for o in organisations.values()])
    top = min((o.depth for o in organisations.values()), default=1)
    options = []
    for pk, label in pairs:
        organisation = organisations.get(pk)
        if organisation is None:
            options.append(Option(pk, label, label.lower()))
            continue
        above = [names[path] for path in ancestor_paths(organisation.path)[:-1] if len(path) > len(shared)]
        extra = label.strip().removeprefix(organisation.name)  # a label indented by its depth: the tree shows that
        keys = [*name_keys(organisation.name), *(name.lower() for name in above)]
        path_label = PATH_SEPARATOR.join([*above, organisation.name]) + extra
        options.append(Option(pk, path_label, " ".join(keys), organisation.depth - top))
    order = {o.pk: o.path for o in organisations.values()}
    return sorted(options, key=lambda option: order.get(option.value, ""))


def _shared_ancestors(paths: list[str]) -> str:
    """The path of the deepest organisation at or above all of ``paths`` (one of them when it holds all the others:
    they are shown indented below it)."""
    if not paths:
        return ""
    step, shortest = Organisation.steplen, min(len(path) for path in paths)
    shared = ""
    for end in range(step, shortest + 1, step):
        prefix = paths[0][:end]
        if all(path.startswith(prefix) for path in paths):
            shared = prefix
    return shared


class PickerSelect(forms.Select):
    """A ``<select>`` whose options carry what typing matches; ``kind``: "person" or "organisation"."""

    def __init__(self, kind: str, options: list[Option], blank: str | None = None, attrs=None):
        super().__init__({**(attrs or {}), "data-picker": kind})
        self.options = {str(option.value): option for option in options}
        self.choices = ([("", blank)] if blank is not None else []) + [(o.value, o.label) for o in options]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        found = self.options.get(str(value))
        if found is not None:
            option["attrs"] |= {"data-search": found.search, "data-depth": str(found.depth)}
        return option


class PeopleCheckboxes(forms.CheckboxSelectMultiple):
    """Several people ticked from a list; from ``SEARCHABLE`` of them on, the list gets a search box."""

    def __init__(self, options: list[Option], attrs=None):
        searchable = {"data-picker": "people"} if len(options) >= SEARCHABLE else {}
        super().__init__({**(attrs or {}), **searchable})
        self.options = {str(option.value): option for option in options}
        self.choices = [(o.value, o.label) for o in options]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        found = self.options.get(str(value))
        if found is not None:
            option["attrs"] = {**option["attrs"], "data-search": found.search}
        return option
