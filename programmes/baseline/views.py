"""The baseline's pages (摸清底子): the schools and counties the person reads, a school's figures and teachers, a
county's figures per school, the teachers behind each figure, a teacher's titles and honours (record, withdraw,
evidence), the Excel import with its template, the 重点发展对象 list, and the Excel exports."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Organisation, OrganisationKind
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.file_types import BY_CONTENT_TYPE, download_name
from forms.services import attachment_create
from forms.views import FILE_POLICY, content_disposition
from programmes.baseline import export, importer, selectors, services
from programmes.baseline.access import (
    COUNTY_KINDS,
    county_for_user,
    distinction_for_user,
    person_for_user,
    reach_of,
    school_for_user,
    scope_for_user,
)
from programmes.baseline.forms import ImportForm, RecordForm, WithdrawForm
from programmes.baseline.models import Distinction, Level
from programmes.baseline.params import day_of, min_level_of

XLSX = export.XLSX


def _day(request) -> datetime.date:
    return day_of(request.GET)


def _min_level(request) -> int:
    return min_level_of(request.GET)


def _rule(min_level: int) -> str:
    level = Level(min_level).label
    return _(
        "A backbone teacher holds a teaching title (教学能手, 教学骨干, 学科带头人 or 名师) of %(level)s or above, "
        "awarded by the day and not expired or withdrawn. Party members are full and probationary members."
    ) % {"level": level}


def _params(request) -> dict:
    day, min_level = _day(request), _min_level(request)
    query = {}
    if day != business_today():
        query["day"] = day.isoformat()
    if min_level != selectors.DEFAULT_MIN_LEVEL:
        query["min_level"] = str(min_level)
    levels = [(level.value, level.label) for level in selectors.MIN_LEVELS]
    return {"day": day, "min_level": min_level, "rule": _rule(min_level), "qs": urlencode(query), "levels": levels}


@login_required
def home(request):
    """The schools and counties whose baseline the person reads, and their own titles and honours."""
    reach = reach_of(request.user)
    schools = Organisation.objects.filter(reach.schools_q()).order_by("path")
    counties = Organisation.objects.filter(reach.read_q(), kind__in=COUNTY_KINDS).order_by("path")
    context = {
        "schools": schools,
        "counties": counties,
        "may_import": reach.may_record_anywhere(),
        "own": Distinction.objects.active_on(business_today()).filter(person=request.user).exists(),
    }
    return render(request, "baseline/home.html", context)


@login_required
def school_page(request, pk: int):
    reach = reach_of(request.user)
    school = school_for_user(request.user, pk, reach=reach)
    params = _params(request)
    found = selectors.figures(school, day=params["day"], min_level=params["min_level"])
    rows = selectors.teachers(school, day=params["day"], min_level=params["min_level"])
    context = params | {
        "school": school,
        "figures": found.totals,
        "rows": rows,
        "may_record": reach.records(school),
        "figure_labels": selectors.FIGURE_LABELS,
    }
    return render(request, "baseline/school.html", context)


@login_required
def county_page(request, pk: int):
    county = county_for_user(request.user, pk)
    params = _params(request)
    found = selectors.figures(county, day=params["day"], min_level=params["min_level"])
    context = params | {"county": county, "found": found, "figure_keys": selectors.FIGURES}
    context["figure_labels"] = selectors.FIGURE_LABELS
    context["ratio_labels"] = [label for _k, label, *_rest in selectors.RATIOS]
    return render(request, "baseline/county.html", context)


@login_required
def teachers_page(request, pk: int):
    """The teachers behind one figure (?figure=) of a school or county: exactly the rows its count counts."""
    scope = scope_for_user(request.user, pk)
    params = _params(request)
    figure = request.GET.get("figure", "teachers")
    if figure not in selectors.FIGURES:
        figure = "teachers"
    rows = selectors.teachers(scope, day=params["day"], figure=figure, min_level=params["min_level"])
    context = params | {
        "scope": scope,
        "is_school": scope.kind == OrganisationKind.SCHOOL,
        "figure": figure,
        "figure_label": selectors.FIGURE_LABELS[figure],
        "rows": rows,
    }
    return render(request, "baseline/teachers.html", context)


def _xlsx(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition("attachment", name)
    return response


def _audit_export(request, scope, what: str, rows: int) -> None:
    with transaction.atomic():
        audit_record(
            process=services.PROCESS,
            action="list_export",
            actor=request.user,
            organisation=scope,
            business_date=business_today(),
            data={"list": what, "organisation": scope.pk, "rows": rows, "query": dict(request.GET.items())},
        )


@login_required
@require_GET
def teachers_export(request, pk: int):
    scope = scope_for_user(request.user, pk)
    params = _params(request)
    figure = request.GET.get("figure", "teachers")
    figure = figure if figure in selectors.FIGURES else "teachers"
    rows = selectors.teachers(scope, day=params["day"], figure=figure, min_level=params["min_level"])
    _audit_export(request, scope, f"baseline_teachers:{figure}", len(rows))
    name = f"{scope.name}-{selectors.FIGURE_LABELS[figure]}-{params['day'].isoformat()}.xlsx"
    return _xlsx(export.teachers_workbook(rows), name)


@login_required
@require_GET
def figures_export(request, pk: int):
    scope = scope_for_user(request.user, pk)
    params = _params(request)
    found = selectors.figures(scope, day=params["day"], min_level=params["min_level"])
    _audit_export(request, scope, "baseline_figures", len(found.schools))
    name = f"{scope.name}-{_('Baseline figures')}-{params['day'].isoformat()}.xlsx"
    return _xlsx(export.figures_workbook(found, rule=params["rule"]), name)


@login_required
def targets_page(request, pk: int):
    """重点发展对象 (000 §二.2): the school's non-party teachers a distinction marks, why, and their party case."""
    school = school_for_user(request.user, pk)
    rows = selectors.targets(school, day=business_today(), viewer=request.user)
    context = {"school": school, "rows": rows, "rules": selectors.TARGET_RULES}
    return render(request, "baseline/targets.html", context)


