"""The bureau's grading formula (DOMAIN §4.2), exact to the example of §4.3.

Each school's total = 0.30 × routine term 1 + 0.30 × routine term 2 + the year-end part (out of 40).
Ratios are keyed by component × community type. Reading R1 pools the pair's routine scores by the
routine ratio (1:1 → the average); R2 keeps each school's own. The year-end part credits the help project
(P) and the feature plan (F) to the core and member school by their ratios (7:3 and 3:7); where the type
assesses no feature plan (协作型), both schools take P. The arithmetic is exact (rationals): a ratio such as
1:2, or routine full marks of 150, makes thirds, which no Decimal holds, and a total computed from rounded
thirds can land just under a half and round the wrong way. Every intermediate value is returned as a Decimal
(exact when it terminates, else to 28 significant digits, for display); only each published total is rounded,
from the exact value, to one decimal place, half up.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

COMPONENTS = ("routine", "project", "feature")
TYPES = ("FUSION", "CO_BUILD", "COLLABORATION")
D = Decimal

# (component, community type) -> (core, member) or None when the type does not assess the component.
DEFAULT_RATIOS = {
    ("routine", "FUSION"): (1, 1),
    ("project", "FUSION"): (7, 3),
    ("feature", "FUSION"): (3, 7),
    ("routine", "CO_BUILD"): (1, 1),
    ("project", "CO_BUILD"): (7, 3),
    ("feature", "CO_BUILD"): (3, 7),
    ("routine", "COLLABORATION"): (1, 1),
    ("project", "COLLABORATION"): (1, 1),
    ("feature", "COLLABORATION"): None,
}


@dataclass(frozen=True)
class Scheme:
    """One school year's scheme version: the reading, the ratios, full marks and rounding."""

    reading: str = "R1"
    ratios: dict = field(default_factory=lambda: dict(DEFAULT_RATIOS))
    routine_full_marks: Decimal = D(100)
    term_weight: Decimal = D("0.30")
    year_end_full_marks: Decimal = D(40)
    places: int = 1
    feature_for_unassessed_type: str = "ignore"  # or "reject" (DOMAIN C4)

    def validate(self) -> None:
        if self.reading not in ("R1", "R2"):
            raise ApplicationError("reading_unknown", _("The reading is R1 or R2."))
        if set(self.ratios) != {(c, t) for c in COMPONENTS for t in TYPES}:
            raise ApplicationError(
                "ratio_key_invalid", _("Ratios are given per component (routine, project, feature) and community type.")
            )
        for pair in self.ratios.values():
            if pair is not None and (len(pair) != 2 or min(pair) <= 0):
                raise ApplicationError("ratio_invalid", _("A ratio is two positive numbers."))


@dataclass(frozen=True)
class PairScores:
    """The inputs for one core school and one member school of a community in one school year."""

    community_type: str
    core_terms: tuple  # (term 1, term 2) routine scores out of routine_full_marks
    member_terms: tuple
    project: Decimal | None  # P, out of 40
    feature: Decimal | None  # F, out of 40


def _share(pair, side: int) -> Fraction:
    return Fraction(D(pair[side])) / (Fraction(D(pair[0])) + Fraction(D(pair[1])))


def _decimal(value: Fraction) -> Decimal:
    return D(value.numerator) / D(value.denominator)


def _half_up(value: Fraction, places: int) -> Decimal:
    """Round a non-negative exact value half up (scores are never negative)."""
    whole = math.floor(value * 10**places + Fraction(1, 2))
    return D(whole).scaleb(-places).quantize(D(1).scaleb(-places))


def _check(value, high: Decimal, name: str) -> Fraction:
    if value is None:
        raise ApplicationError(
            "inputs_incomplete", _("Every score must be in before grading (%(name)s is missing).") % {"name": name}
        )
    value = D(str(value))
    if not D(0) <= value <= high:
        raise ApplicationError(
            "score_out_of_range",
            _("%(name)s must be between 0 and %(high)s.") % {"name": name, "high": high},
            fields={name: [str(value)]},
        )
    return Fraction(value)


def grade(scheme: Scheme, scores: PairScores, *, reading: str | None = None) -> dict:
    """Both schools' totals with every intermediate value. Raises ApplicationError on a broken rule."""
    scheme.validate()
    if reading is not None and reading != scheme.reading:
        raise ApplicationError("reading_mismatch", _("The reading is fixed by the year's scheme version."))
    kind = scores.community_type
    full, weight = scheme.routine_full_marks, Fraction(scheme.term_weight)

    def normalised(terms, side: str) -> list[Fraction]:
        return [_check(v, full, f"{side}_term{i + 1}") * 100 / Fraction(full) for i, v in enumerate(terms)]

    core, member = normalised(scores.core_terms, "core"), normalised(scores.member_terms, "member")
    if len(core) != 2 or len(member) != 2:
        raise ApplicationError("inputs_incomplete", _("Both terms' routine scores are needed."))
    project = _check(scores.project, scheme.year_end_full_marks, "project")
    warnings = []
    feature_ratio = scheme.ratios[("feature", kind)]
    if feature_ratio is None:
        if scores.feature is not None:
            if scheme.feature_for_unassessed_type == "reject":
                raise ApplicationError("feature_not_assessed", _("This community type has no feature evaluation."))
            warnings.append("feature_ignored")
        e_core = e_member = project
    else:
        feature = _check(scores.feature, scheme.year_end_full_marks, "feature")
        project_ratio = scheme.ratios[("project", kind)]
        e_core = _share(project_ratio, 0) * project + _share(feature_ratio, 0) * feature
        e_member = _share(project_ratio, 1) * project + _share(feature_ratio, 1) * feature
    routine_ratio = scheme.ratios[("routine", kind)]
    pooled = [_share(routine_ratio, 0) * k + _share(routine_ratio, 1) * m for k, m in zip(core, member, strict=True)]
    if scheme.reading == "R1":
        routine_core = routine_member = weight * pooled[0] + weight * pooled[1]
    else:
        routine_core = weight * core[0] + weight * core[1]
        routine_member = weight * member[0] + weight * member[1]
    exact_core, exact_member = routine_core + e_core, routine_member + e_member
    return {
        "reading": scheme.reading,
        "community_type": kind,
        "warnings": warnings,
        "core_terms": [_decimal(v) for v in core],  # normalised to 100
        "member_terms": [_decimal(v) for v in member],
        "pooled_terms": [_decimal(v) for v in pooled],
        "routine_core": _decimal(routine_core),
        "routine_member": _decimal(routine_member),
        "e_core": _decimal(e_core),
        "e_member": _decimal(e_member),
        "exact_core": _decimal(exact_core),
        "exact_member": _decimal(exact_member),
        "total_core": _half_up(exact_core, scheme.places),
        "total_member": _half_up(exact_member, scheme.places),
        "rounding": f"{scheme.places} decimal place(s), half up",
    }
