"""From stored scores to grading rows (DOMAIN §4.2–§4.4, C4, C6, C8).

A case is graded pair by pair: the core school with each member school. A core school with several
member schools therefore has one figure per pair (DOMAIN §4.2 leaves the aggregation open; each pair is
reported as it stands and the choice is left to the bureau). Each row keeps the inputs, where each came
from, and every intermediate value as an exact decimal string; only the totals are rounded.
"""

import copy
from decimal import Decimal

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from workflows.evaluation.grading import PairScores, grade
from workflows.evaluation.models import EvaluationCase, ProjectStatus, RoutineStatus, SchemeVersion, Track
from workflows.evaluation.schemes import YEAR_END_FULL_MARKS, assesses, grading_scheme

INPUTS = ("N1_K", "N2_K", "N1_M", "N2_M", "P", "F")
INTERMEDIATES = (
    "core_term1",
    "core_term2",
    "member_term1",
    "member_term2",
    "pooled_term1",
    "pooled_term2",
    "routine_core",
    "routine_member",
    "e_core",
    "e_member",
    "exact_core",
    "exact_member",
)


def collect_pairs(case: EvaluationCase) -> tuple[list[dict], list[str]]:
    """Every pair's inputs from the scored tracks, and a description of each input still missing (C6)."""
    routine = {(ev.school_id, ev.term): ev for ev in case.routine.select_related("school")}
    projects = {(ev.member_school_id, ev.component): ev for ev in case.projects.all()}
    schools = {ev.school.pk: ev.school for ev in routine.values()}
    core = next((s for s in schools.values() if s.is_core_school), None)
    members = sorted((s for s in schools.values() if not s.is_core_school), key=lambda s: s.path)
    with_feature = assesses(case.scheme, Track.FEATURE, case.community.community_type)
    missing: list[str] = []

    def note(text):
        if text not in missing:
            missing.append(text)

    def term(school, number):
        ev = routine.get((school.pk, number))
        if ev is None or ev.status != RoutineStatus.SCORED:
            note(_("%(school)s: routine work, term %(term)d") % {"school": school.name, "term": number})
            return None, None
        return ev.score, {"routine_id": ev.pk}

    def year_end(member, component, label):
        ev = projects.get((member.pk, component))
        if ev is None or ev.status != ProjectStatus.SCORED:
            if component == Track.PROJECT or with_feature:
                note(label % {"school": member.name})
            return None, None
        return ev.score, {"project_id": ev.pk}

    if core is None or not members:
        raise ApplicationError("inputs_incomplete", _("The community needs a core school and a member school."))
    pairs = []
    for member in members:
        values, sources = {}, {}
        for name, (school, number) in {
            "N1_K": (core, 1),
            "N2_K": (core, 2),
            "N1_M": (member, 1),
            "N2_M": (member, 2),
        }.items():
            values[name], sources[name] = term(school, number)
        values["P"], sources["P"] = year_end(member, Track.PROJECT, _("%(school)s: help project"))
        values["F"], sources["F"] = year_end(member, Track.FEATURE, _("%(school)s: feature development"))
        pairs.append(
            {
                "core_school_id": core.pk,
                "core_school": core.name,
                "member_school_id": member.pk,
                "member_school": member.name,
                "inputs": values,
                "sources": sources,
            }
        )
    return pairs, missing


def grade_rows(version: SchemeVersion, community_type: str, pairs: list[dict], reading: str | None) -> list[dict]:
    scheme = grading_scheme(version)
    rows = []
    for pair in pairs:
        v = pair["inputs"]
        graded = grade(
            scheme,
            PairScores(community_type, (v["N1_K"], v["N2_K"]), (v["N1_M"], v["N2_M"]), v["P"], v["F"]),
            reading=reading,
        )
        exact = {
            "core_term1": graded["core_terms"][0],
            "core_term2": graded["core_terms"][1],
            "member_term1": graded["member_terms"][0],
            "member_term2": graded["member_terms"][1],
            "pooled_term1": graded["pooled_terms"][0],
            "pooled_term2": graded["pooled_terms"][1],
            **{k: graded[k] for k in INTERMEDIATES[6:]},
        }
        rows.append(
            {
                **{k: pair[k] for k in ("core_school_id", "core_school", "member_school_id", "member_school")},
                "inputs": {k: (str(v[k]) if v[k] is not None else None) for k in INPUTS},
                "sources": pair["sources"],
                "intermediates": {k: str(value) for k, value in exact.items()},
                "total_core": str(graded["total_core"]),
                "total_member": str(graded["total_member"]),
                "warnings": graded["warnings"],
            }
        )
    return rows


def pairs_from_rows(rows: list[dict]) -> list[dict]:
    pairs = copy.deepcopy(rows)
    for pair in pairs:
        pair["inputs"] = {k: (Decimal(v) if v is not None else None) for k, v in pair["inputs"].items()}
    return pairs


def correctable_inputs(rows: list[dict], version: SchemeVersion) -> dict[str, dict]:
    """The inputs a correction may change, keyed "N1@<school id>", "N2@…", "P@<member school id>", "F@…".

    A core school's routine score is one input, shared by all its pairs."""
    full = Decimal(version.routine_full_marks)
    out: dict[str, dict] = {}
    for row in rows:
        inputs = row["inputs"]
        for term in (1, 2):
            for side, school_key, name_key in (
                ("K", "core_school_id", "core_school"),
                ("M", "member_school_id", "member_school"),
            ):
                key = f"N{term}@{row[school_key]}"
                label = _("%(school)s: routine work, term %(term)d") % {"school": row[name_key], "term": term}
                out.setdefault(key, {"before": inputs[f"N{term}_{side}"], "high": full, "label": label})
        for name, label in (("P", _("%(school)s: help project")), ("F", _("%(school)s: feature development"))):
            if inputs[name] is not None:
                key = f"{name}@{row['member_school_id']}"
                out[key] = {
                    "before": inputs[name],
                    "high": YEAR_END_FULL_MARKS,
                    "label": label % {"school": row["member_school"]},
                }
    return out


def corrected_pairs(rows: list[dict], field: str, after: Decimal) -> list[dict]:
    name, _sep, school_id = field.partition("@")
    pairs = pairs_from_rows(rows)
    for pair in pairs:
        if name in ("P", "F") and str(pair["member_school_id"]) == school_id:
            pair["inputs"][name] = after
        for side, key in (("K", "core_school_id"), ("M", "member_school_id")):
            if name in ("N1", "N2") and str(pair[key]) == school_id:
                pair["inputs"][f"{name}_{side}"] = after
    return pairs
