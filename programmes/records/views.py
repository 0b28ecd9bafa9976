"""The pages of activity records (/programmes/records/): my records and progress (phone first), a new record (pick
the kind, then its fields; a photo from the camera), a record (confirm or return it; correct it when returned),
the confirmation inbox (待确认, one by one or several at once), and the progress of a pair, a party group and the
whole programme (with its chart and the Excel export)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership, Organisation, User
from accounts.roles import Role
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.file_types import BY_CONTENT_TYPE, download_name, may_show_inline
from forms.views import FILE_POLICY, content_disposition
from programmes.access import may_see
from programmes.models import ActivityKind, Participant, ParticipantStatus, Programme
from programmes.records import kinds, selectors, services
from programmes.records.access import (
    led_units,
    may_decide,
    may_oversee,
    pair_for_user,
    programme_to_oversee,
    record_for_user,
    recording_programmes,
)
from programmes.records.export import workbook
from programmes.records.forms import RecordForm, ReturnForm
from programmes.records.models import ActivityRecord, RecordStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_buttons(programme_pk=None):
    return [
        {"kind": kind, "label": label, "url": reverse("programmes-records-new") + f"?kind={kind}"}
        for kind, label in ActivityKind.choices
    ]


@login_required
def mine(request):
    """The teacher's own page: for each programme they record in, where they stand on each quota and their records."""
    today = business_today()
    sections = []
    records = list(selectors.mine(request.user))
    for programme in recording_programmes(request.user):
        (entry,) = selectors.progress(programme, [request.user], today=today)
        sections.append(
            {
                "programme": programme,
                "progress": entry,
                "records": [r for r in records if r.programme_id == programme.pk],
            }
        )
    waiting = selectors.waiting_for(request.user).count()
    return render(request, "programme_records/mine.html", {"sections": sections, "waiting": waiting})


def _form_context(request, form, kind, programmes, corrects=None):
    return {
        "form": form,
        "kind": kind,
        "kind_label": ActivityKind(kind).label,
        "programmes": programmes,
        "corrects": corrects,
    }


def _submitted(request, form, kind, programmes, corrects=None):
    """Saves the form's record through the service; None when it was refused (the form then carries why)."""
    programme = form.cleaned_data.get("programme") or programmes[0]
    try:
        record = services.record_create(
            actor=request.user,
            programme=programme,
            kind=kind,
            date=form.cleaned_data["date"],
            details=form.details(),
            uploads=form.cleaned_data.get("evidence") or [],
            corrects=corrects,
        )
    except ApplicationError as error:
        placed = False
        for key, problems in error.fields.items():
            if key in form.fields:
                for problem in problems if isinstance(problems, list) else [problems]:
                    form.add_error(key, str(problem))
                placed = True
        if not placed:
            form.add_error(None, str(error.message))
        return None
    return record


@login_required
def new(request):
    """Pick the kind (big buttons), then its fields: the date defaults to today, class and subject to the last
    听课's."""
    programmes = list(recording_programmes(request.user))
    kind = request.GET.get("kind") or request.POST.get("kind", "")
    if request.method == "POST" and (not programmes or kind not in ActivityKind.values):
        raise PermissionDenied if not programmes else Http404
    if not programmes or kind not in ActivityKind.values:
        context = {"buttons": _kind_buttons() if programmes else [], "programmes": programmes}
        return render(request, "programme_records/new.html", context)
    initial = {"date": business_today()}
    if kind == ActivityKind.OBSERVATION:
        initial |= selectors.last_observation(request.user)
    form = RecordForm(request.POST or None, request.FILES or None, kind=kind, programmes=programmes, initial=initial)
    if request.method == "POST" and form.is_valid():
        record = _submitted(request, form, kind, programmes)
        if record is not None:
            kind_label = record.get_kind_display()
            messages.success(request, _("Recorded: %(kind)s. It waits for confirmation.") % {"kind": kind_label})
            return redirect("programmes-records-mine")
    status = 422 if request.method == "POST" else 200
    return render(request, "programme_records/new.html", _form_context(request, form, kind, programmes), status=status)


