"""The studios' pages (名师工作室): the list, a studio's page (people, pools, agreements, plan with progress,
activities, reports, evaluation, archive download) and a form for each change. Thin: access → form → one service
→ redirect; an invalid form (or a refused input) is shown again with status 422."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership, Organisation, OrganisationKind
from accounts.permissions import ancestor_paths, organisations_visible_to
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.file_types import BY_CONTENT_TYPE, download_name
from forms.models import Attachment
from forms.services import attachment_create
from forms.views import FILE_POLICY, content_disposition
from programmes.studios import bundle, selectors, services
from programmes.studios import forms as studio_forms
from programmes.studios.access import may_organise, school_for_organiser, studio_for_user
from programmes.studios.models import (
    Activity,
    Agreement,
    AnnualEvaluation,
    PlanItem,
    PlanStatus,
    Pool,
    PoolEntry,
    StudioPerson,
    TermPlan,
)


def _page(request, template: str, context: dict, form=None):
    failed = request.method == "POST" and form is not None
    return render(request, f"studios/{template}", context, status=422 if failed else 200)


def _refused(form, error: ApplicationError) -> None:
    field = next((name for name in error.fields if name in form.fields), None)
    form.add_error(field, str(error.message))


def _stored(request, uploads) -> list[Attachment]:
    return [attachment_create(uploaded_by=request.user, upload=upload) for upload in uploads]


def _with_uploads(request, form, names: tuple[str, ...], call) -> bool:
    """Store the form's files (``names``; one file or a list) and run the service on the cleaned data in one
    transaction, so that a refusal keeps neither; False when refused (the form then says why)."""
    data = dict(form.cleaned_data)
    try:
        with transaction.atomic():
            for name in names:
                value = data[name]
                data[name] = _stored(request, value if isinstance(value, list) else [value])
            call(data)
    except ApplicationError as error:
        _refused(form, error)
        return False
    return True


def _organised_schools(user) -> list[Organisation]:
    """Schools whose studios the user organises: those they see from above, and those they belong to."""
    memberships = Membership.objects.active_on(business_today()).filter(user=user)
    paths = memberships.values_list("organisation__path", flat=True)
    chains = {prefix for path in paths for prefix in ancestor_paths(path)}
    condition = Q(pk__in=organisations_visible_to(user).values("pk")) | Q(path__in=chains)
    schools = Organisation.objects.filter(condition, kind=OrganisationKind.SCHOOL).order_by("path")
    return [school for school in schools if may_organise(user, school)]


@login_required
def studio_list(request):
    studios = list(selectors.studios_visible_to(request.user))
    schools = _organised_schools(request.user)
    context = {"studios": studios, "schools": schools}
    return render(request, "studios/list.html", context)


@login_required
def studio_new(request):
    schools = _organised_schools(request.user)
    if not schools:
        raise PermissionDenied
    application = None
    initial = {"founded_on": business_today()}
    if request.GET.get("application", "").isdigit():
        found = {c.pk: c for school in schools for c in selectors.approved_applications(school)}
        application = found.get(int(request.GET["application"]))
        if application is not None:
            initial |= selectors.application_prefill(application)
            initial["school"] = next(s.pk for s in schools if application.organisation.path.startswith(s.path))
    form = studio_forms.StudioForm(request.POST or None, initial=initial)
    form.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
    school_id = request.POST.get("school") or initial.get("school") or schools[0].pk
    school = next((s for s in schools if str(s.pk) == str(school_id)), schools[0])
    form.pick_from(selectors.people_in_reach(school).order_by("real_name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            studio = services.studio_create(actor=request.user, application=application, **data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            return redirect("programmes-studios-studio", studio.pk)
    applications = [c for s in schools for c in selectors.approved_applications(s)]
    return _page(
        request,
        "new.html",
        {"form": form, "application": application, "applications": applications, "heading": _("Set up a studio")},
        form,
    )


@login_required
def studio_page(request, pk: int):
    studio, rights = studio_for_user(request.user, pk)
    today = business_today()
    year, term = selectors.term_of(today)
    plans = list(selectors.plans_of(studio))
    current = selectors.plan_current(studio, year, term) or next(
        (p for p in plans if p.status == PlanStatus.PUBLISHED), None
    )
    people = studio.people.select_related("person").order_by("left", "role", "joined")
    context = {
        "studio": studio,
        "rights": rights,
        "people": [row for row in people if row.left is None],
        "former": [row for row in people if row.left is not None],
        "plans": plans,
        "current": current,
        "progress": selectors.plan_progress(current) if current else [],
        "this_year": year,
        "this_term": term,
    }
    if rights.files:
        context |= {
            "agreements": studio.agreements.select_related("mentor", "apprentice", "superseded_by"),
            "activities": studio.activities.prefetch_related("participants")[:50],
            "reports": studio.reports.select_related("written_by").prefetch_related("files"),
            "evaluations": selectors.evaluations_current(studio),
            "files": studio.files.select_related("attachment", "person"),
            "pools": PoolEntry.objects.filter(
                organisation__path__in=ancestor_paths(studio.organisation.path),
                removed_at__isnull=True,
            ).select_related("person", "organisation"),
        }
    return render(request, "studios/studio.html", context)


@login_required
def people_page(request, pk: int):
    studio, rights = studio_for_user(request.user, pk, right="manage")
    form = studio_forms.PersonForm(request.POST or None)
    form.pick_from(studio_forms.reach_of(studio))
    if request.method == "POST" and form.is_valid():
        try:
            services.studio_person_add(actor=request.user, studio=studio, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Added."))
            return redirect("programmes-studios-people", studio.pk)
    rows = studio.people.select_related("person").order_by("left", "role", "joined")
    context = {"studio": studio, "form": form, "rows": rows, "heading": _("Manage people"), "submit_label": _("Add")}
    return _page(request, "people.html", context, form)


@login_required
@require_POST
def person_leave(request, pk: int):
    row = get_object_or_404(StudioPerson, pk=pk)
    studio, rights = studio_for_user(request.user, row.studio_id, right="manage")
    try:
        services.studio_person_leave(actor=request.user, row=row)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("programmes-studios-people", studio.pk)


@login_required
def pools_page(request, pk: int):
    organisation = school_for_organiser(request.user, pk)
    form = studio_forms.PoolForm(request.POST or None)
    form.pick_from(selectors.people_in_reach(organisation).order_by("real_name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Added."))
            return redirect("programmes-studios-pools", organisation.pk)
    entries = PoolEntry.objects.filter(organisation=organisation).select_related("person", "removed_by")
    context = {
        "organisation": organisation,
        "form": form,
        "entries": entries,
        "pools": Pool.choices,
        "heading": _("Mentor and reserve pools"),
        "submit_label": _("Add"),
    }
    return _page(request, "pools.html", context, form)


@login_required
@require_POST
def pool_remove(request, pk: int):
    entry = PoolEntry.objects.filter(pk=pk).select_related("organisation").first()
    if entry is None:
        raise Http404
    school_for_organiser(request.user, entry.organisation_id)
    form = studio_forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
    else:
        try:
            services.pool_remove(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            messages.error(request, str(error.message))
    return redirect("programmes-studios-pools", entry.organisation_id)


@login_required
def agreement_new(request, pk: int):
    studio, rights = studio_for_user(request.user, pk, right="manage")
    year, term = selectors.term_of(business_today())
    form = studio_forms.AgreementForm(request.POST or None, initial={"school_year": year, "term": term})
    form.pick_from(studio_forms.reach_of(studio))
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(actor=request.user, studio=studio, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            return redirect("programmes-studios-agreement", agreement.pk)
    return _page(
        request, "form.html", {"studio": studio, "form": form, "heading": _("New mentoring agreement (师徒协议)")}, form
    )


@login_required
def agreement_page(request, pk: int):
    """The agreement; its lead changes the text here (a new agreement once both have acknowledged it)."""
    agreement = get_object_or_404(Agreement.objects.select_related("mentor", "apprentice"), pk=pk)
    studio, rights = studio_for_user(request.user, agreement.studio_id, right="files")
    replaced = Agreement.objects.filter(supersedes=agreement).first()
    form = None
    if rights.manage and replaced is None:
        initial = {"mentor_duties": agreement.mentor_duties, "apprentice_goals": agreement.apprentice_goals}
        form = studio_forms.AgreementTextForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            change = services.agreement_revise if agreement.frozen else services.agreement_update
            try:
                changed = change(actor=request.user, agreement=agreement, **form.cleaned_data)
            except ApplicationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("programmes-studios-agreement", changed.pk)
    party = request.user.pk in (agreement.mentor_id, agreement.apprentice_id)
    mine = "mentor" if request.user.pk == agreement.mentor_id else "apprentice"
    may_acknowledge = party and replaced is None and getattr(agreement, f"{mine}_acknowledged_at") is None
    context = {
        "studio": studio,
        "agreement": agreement,
        "form": form,
        "replaced": replaced,
        "may_acknowledge": may_acknowledge,
        "files": agreement.files.select_related("attachment"),
    }
    return _page(request, "agreement.html", context, form)


@login_required
@require_POST
def agreement_acknowledge(request, pk: int):
    agreement = get_object_or_404(Agreement, pk=pk)
    studio_for_user(request.user, agreement.studio_id, right="files")
    try:
        services.agreement_acknowledge(actor=request.user, agreement=agreement)
    except ApplicationError as error:
        if error.status_code == 403:
            raise PermissionDenied from None
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Acknowledged."))
    return redirect("programmes-studios-agreement", agreement.pk)


@login_required
def plan_new(request, pk: int):
    studio, rights = studio_for_user(request.user, pk, right="manage")
    year, term = selectors.term_of(business_today())
    form = studio_forms.PlanForm(request.POST or None, initial={"school_year": year, "term": term})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, studio=studio, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            return redirect("programmes-studios-plan", plan.pk)
    return _page(request, "form.html", {"studio": studio, "form": form, "heading": _("New term activity plan")}, form)


@login_required
def plan_page(request, pk: int):
    """A plan version with its progress; while a draft, its items are added here."""
    plan = get_object_or_404(TermPlan, pk=pk)
    studio, rights = studio_for_user(request.user, plan.studio_id)
    form = None
    if rights.manage and plan.status == PlanStatus.DRAFT:
        form = studio_forms.ItemForm(request.POST or None)
        form.pick_from(studio_forms.reach_of(studio))
    if request.method == "POST":
        if form is None:
            if not rights.manage:
                raise PermissionDenied
            messages.error(request, _("The plan is published and locked: amend it as a new version."))
            return redirect("programmes-studios-plan", plan.pk)
        if form.is_valid():
            try:
                services.plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
            except ApplicationError as error:
                _refused(form, error)
            else:
                return redirect("programmes-studios-plan", plan.pk)
    latest = selectors.plan_latest(studio, plan.school_year, plan.term)
    context = {
        "studio": studio,
        "rights": rights,
        "plan": plan,
        "progress": selectors.plan_progress(plan),
        "form": form,
        "may_amend": rights.manage and plan.status == PlanStatus.PUBLISHED and latest.pk == plan.pk,
    }
    return _page(request, "plan.html", context, form)


def _plan_action(request, plan: TermPlan, call, done: str):
    studio_for_user(request.user, plan.studio_id, right="manage")
    try:
        result = call()
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("programmes-studios-plan", plan.pk)
    messages.success(request, done)
    return redirect("programmes-studios-plan", result.pk if result else plan.pk)


@login_required
@require_POST
def plan_item_remove(request, pk: int):
    item = get_object_or_404(PlanItem.objects.select_related("plan"), pk=pk)
    return _plan_action(
        request, item.plan, lambda: services.plan_item_remove(actor=request.user, item=item), _("Removed.")
    )


@login_required
@require_POST
def plan_publish(request, pk: int):
    plan = get_object_or_404(TermPlan, pk=pk)
    return _plan_action(request, plan, lambda: services.plan_publish(actor=request.user, plan=plan), _("Published."))


@login_required
@require_POST
def plan_amend(request, pk: int):
    plan = get_object_or_404(TermPlan, pk=pk)
    done = _("A new version was opened for the amendment.")
    return _plan_action(request, plan, lambda: services.plan_amend(actor=request.user, plan=plan), done)


@login_required
def activity_new(request, pk: int):
    """Mobile-first: the date, what and where, who took part, the record and photos from the phone's camera."""
    studio, rights = studio_for_user(request.user, pk, right="record")
    year, term = selectors.term_of(business_today())
    current = selectors.plan_current(studio, year, term)
    items = current.items.all() if current else PlanItem.objects.none()
    people = studio_forms.reach_of(studio).filter(
        pk__in=StudioPerson.objects.filter(studio=studio, left__isnull=True).values("person_id")
    )
    initial = {"held_on": business_today(), "participants": [request.user.pk]}
    form = studio_forms.ActivityForm(
        request.POST or None, request.FILES or None, initial=initial, studio=studio, items=items, people=people
    )
    if request.method == "POST" and form.is_valid():

        def record(data):
            data["participants"] = list(data["participants"])
            services.activity_record(actor=request.user, studio=studio, as_participant=not rights.manage, **data)

        if _with_uploads(request, form, ("photos", "files"), record):
            messages.success(request, _("The activity is recorded."))
            return redirect("programmes-studios-studio", studio.pk)
    return _page(request, "form.html", {"studio": studio, "form": form, "heading": _("Record an activity")}, form)


