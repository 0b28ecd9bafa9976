"""The assessment's pages (/programmes/assessment/): the programmes a person assesses and their own published sheets;
a programme's assessment (participants with total, grade and status; open, publish); its indicator set; a
participant's sheet (scores with the records' proposals; a correction request after publication); the corrections
(decided by a second person); the results as .xlsx. Views are thin: access → form → one service → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exceptions import ApplicationError
from programmes.assessment import export, selectors, services
from programmes.assessment.access import assessment_for_user, correction_for_user, opened_for_user, sheet_for_user
from programmes.assessment.forms import CorrectionForm, DecideForm, ScoreForm, grade_forms, indicator_forms
from programmes.assessment.models import SheetStatus
from workflows.evaluation.models import CorrectionStatus


@login_required
@require_GET
def list_page(request):
    context = {
        "programmes": selectors.organised_programmes(request.user),
        "sheets": selectors.own_published_sheets(request.user),
    }
    return render(request, "programme_assessment/list.html", context)


@login_required
@require_GET
def assessment_page(request, pk: int):
    programme, assessment = assessment_for_user(request.user, pk)
    rows = selectors.participant_rows(assessment, programme)
    pending = selectors.corrections_of(assessment).filter(status=CorrectionStatus.PENDING).count() if assessment else 0
    context = {
        "programme": programme,
        "assessment": assessment,
        "rows": rows,
        "scored": sum(1 for r in rows if r["sheet"]),
        "pending": pending,
    }
    return render(request, "programme_assessment/assessment.html", context)


def _refused(request, error: ApplicationError, to: str, *args):
    messages.error(request, str(error.message))
    return redirect(to, *args)


@login_required
@require_POST
def open_view(request, pk: int):
    programme, _assessment = assessment_for_user(request.user, pk)
    try:
        services.assessment_open(actor=request.user, programme=programme)
    except ApplicationError as error:
        return _refused(request, error, "programmes-assessment-detail", pk)
    messages.success(request, _("The assessment is open."))
    return redirect("programmes-assessment-detail", pk)


@login_required
@require_POST
def publish_view(request, pk: int):
    assessment = opened_for_user(request.user, pk)
    try:
        services.assessment_publish(actor=request.user, assessment=assessment)
    except ApplicationError as error:
        return _refused(request, error, "programmes-assessment-detail", pk)
    messages.success(request, _("Published: the participants see their sheets."))
    return redirect("programmes-assessment-detail", pk)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_page(request, pk: int):
    assessment = opened_for_user(request.user, pk)
    scheme = assessment.scheme
    data = request.POST if request.method == "POST" else None
    rows = indicator_forms(data, list(scheme.indicators.order_by("order", "code")))
    grades = grade_forms(data, scheme.grades)
    error = ""
    if data is not None and not assessment.published_at:
        title = (data.get("title") or "").strip()
        if all(f.is_valid() for f in [*rows, *grades]):
            try:
                services.scheme_update(
                    actor=request.user,
                    assessment=assessment,
                    title=title,
                    grades=[g.cleaned_data for g in grades],
                    indicators=[e for f in rows if (e := f.entry()) is not None],
                )
            except ApplicationError as refused:
                error = str(refused.message)
            else:
                messages.success(request, _("The indicator set is saved."))
                return redirect("programmes-assessment-detail", pk)
    context = {
        "programme": assessment.programme,
        "assessment": assessment,
        "scheme": scheme,
        "title": data.get("title") if data is not None else scheme.title,
        "rows": rows,
        "grades": grades,
        "error": error,
        "scored": scheme.sheets.exists(),
    }
    return render(request, "programme_assessment/scheme.html", context, status=422 if data is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_page(request, pk: int, participant: int):
    programme, person, assessment, sheet, organises = sheet_for_user(request.user, pk, participant)
    scorable = organises and assessment is not None and not assessment.published_at
    lines = selectors.sheet_lines(assessment, person, sheet, live=scorable) if assessment else []
    form = ScoreForm(request.POST or None, lines=lines) if scorable else None
    correction = None
    if organises and sheet is not None and sheet.status == SheetStatus.PUBLISHED:
        correction = CorrectionForm(lines=lines)
    if request.method == "POST":
        if not scorable:
            if assessment is None:
                return redirect("programmes-assessment-detail", pk)
            messages.error(
                request, _("The assessment is published: a change needs a correction approved by another person.")
            )
            return redirect("programmes-assessment-sheet", pk, participant)
        if form.is_valid():
            try:
                services.sheet_score(actor=request.user, assessment=assessment, participant=person, items=form.items())
            except ApplicationError as error:
                form.add_error(None, str(error.message))
                for code in error.fields.get("scores", []):
                    if f"reason_{code}" in form.fields and error.code == "reason_required":
                        form.add_error(f"reason_{code}", _("Give a reason."))
            else:
                messages.success(request, _("Scores saved."))
                return redirect("programmes-assessment-sheet", pk, participant)
    context = {
        "programme": programme,
        "participant": person,
        "assessment": assessment,
        "sheet": sheet,
        "lines": lines,
        "form": form,
        "correction": correction,
        "organises": organises,
        "versions": selectors.sheet_versions(assessment, person) if organises and assessment else [],
    }
    return render(request, "programme_assessment/sheet.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def correction_request_view(request, pk: int, participant: int):
    programme, person, assessment, sheet, organises = sheet_for_user(request.user, pk, participant)
    if not organises:
        raise PermissionDenied
    lines = selectors.sheet_lines(assessment, person, sheet, live=False) if sheet else []
    form = CorrectionForm(request.POST, lines=lines)
    if not form.is_valid():
        messages.error(request, _("The correction is not complete: choose an indicator, give the score and a reason."))
        return redirect("programmes-assessment-sheet", pk, participant)
    data = form.cleaned_data
    try:
        services.correction_request(
            actor=request.user,
            assessment=assessment,
            participant=person,
            indicator=data["indicator"],
            after=data["after"],
            reason=data["reason"],
        )
    except ApplicationError as error:
        return _refused(request, error, "programmes-assessment-sheet", pk, participant)
    messages.success(request, _("The correction is requested: another person decides on it."))
    return redirect("programmes-assessment-corrections", pk)


@login_required
@require_GET
def corrections_page(request, pk: int):
    assessment = opened_for_user(request.user, pk)
    corrections = list(selectors.corrections_of(assessment))
    for c in corrections:
        c.indicator_title = selectors.indicator_titles(c)
        c.mine = c.requested_by_id == request.user.pk
        c.form = DecideForm(auto_id=f"c{c.pk}_%s")  # one form per correction: ids unique on the page
    context = {
        "programme": assessment.programme,
        "assessment": assessment,
        "corrections": corrections,
    }
    return render(request, "programme_assessment/corrections.html", context)


@login_required
@require_POST
def correction_decide_view(request, pk: int):
    correction = correction_for_user(request.user, pk)
    programme_pk = correction.sheet.assessment.programme_id
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("programmes-assessment-corrections", programme_pk)
    try:
        services.correction_decide(
            actor=request.user,
            correction=correction,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )
    except ApplicationError as error:
        return _refused(request, error, "programmes-assessment-corrections", programme_pk)
    messages.success(request, _("The correction is decided."))
    return redirect("programmes-assessment-corrections", programme_pk)


@login_required
@require_GET
def export_view(request, pk: int):
    assessment = opened_for_user(request.user, pk)
    response = HttpResponse(export.workbook(assessment), content_type=export.XLSX)
    name = f"assessment-{assessment.programme.school_year}-{assessment.programme.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
