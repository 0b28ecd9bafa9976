"""The evaluation's results pages, beside the kit's (Pages.more): the results the viewer may see with the inputs
and exact intermediate values behind each total, their versions and corrections, and the current one as .xlsx."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workflows.evaluation import selectors
from workflows.evaluation.aggregation import INPUTS, INTERMEDIATES
from workflows.evaluation.apis import xlsx_response
from workflows.evaluation.export import result_labels
from workflows.evaluation.models import CaseStatus
from workflows.kit.access import case_for_user

RESULT_EVENTS = ("aggregate", "publish", "request_correction", "approve_correction", "reject_correction")


@login_required
def results_page(request, pk: int):
    case = case_for_user("evaluation", request.user, pk, detail=True)
    shown = selectors.visible_results(case, request.user)
    current = shown[-1] if shown else None
    context = {
        "case": case,
        "results": shown,
        "current": current,
        "rows": _explained(current.rows) if current else [],
        "published": case.status == CaseStatus.PUBLISHED,
        "events": [e for e in selectors.case_history(case) if e.action in RESULT_EVENTS],
    }
    return render(request, "evaluation/results.html", context)


def _explained(rows: list[dict]) -> list[dict]:
    """Each row's inputs (with where each came from) and intermediate values, labelled, in formula order."""
    labels = result_labels()
    return [
        {
            "core_school": row["core_school"],
            "member_school": row["member_school"],
            "inputs": [(k, labels[k], row["inputs"][k], row["sources"].get(k)) for k in INPUTS],
            "intermediates": [(k, labels[k], row["intermediates"][k]) for k in INTERMEDIATES],
        }
        for row in rows
    ]


@login_required
def results_xlsx(request, pk: int):
    return xlsx_response(request, pk)
