"""A scheme and a result in words (DOMAIN §4.2): what a version fixes, and how each school's total came about —
the two terms, the year-end part, the ratios used, the rounding and the 等次 — from the result's own snapshot of the
scheme, so a published result reads the same whatever later versions say."""

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from accounts.models import CommunityType
from workflows.evaluation.grading import TYPES, _half_up
from workflows.evaluation.models import CoreCombination, FeaturePolicy, Reading, Track
from workflows.evaluation.schemes import grade_of

COMPONENTS = {"routine": Track.ROUTINE, "project": Track.PROJECT, "feature": Track.FEATURE}


def number(value) -> str:
    """An exact decimal as people write it: no trailing zeros, no exponent."""
    if value in (None, ""):
        return "—"
    return format(Decimal(str(value)).normalize(), "f")


def _share(pair, side: int) -> str:
    """A ratio's share as a fraction in lowest terms (7:3 → 7/10; 1:1 → 1/2)."""
    share = Fraction(pair[side], pair[0] + pair[1])
    return f"{share.numerator}/{share.denominator}"


def ratio_text(pair) -> str:
    return _("not assessed") if pair is None else f"{pair[0]} : {pair[1]}"


def grades_text(grades) -> str:
    if not grades:
        return _("No grades (等次) set")
    return " · ".join(_("%(label)s from %(min)s") % {"label": g["label"], "min": number(g["min"])} for g in grades)


def rounding_text(places: int) -> str:
    return _("Each school's total, rounded half up to %(places)d decimal place(s); every step before it is exact.") % {
        "places": places
    }


def described(version) -> dict:
    """What a scheme version fixes, in words (the list of versions, the results page)."""
    return {
        "reading": Reading(version.reading).label,
        "ratios": [
            (
                CommunityType(kind).label,
                [(t.label, ratio_text(version.ratios.get(f"{c}:{kind}"))) for c, t in COMPONENTS.items()],
            )
            for kind in TYPES
        ],
        "full_marks": number(version.routine_full_marks),
        "rounding": rounding_text(version.places),
        "grades": grades_text(version.grades),
        "combination": CoreCombination(version.core_combination).label,
        "feature_policy": FeaturePolicy(version.feature_policy).label,
    }


def _routine_lines(row: dict, scheme: dict, side: str) -> list[str]:
    values, ratio = row["intermediates"], scheme["ratios"][f"routine:{row['community_type']}"]
    lines = []
    if Decimal(scheme["routine_full_marks"]) != 100:
        lines.append(
            _("Routine scores are out of %(full)s; each is converted to 100 points first.")
            % {"full": number(scheme["routine_full_marks"])}
        )
    for term in (1, 2):
        if scheme["reading"] == Reading.R1:
            text = _(
                "Term %(term)d routine work: core school %(core)s and member school %(member)s, shared %(ratio)s, "
                "make %(pooled)s for both schools."
            ) % {
                "term": term,
                "core": number(values[f"core_term{term}"]),
                "member": number(values[f"member_term{term}"]),
                "ratio": ratio_text(ratio),
                "pooled": number(values[f"pooled_term{term}"]),
            }
        else:
            text = _("Term %(term)d routine work: the school's own score, %(score)s.") % {
                "term": term,
                "score": number(values[f"{side}_term{term}"]),
            }
        lines.append(text)
    first, second = (
        ("pooled_term1", "pooled_term2") if scheme["reading"] == Reading.R1 else (f"{side}_term1", f"{side}_term2")
    )
    weight = number(Decimal(scheme["term_weight"]) * 100)
    part = number(values[f"routine_{side}"])
    lines.append(
        _("Routine part: %(w)s%% × %(t1)s + %(w)s%% × %(t2)s = %(part)s.")
        % {"w": weight, "t1": number(values[first]), "t2": number(values[second]), "part": part}
    )
    return lines


def _year_end_line(row: dict, scheme: dict, side: str) -> str:
    kind, values, inputs = row["community_type"], row["intermediates"], row["inputs"]
    index = 0 if side == "core" else 1
    feature = scheme["ratios"].get(f"feature:{kind}")
    e = values["e_core" if side == "core" else "e_member"]
    if feature is None:
        return _(
            "Year-end part (out of %(full)s): the help project's score, %(p)s (this community type has no feature "
            "evaluation)."
        ) % {"full": number(scheme["year_end_full_marks"]), "p": number(inputs["P"])}
    project = scheme["ratios"][f"project:{kind}"]
    return _(
        "Year-end part (out of %(full)s): %(ps)s of the help project %(p)s (ratio %(pr)s) + %(fs)s of the feature "
        "development %(f)s (ratio %(fr)s) = %(e)s."
    ) % {
        "full": number(scheme["year_end_full_marks"]),
        "ps": _share(project, index),
        "p": number(inputs["P"]),
        "pr": ratio_text(project),
        "fs": _share(feature, index),
        "f": number(inputs["F"]),
        "fr": ratio_text(feature),
        "e": number(e),
    }


def explained(row: dict, scheme: dict, community_type: str) -> list[dict]:
    """Both schools of a pair: the total, its 等次 and the steps to it, each a sentence with its numbers."""
    row = {**row, "community_type": community_type}
    out = []
    for side, name in (("core", row["core_school"]), ("member", row["member_school"])):
        total = row[f"total_{side}"]
        exact = row["intermediates"][f"exact_{side}"]
        lines = _routine_lines(row, scheme, side)
        lines.append(_year_end_line(row, scheme, side))
        lines.append(
            _("Total: %(routine)s + %(e)s = %(exact)s, rounded half up to %(places)d decimal place(s): %(total)s.")
            % {
                "routine": number(row["intermediates"][f"routine_{side}"]),
                "e": number(row["intermediates"][f"e_{side}"]),
                "exact": number(exact),
                "places": scheme["places"],
                "total": total,
            }
        )
        role = _("Core school") if side == "core" else _("Member school")
        partner = row["member_school"] if side == "core" else row["core_school"]
        out.append(
            {
                "school": name,
                "label": _("%(role)s %(school)s, paired with %(partner)s")
                % {"role": role, "school": name, "partner": partner},
                "total": total,
                "grade": grade_of(scheme.get("grades", []), total),
                "lines": lines,
            }
        )
    return out


def core_combined(rows: list[dict], scheme: dict) -> dict | None:
    """How a core school's totals over several pairs combine, as the scheme fixes it (None with one pair)."""
    if len(rows) < 2:
        return None
    how = scheme.get("core_combination", CoreCombination.SEPARATE)
    if how != CoreCombination.MEAN:
        return {"text": CoreCombination.SEPARATE.label, "total": None, "grade": ""}
    exact = sum((Fraction(Decimal(r["intermediates"]["exact_core"])) for r in rows), Fraction(0)) / len(rows)
    total = _half_up(exact, scheme["places"])
    parts = " + ".join(number(r["intermediates"]["exact_core"]) for r in rows)
    text = _("The core school's result: (%(parts)s) ÷ %(n)d, rounded half up to %(places)d decimal place(s).") % {
        "parts": parts,
        "n": len(rows),
        "places": scheme["places"],
    }
    return {"text": text, "total": str(total), "grade": grade_of(scheme.get("grades", []), total)}