@login_required
def correct(request, pk: int):
    """A returned record's correction: a new record of the same kind, its fields filled from the returned one."""
    returned = record_for_user(request.user, pk)
    if returned.person_id != request.user.pk:
        raise PermissionDenied
    if returned.status != RecordStatus.RETURNED or hasattr(returned, "correction"):
        messages.error(request, _("Only a returned record not yet corrected is corrected."))
        return redirect("programmes-records-detail", pk)
    programmes = [returned.programme]
    initial = {"date": returned.date, **returned.details}
    form = RecordForm(
        request.POST or None, request.FILES or None, kind=returned.kind, programmes=programmes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        record = _submitted(request, form, returned.kind, programmes, corrects=returned)
        if record is not None:
            messages.success(request, _("The corrected record waits for confirmation."))
            return redirect("programmes-records-detail", record.pk)
    status = 422 if request.method == "POST" else 200
    context = _form_context(request, form, returned.kind, programmes, corrects=returned)
    return render(request, "programme_records/new.html", context, status=status)


@login_required
def detail(request, pk: int):
    record = record_for_user(request.user, pk)
    deciding = record.status == RecordStatus.SUBMITTED and record.person_id != request.user.pk
    deciding = deciding and may_decide(request.user, record)
    correctable = (
        record.person_id == request.user.pk
        and record.status == RecordStatus.RETURNED
        and not ActivityRecord.objects.filter(corrects=record).exists()
    )
    context = {
        "record": record,
        "fields": kinds.shown(record.kind, record.details),
        "evidence": list(record.evidence.all()),
        "deciding": deciding,
        "return_form": ReturnForm(),
        "correctable": correctable,
        "correction": ActivityRecord.objects.filter(corrects=record).first(),
    }
    return render(request, "programme_records/detail.html", context)


@login_required
@require_POST
def confirm(request, pk: int):
    record = record_for_user(request.user, pk, decide=True)
    try:
        services.record_confirm(actor=request.user, record=record)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("programmes-records-detail", pk)
    messages.success(request, _("Confirmed."))
    return redirect("programmes-records-inbox")


@login_required
@require_POST
def return_record(request, pk: int):
    record = record_for_user(request.user, pk, decide=True)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.record_return(actor=request.user, record=record, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Returned to its author for correction."))
            return redirect("programmes-records-inbox")
    context = {
        "record": record,
        "fields": kinds.shown(record.kind, record.details),
        "evidence": list(record.evidence.all()),
        "deciding": record.status == RecordStatus.SUBMITTED and record.person_id != request.user.pk,
        "return_form": form,
        "correctable": False,
    }
    return render(request, "programme_records/detail.html", context, status=422)


@login_required
@require_GET
@csp_override(FILE_POLICY)
def evidence(request, pk: int, attachment: int):
    """A record's evidence file, to whoever sees the record: pictures and PDFs shown in the browser."""
    record = record_for_user(request.user, pk)
    found = record.evidence.filter(pk=attachment).first()
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = found.content_type if found.content_type in BY_CONTENT_TYPE else "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    inline = may_show_inline(found.content_type)
    name = download_name(found.original_name, content_type)
    response["Content-Disposition"] = content_disposition("inline" if inline else "attachment", name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def inbox(request):
    """The records waiting for the person to confirm (待确认): confirm several at once, or open one to return it."""
    waiting = selectors.waiting_for(request.user)
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("records") if v.isdigit()]
        records = list(waiting.filter(pk__in=chosen))
        if not chosen or len(records) != len(set(chosen)):
            messages.error(request, _("Choose the records to confirm."))
        else:
            try:
                done = services.records_confirm(actor=request.user, records=records)
            except ApplicationError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("%(n)d confirmed.") % {"n": len(done)})
                return redirect("programmes-records-inbox")
        return render(request, "programme_records/inbox.html", {"records": list(waiting)}, status=422)
    return render(request, "programme_records/inbox.html", {"records": list(waiting)})


def _chart(totals) -> list[dict]:
    return [
        {
            "label": t.label,
            "done": t.done,
            "pending": t.pending,
            "required": t.required,
            "percent": t.percent,
            "pending_percent": t.pending_percent,
            "people": t.people,
            "on_track": t.on_track,
        }
        for t in totals
    ]


@login_required
def school(request, pk: int):
    """Everyone's progress in the programme, with the chart of done / required per activity (the secretary's)."""
    programme = programme_to_oversee(request.user, pk)
    today = business_today()
    entries = selectors.progress(programme, selectors.people_of(programme, day=today), today=today)
    groups = Organisation.objects.filter(path__startswith=programme.organisation.path, kind="PARTY_GROUP").order_by(
        "path"
    )
    context = {
        "programme": programme,
        "entries": entries,
        "chart": _chart(selectors.totals(entries)),
        "behind": sum(not e.on_track for e in entries),
        "groups": groups,
        "today": today,
    }
    return render(request, "programme_records/school.html", context)


@login_required
def export(request, pk: int):
    programme = programme_to_oversee(request.user, pk)
    today = business_today()
    entries = selectors.progress(programme, selectors.people_of(programme, day=today), today=today)
    response = HttpResponse(workbook(programme, entries, today), content_type=XLSX)
    response["Content-Disposition"] = content_disposition("attachment", f"{programme.name}-{today:%Y%m%d}.xlsx")
    return response


@login_required
def pair(request, pk: int):
    """A pair's progress: both people's rows."""
    found = pair_for_user(request.user, pk)
    today = business_today()
    entries = selectors.progress(found.programme, [found.mentor, found.mentee], today=today)
    context = {"pair": found, "entries": entries, "programme": found.programme}
    return render(request, "programme_records/pair.html", context)


@login_required
def group(request, pk: int, group: int):
    """A party group's progress: the participants whose responsible unit is the group, or whose responsible person
    leads it; to the group's leader and whoever oversees the programme."""
    programme = Programme.objects.select_related("organisation").filter(pk=pk).first()
    unit = Organisation.objects.filter(pk=group).first()
    if programme is None or unit is None or not may_see(request.user, programme):
        raise Http404
    if not unit.path.startswith(programme.organisation.path):
        raise Http404
    if unit.pk not in led_units(request.user) and not may_oversee(request.user, programme):
        raise PermissionDenied
    today = business_today()
    leaders = Membership.objects.active_on(today).filter(organisation=unit, role=Role.PARTY_GROUP).values("user")
    people = Participant.objects.filter(
        Q(responsible_unit=unit) | Q(responsible__in=leaders), programme=programme, status=ParticipantStatus.LISTED
    ).values("person")
    members = User.objects.filter(pk__in=people).order_by("real_name", "pk")
    entries = selectors.progress(programme, members, today=today)
    context = {"programme": programme, "unit": unit, "entries": entries, "chart": _chart(selectors.totals(entries))}
    return render(request, "programme_records/group.html", context)
