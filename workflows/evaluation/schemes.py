"""Reading a scheme version: the grading engine's Scheme, its snapshot for a result, and the
self-evaluation deadlines it fixes (DOMAIN §4.4; C1, C2)."""

import datetime
from decimal import Decimal

from core.school_year import school_year_date
from workflows.evaluation import grading
from workflows.evaluation.models import SchemeVersion, Track

YEAR_END_FULL_MARKS = grading.Scheme().year_end_full_marks


def ratio_key(key: str) -> tuple:
    """ "project:FUSION" → ("project", "FUSION"); a key by type alone stays a 1-tuple, which the grading
    engine refuses (C5)."""
    return tuple(str(key).split(":"))


def grading_scheme(version: SchemeVersion) -> grading.Scheme:
    ratios = {ratio_key(k): (tuple(v) if v is not None else None) for k, v in (version.ratios or {}).items()}
    return grading.Scheme(
        reading=version.reading,
        ratios=ratios,
        routine_full_marks=Decimal(version.routine_full_marks),
        places=version.places,
        feature_for_unassessed_type=version.feature_policy,
    )


def assesses(version: SchemeVersion, component: str, community_type: str) -> bool:
    """Whether this community type is assessed on the component (协作型 has no feature evaluation)."""
    return (version.ratios or {}).get(f"{component.lower()}:{community_type}") is not None


def snapshot(version: SchemeVersion) -> dict:
    scheme = grading_scheme(version)
    return {
        "code": version.code,
        "reading": version.reading,
        "ratios": version.ratios,
        "routine_full_marks": str(scheme.routine_full_marks),
        "year_end_full_marks": str(scheme.year_end_full_marks),
        "term_weight": str(scheme.term_weight),
        "places": version.places,
        "rounding": f"ROUND_HALF_UP to {version.places} decimal place(s), total only",
        "feature_policy": version.feature_policy,
        "core_combination": version.core_combination,
        "grades": list(version.grades or []),
        "indicator_sets": {
            track: version.indicator_set_for(track).label for track in (Track.ROUTINE, Track.PROJECT, Track.FEATURE)
        },
    }


def self_evaluation_due(version: SchemeVersion, school_year: int, track: str, term: int | None = None) -> datetime.date:
    if track == Track.ROUTINE:
        month, day = (
            (version.term1_due_month, version.term1_due_day)
            if term == 1
            else (version.term2_due_month, version.term2_due_day)
        )
    else:
        month, day = version.project_due_month, version.project_due_day
    return school_year_date(school_year, month, day)


def grade_of(grades: list[dict], total) -> str:
    """The 等次 of a published total by the scheme's thresholds (highest first): the first whose minimum it reaches;
    "" when the scheme sets none."""
    value = Decimal(str(total))
    for grade in sorted(grades or [], key=lambda g: Decimal(g["min"]), reverse=True):
        if value >= Decimal(grade["min"]):
            return grade["label"]
    return ""