@login_required
def activity_page(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan_item", "recorded_by"), pk=pk)
    studio, rights = studio_for_user(request.user, activity.studio_id, right="files")
    context = {
        "studio": studio,
        "activity": activity,
        "participants": activity.participants.all(),
        "photos": activity.photos.all(),
        "files": activity.files.all(),
    }
    return render(request, "studios/activity.html", context)


@login_required
def report_new(request, pk: int):
    studio, rights = studio_for_user(request.user, pk, right="manage")
    year, term = selectors.term_of(business_today())
    form = studio_forms.ReportForm(request.POST or None, request.FILES or None, initial={"school_year": year})
    if request.method == "POST" and form.is_valid():

        def write(data):
            services.report_write(actor=request.user, studio=studio, **data)

        if _with_uploads(request, form, ("files",), write):
            messages.success(request, _("The report is saved."))
            return redirect("programmes-studios-studio", studio.pk)
    return _page(request, "form.html", {"studio": studio, "form": form, "heading": _("Write a report")}, form)


@login_required
def evaluation_new(request, pk: int):
    studio, rights = studio_for_user(request.user, pk, right="evaluate")
    corrects = None
    if request.GET.get("corrects", "").isdigit():
        corrects = studio.evaluations.filter(pk=int(request.GET["corrects"])).first()
    year = corrects.school_year if corrects else selectors.term_of(business_today())[0]
    form = studio_forms.EvaluationForm(request.POST or None, initial={"school_year": year})
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_record(actor=request.user, studio=studio, corrects=corrects, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved. A second person confirms it."))
            return redirect("programmes-studios-studio", studio.pk)
    return _page(
        request,
        "form.html",
        {
            "studio": studio,
            "form": form,
            "heading": _("Correct the annual evaluation") if corrects else _("Annual evaluation"),
        },
        form,
    )


@login_required
@require_POST
def evaluation_confirm(request, pk: int):
    evaluation = get_object_or_404(AnnualEvaluation, pk=pk)
    studio, rights = studio_for_user(request.user, evaluation.studio_id, right="evaluate")
    try:
        services.evaluation_confirm(actor=request.user, evaluation=evaluation)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Confirmed."))
    return redirect("programmes-studios-studio", studio.pk)


@login_required
def file_new(request, pk: int):
    studio, rights = studio_for_user(request.user, pk, right="manage")
    form = studio_forms.FileForm(request.POST or None, request.FILES or None)
    form.pick_from(studio_forms.reach_of(studio))
    form.fields["agreement"].queryset = studio.agreements.select_related("mentor", "apprentice")
    if request.method == "POST" and form.is_valid():

        def add(data):
            (attachment,) = data.pop("file")
            services.studio_file_add(actor=request.user, studio=studio, attachment=attachment, **data)

        if _with_uploads(request, form, ("file",), add):
            messages.success(request, _("Added to the archive."))
            return redirect("programmes-studios-studio", studio.pk)
    return _page(request, "form.html", {"studio": studio, "form": form, "heading": _("Add to the archive")}, form)


def _studio_attachment_ids(studio) -> set[int]:
    ids = set(studio.files.values_list("attachment_id", flat=True))
    for activity in studio.activities.prefetch_related("photos", "files"):
        ids |= {a.pk for a in activity.photos.all()} | {a.pk for a in activity.files.all()}
    for report in studio.reports.prefetch_related("files"):
        ids |= {a.pk for a in report.files.all()}
    return ids


@login_required
@require_GET
@csp_override(FILE_POLICY)
def file_download(request, pk: int, attachment: int):
    """A file of the studio (an archive item, an activity's photo or file, a report's file), for those who see its
    files; shown in the browser when it is a picture or a PDF."""
    studio, rights = studio_for_user(request.user, pk, right="files")
    if attachment not in _studio_attachment_ids(studio):
        raise Http404
    stored = Attachment.objects.get(pk=attachment)
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = stored.content_type if stored.content_type in BY_CONTENT_TYPE else "application/octet-stream"
    inline = BY_CONTENT_TYPE.get(content_type) is not None and BY_CONTENT_TYPE[content_type].inline
    response = FileResponse(handle, content_type=content_type)
    name = download_name(stored.original_name, content_type)
    response["Content-Disposition"] = content_disposition("inline" if inline else "attachment", name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def bundle_download(request, pk: int):
    """POST (a form with its CSRF token): taking the archive out is an audit event in the taker's name."""
    studio, rights = studio_for_user(request.user, pk, right="bundle")
    try:
        made = bundle.bundle_export(actor=request.user, studio=studio, **request_facts(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("programmes-studios-studio", studio.pk)
    response = HttpResponse(made.body, content_type="application/zip")
    response["Content-Disposition"] = content_disposition("attachment", made.filename)
    return response