@login_required
def person_page(request, pk: int):
    """A teacher's titles and honours; recording a new one (POST) for whoever records at one of their schools."""
    seen = person_for_user(request.user, pk, record=request.method == "POST")
    form = RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("evidence")
        try:
            with transaction.atomic():
                evidence = attachment_create(uploaded_by=request.user, upload=upload) if upload else None
                services.distinction_record(actor=request.user, person=seen.person, evidence=evidence, **data)
        except ApplicationError as error:
            field = next((name for name in error.fields if name in form.fields), None)
            form.add_error(field if field != "title" else None, str(error.message))
        else:
            messages.success(request, _("Recorded."))
            return redirect("programmes-baseline-person", seen.person.pk)
    context = {
        "person": seen.person,
        "schools": seen.schools,
        "may_record": seen.may_record,
        "rows": list(selectors.distinctions_of(seen.person)),
        "form": form,
        "withdraw_form": WithdrawForm(),
        "today": business_today(),
    }
    return render(request, "baseline/person.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def withdraw(request, pk: int):
    distinction = distinction_for_user(request.user, pk, record=True)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why it is withdrawn."))
        return redirect("programmes-baseline-person", distinction.person_id)
    try:
        services.distinction_withdraw(actor=request.user, distinction=distinction, reason=form.cleaned_data["reason"])
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Withdrawn. Record the correct entry as a new one if needed."))
    return redirect("programmes-baseline-person", distinction.person_id)


@login_required
@require_GET
@csp_override(FILE_POLICY)
def evidence(request, pk: int):
    distinction = distinction_for_user(request.user, pk)
    attachment = distinction.evidence
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = attachment.content_type if attachment.content_type in BY_CONTENT_TYPE else "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    name = download_name(attachment.original_name, content_type)
    response["Content-Disposition"] = content_disposition("attachment", name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _importer(request):
    if not reach_of(request.user).may_record_anywhere():
        raise PermissionDenied


@login_required
def import_page(request):
    _importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            made = importer.distinctions_import(actor=request.user, upload=upload, file_name=upload.name)
        except ApplicationError as error:
            form.add_error(None, str(error.message))
            row_errors = [importer.RowError(**row) for row in error.fields.get("rows", [])]
        else:
            messages.success(request, _("Imported %(n)d titles and honours.") % {"n": made})
            return redirect("programmes-baseline-import")
    context = {"form": form, "row_errors": row_errors, "columns": importer.COLUMNS}
    return render(request, "baseline/import.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_GET
def import_template(request):
    _importer(request)
    return _xlsx(importer.template_bytes(), _("titles-and-honours-template.xlsx"))
