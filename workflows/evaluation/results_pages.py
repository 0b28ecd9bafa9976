"""The evaluation's results pages, beside the kit's (Pages.more): the results the viewer may see with the inputs
and exact intermediate values behind each total, their versions and corrections, and the current one as .xlsx."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workflows.evaluation import scheme_text, selectors
from workflows.evaluation.aggregation import INPUTS, INTERMEDIATES, correctable_inputs
from workflows.evaluation.apis import xlsx_response
from workflows.evaluation.export import result_labels
from workflows.evaluation.models import CaseStatus, Reading
from workflows.evaluation.scheme_text import COMPONENTS
from workflows.kit.access import case_for_user

RESULT_EVENTS = ("aggregate", "publish", "request_correction", "approve_correction", "reject_correction")


@login_required
def results_page(request, pk: int):
    case = case_for_user("evaluation", request.user, pk, detail=True)
    shown = selectors.visible_results(case, request.user)
    current = shown[-1] if shown else None
    _label_corrections(shown, case.scheme)
    context = {
        "case": case,
        "results": shown,
        "current": current,
        "rows": _explained(current) if current else [],
        "scheme": _scheme_facts(current) if current else None,
        "combined": scheme_text.core_combined(current.rows, current.scheme) if current else None,
        "published": case.status == CaseStatus.PUBLISHED,
        "events": [e for e in selectors.case_history(case) if e.action in RESULT_EVENTS],
    }
    return render(request, "evaluation/results.html", context)


def _scheme_facts(result) -> dict:
    """What the result was computed under, in words, from its own snapshot of the scheme."""
    scheme, kind = result.scheme, result.community_type
    ratios = [(t.label, scheme_text.ratio_text(scheme["ratios"].get(f"{c}:{kind}"))) for c, t in COMPONENTS.items()]
    return {
        "reading": Reading(result.reading).label,
        "ratios": ratios,
        "rounding": scheme_text.rounding_text(scheme["places"]),
        "grades": scheme_text.grades_text(scheme.get("grades", [])),
    }


def _explained(result) -> list[dict]:
    """Each pair: both schools' totals explained in words, the inputs (with where each came from) and the exact
    intermediate values, labelled, in formula order."""
    labels = result_labels()
    return [
        {
            "core_school": row["core_school"],
            "member_school": row["member_school"],
            "schools": scheme_text.explained(row, result.scheme, result.community_type),
            "inputs": [(labels[k], scheme_text.number(row["inputs"][k]), row["sources"].get(k)) for k in INPUTS],
            "intermediates": [(labels[k], row["intermediates"][k]) for k in INTERMEDIATES],
        }
        for row in result.rows
    ]


def _label_corrections(results, scheme) -> None:
    """Each correction's input in words ("城关小学: routine work, term 1"), never its key."""
    for result in results:
        labels = {key: str(facts["label"]) for key, facts in correctable_inputs(result.rows, scheme).items()}
        for correction in result.corrections.all():
            correction.input_label = labels.get(correction.field, "")


@login_required
def results_xlsx(request, pk: int):
    return xlsx_response(request, pk)
