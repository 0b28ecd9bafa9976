"""The bureau writes scheme versions (DOMAIN §0.5, §4.2): the ratios per component and community type, the reading,
full marks, rounding, the 等次 thresholds and how a core school's pairs combine. Both writes are audited in their
transaction. A version a published year was graded with is never edited: the bureau makes a new version from it.

Who: the evaluation leading group (ORGANISE_EVALUATION, held anywhere) writes; the basic-education section reads
(403 when it tries to write); anyone else gets 404, as if the pages did not exist."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Organisation
from accounts.permissions import organisations_granted, role_used
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from workflows.evaluation.grading import COMPONENTS, TYPES
from workflows.evaluation.inputs import SchemeVersionInput, validated
from workflows.evaluation.models import CaseStatus, EvaluationCase, IndicatorSet, SchemeVersion
from workflows.evaluation.services import scheme_checked

WRITER = roles.ORGANISE_EVALUATION
READERS = (roles.ORGANISE_EVALUATION, roles.REVIEW_COMMUNITY)
SETS = ("routine_set", "project_set", "feature_set")
FIELDS = (
    "title",
    "reading",
    "ratios",
    "routine_full_marks",
    "places",
    "grades",
    "feature_policy",
    "core_combination",
    "is_default",
)


def scheme_place(user, *, write: bool) -> tuple[Organisation, str]:
    """(where the user holds the right that lets them read or write scheme versions, that right): Http404 for
    someone without an evaluation right, PermissionDenied for the basic-education section writing."""
    for perm in READERS:
        place = organisations_granted(user, perm).order_by("depth", "pk").first()
        if place is not None and (perm == WRITER or not write):
            return place, perm
        if place is not None:
            raise PermissionDenied
    raise Http404


def published_with(version: SchemeVersion) -> bool:
    return EvaluationCase.objects.filter(scheme=version, status=CaseStatus.PUBLISHED).exists()


def _ratios(given: dict) -> dict:
    wanted = {f"{c}:{t}" for c in COMPONENTS for t in TYPES}
    if set(given) != wanted:
        raise ApplicationError(
            "ratio_key_invalid", _("Ratios are given per component (routine, project, feature) and community type.")
        )
    for key, pair in given.items():
        if pair is None and not key.startswith("feature:"):
            raise ApplicationError(
                "ratio_required",
                _("Routine work and the help project are assessed for every community type: give both ratios."),
                fields={key: [_("A ratio is required.")]},
            )
        if pair is not None and (len(pair) != 2 or min(pair) <= 0):
            raise ApplicationError(
                "ratio_invalid", _("A ratio is two positive numbers."), fields={key: [":".join(map(str, pair))]}
            )
    return {key: given[key] for key in sorted(given)}


def _grades(given: list[dict]) -> list[dict]:
    """Highest first, exact strings; unique names and thresholds, the lowest 0 (every total gets one)."""
    grades = sorted(({"label": g["label"].strip(), "min": Decimal(g["min"])} for g in given), key=lambda g: -g["min"])
    labels, minima = [g["label"] for g in grades], [g["min"] for g in grades]
    if grades and (not all(labels) or len(set(labels)) != len(labels) or len(set(minima)) != len(minima)):
        raise ApplicationError(
            "grades_invalid", _("Each grade needs its own name and its own lowest score."), fields={"grades": labels}
        )
    if grades and minima[-1] != 0:
        raise ApplicationError(
            "grades_gap", _("The lowest grade starts at 0, so that every total has a grade."), fields={"grades": labels}
        )
    return [{"label": g["label"], "min": str(g["min"].normalize() if g["min"] else 0)} for g in grades]


def _apply(version: SchemeVersion, payload: dict) -> None:
    """Read the payload into ``version`` (unsaved), refusing what the grading engine could not use."""
    data = validated(SchemeVersionInput, payload)
    sets = {s.pk: s for s in IndicatorSet.objects.filter(pk__in=[data[name] for name in SETS])}
    for name in SETS:
        if data[name] not in sets:
            unknown = {name: [_("Unknown indicator set.")]}
            raise ApplicationError("invalid", _("The input is not valid."), fields=unknown)
        setattr(version, name, sets[data[name]])
    for name in FIELDS:
        setattr(version, name, data[name])
    version.ratios = _ratios(data["ratios"])
    version.grades = _grades(data["grades"])
    scheme_checked(version)


def _facts(version: SchemeVersion) -> dict:
    return {
        "title": version.title,
        "reading": version.reading,
        "ratios": version.ratios,
        "routine_full_marks": str(version.routine_full_marks),
        "places": version.places,
        "grades": version.grades,
        "feature_policy": version.feature_policy,
        "core_combination": version.core_combination,
        "is_default": version.is_default,
        "indicator_sets": [version.routine_set.label, version.project_set.label, version.feature_set.label],
    }


def _save(version: SchemeVersion) -> None:
    if version.is_default:
        SchemeVersion.objects.select_for_update().filter(is_default=True).exclude(pk=version.pk).update(
            is_default=False
        )
    version.save()


def _record(actor, action: str, version: SchemeVersion, place, perm, today, data: dict) -> None:
    audit_record(
        process="evaluation",
        action=action,
        actor=actor,
        actor_role=role_used(actor, perm, place, today),
        organisation=place,
        business_date=today,
        rule_set=version.code,
        data={"scheme_id": version.pk, **data},
    )


def _next_code() -> str:
    number = SchemeVersion.objects.count() + 1
    while SchemeVersion.objects.filter(code=f"scheme-{number}").exists():
        number += 1
    return f"scheme-{number}"


def scheme_version_add(
    *, actor, payload: dict, base: SchemeVersion | None = None, today: datetime.date | None = None
) -> SchemeVersion:
    """A new scheme version; deadlines and evidence rules come from ``base`` (the default version if none)."""
    today = today or business_today()
    place, perm = scheme_place(actor, write=True)
    base = base or SchemeVersion.objects.filter(is_default=True).first()
    version = SchemeVersion()
    if base is not None:
        for name in ("evidence_required", "term1_due_month", "term1_due_day", "term2_due_month", "term2_due_day"):
            setattr(version, name, getattr(base, name))
        version.project_due_month, version.project_due_day = base.project_due_month, base.project_due_day
    _apply(version, payload)
    with transaction.atomic():
        version.code = _next_code()
        _save(version)
        facts = {"from": base.pk if base else None, **_facts(version)}
        _record(actor, "scheme_create", version, place, perm, today, facts)
    return version


def scheme_version_edit(*, actor, version_id: int, payload: dict, today: datetime.date | None = None) -> SchemeVersion:
    """Change a version no published year was graded with (else ``scheme_in_use``: make a new version from it)."""
    today = today or business_today()
    place, perm = scheme_place(actor, write=True)
    with transaction.atomic():
        version = SchemeVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None:
            raise Http404
        if published_with(version):
            raise ConflictError(
                "scheme_in_use",
                _("A published year was graded with this version: it stays as it is. Make a new version from it."),
            )
        before = _facts(version)
        _apply(version, payload)
        version.is_default = version.is_default or before["is_default"]  # stays until another version takes over
        _save(version)
        after = _facts(version)
        changed = {k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]}
        _record(actor, "scheme_update", version, place, perm, today, {"changed": changed})
    return version
