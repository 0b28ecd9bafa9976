"""The programmes hub (/programmes/, nav "培养活动"): each part's links the person may use now, by part; and the
programme pages (/programmes/plans/): the list, a programme with its stages, terms, quotas and cultivation lists, the
organiser's edit pages, adoption of a bureau's programme, invitations to 组织生活会 and the lists' Excel export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, OrganisationKind, User
from core.dates import business_today
from core.exceptions import ApplicationError
from core.school_year import school_year_label, school_year_of
from programmes import export, forms, hub, nominations, selectors, services
from programmes.access import (
    PROGRAMME_KINDS,
    adoptable_for_user,
    adoption_places,
    invitation_for_user,
    may_invite,
    may_organise,
    may_see,
    organiser_roots,
    participant_for_user,
    programme_for_user,
)
from programmes.assessment import hub as assessment_hub
from programmes.ballots import hub as ballots_hub
from programmes.baseline import hub as baseline_hub
from programmes.commitments import hub as commitments_hub
from programmes.models import Direction, Programme, ProgrammeKind, Quota, Stage
from programmes.records import hub as records_hub
from programmes.studios import hub as studios_hub

PARTS = (
    (_("Programmes"), hub.entries),
    (_("Activity records"), records_hub.entries),
    (_("Pairs and pledges"), commitments_hub.entries),
    (_("Year-end assessment"), assessment_hub.entries),
    (_("Teachers' baseline"), baseline_hub.entries),
    (_("Reviews and votes"), ballots_hub.entries),
    (_("Famous-teacher studios"), studios_hub.entries),
)


def parts_for(user) -> list[tuple[str, list[dict]]]:
    return [(str(label), found) for label, entries in PARTS if (found := entries(user))]


@login_required
def hub_page(request):
    return render(request, "programmes/hub.html", {"parts": parts_for(request.user)})


# The programme pages (/programmes/plans/…): access → form → one service → redirect; 422 when refused.


def _render(request, template, context, form_ok=True):
    return render(request, template, context, status=200 if form_ok else 422)


def _year_choices(today) -> list[tuple[int, str]]:
    current = school_year_of(today)
    return [(year, school_year_label(year)) for year in (current, current + 1, current - 1)]


@login_required
def programme_list(request):
    user = request.user
    today = business_today()
    rows = list(selectors.programmes_for_user(user))
    context = {
        "rows": [(p, p.organisation.kind != OrganisationKind.BUREAU or may_see(user, p)) for p in rows],
        "adoptable": selectors.adoptable_for_user(user, school_year=school_year_of(today)),
        "may_create": bool(organiser_roots(user)),
    }
    return render(request, "programmes/list.html", context)


def _organisable(user):
    roots = organiser_roots(user)
    if not roots:
        return Organisation.objects.none()
    inside = Q()
    for root in roots:
        inside |= Q(path__startswith=root)
    return Organisation.objects.filter(inside, kind__in=PROGRAMME_KINDS).order_by("path")


@login_required
def programme_new(request):
    user = request.user
    places = list(_organisable(user))
    if not places:
        raise PermissionDenied
    today = business_today()
    form = forms.ProgrammeNewForm(request.POST or None, organisations=places, years=_year_choices(today))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in places if o.pk == data["organisation"])
        try:
            programme = services.programme_create(
                actor=user,
                kind=data["kind"],
                organisation=organisation,
                school_year=data["school_year"],
                name=data["name"],
                description=data["description"],
                today=today,
            )
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            messages.success(request, _("Programme created with the usual stages, terms and quotas."))
            return redirect("programmes-programme-detail", programme.pk)
    return _render(request, "programmes/new.html", {"form": form}, request.method != "POST")


@login_required
def programme_detail(request, pk: int):
    user = request.user
    programme = programme_for_user(user, pk)
    today = business_today()
    organises = may_organise(user, programme)
    lists = selectors.lists_of(programme)
    # 推荐培养对象: the designed nomination's start page, for whoever may start it (the case joins this list when
    # it names a person of it: programmes.nominations).
    may_nominate = nomination_start(user, today) if programme.kind == ProgrammeKind.DUAL else None
    context = {
        "programme": programme,
        "organises": organises,
        "stages": list(programme.stages.all()),
        "current": selectors.current_stage_ids(programme, today),
        "terms": list(programme.terms.all()),
        "quotas": selectors.quotas_of(programme),
        "lists": lists,
        "nominate_url": may_nominate,
        "today": today,
        "label": school_year_label(programme.school_year),
    }
    return render(request, "programmes/detail.html", context)


def nomination_start(user, today) -> str | None:
    """The designed start page of 双培双促进培养对象推荐 when the person may start it, prefilled where it can be."""
    from designer.models import Definition
    from designer.selectors import published
    from designer.starting import start_places

    definition = Definition.objects.filter(code=nominations.DEFINITION_CODE, enabled=True).first()
    if definition is None or published(definition) is None or not start_places(user, definition, today):
        return None
    return reverse("designed-new", args=[definition.pk])


@login_required
def programme_edit(request, pk: int):
    programme = programme_for_user(request.user, pk, organise=True)
    initial = {"name": programme.name, "description": programme.description}
    form = forms.ProgrammeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(actor=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-detail", programme.pk)
    return _render(request, "programmes/edit.html", {"programme": programme, "form": form}, request.method != "POST")


@login_required
def programme_stages(request, pk: int):
    programme = programme_for_user(request.user, pk, organise=True)
    form = forms.StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_add(actor=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-stages", programme.pk)
    context = {"programme": programme, "stages": list(programme.stages.all()), "form": form}
    return _render(request, "programmes/stages.html", context, request.method != "POST")


def _stage(user, pk: int, stage_pk: int) -> Stage:
    programme = programme_for_user(user, pk, organise=True)
    return get_object_or_404(Stage.objects.select_related("programme__organisation"), pk=stage_pk, programme=programme)


@login_required
def programme_stage(request, pk: int, stage: int):
    found = _stage(request.user, pk, stage)
    initial = {"name": found.name, "starts": found.starts, "ends": found.ends, "description": found.description}
    form = forms.StageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_update(actor=request.user, stage=found, **form.cleaned_data)
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-stages", pk)
    context = {"programme": found.programme, "stage": found, "form": form}
    return _render(request, "programmes/stage.html", context, request.method != "POST")


@login_required
@require_POST
def programme_stage_remove(request, pk: int, stage: int):
    found = _stage(request.user, pk, stage)
    services.stage_remove(actor=request.user, stage=found)
    messages.success(request, _("Stage removed."))
    return redirect("programmes-programme-stages", pk)


def _terms_update(user, pairs) -> None:
    """Both terms' new dates: each is checked against the other's dates as they stand, so the one moving out of the
    other's way goes first; if the first order meets an overlap, the other order is tried."""
    changed = [
        (term, form.cleaned_data)
        for term, form in pairs
        if (term.starts, term.ends) != (form.cleaned_data["starts"], form.cleaned_data["ends"])
    ]
    for attempt in (changed, changed[::-1]):
        try:
            with transaction.atomic():
                for term, data in attempt:
                    services.term_update(actor=user, term=term, starts=data["starts"], ends=data["ends"])
            return
        except ApplicationError as error:
            if error.code != "terms_overlap" or attempt is not changed or len(changed) < 2:
                raise
            for term, _data in changed:
                term.refresh_from_db()


@login_required
def programme_terms(request, pk: int):
    programme = programme_for_user(request.user, pk, organise=True)
    terms = list(programme.terms.all())
    bound = request.POST if request.method == "POST" else None
    pairs = [
        (term, forms.TermForm(bound, prefix=f"t{term.number}", initial={"starts": term.starts, "ends": term.ends}))
        for term in terms
    ]
    if request.method == "POST" and all(form.is_valid() for _term, form in pairs):
        try:
            _terms_update(request.user, pairs)
        except ApplicationError as error:
            forms.place_error(pairs[0][1], error)
        else:
            return redirect("programmes-programme-detail", programme.pk)
    context = {"programme": programme, "pairs": pairs}
    return _render(request, "programmes/terms.html", context, request.method != "POST")


@login_required
def programme_quotas(request, pk: int):
    programme = programme_for_user(request.user, pk, organise=True)
    form = forms.QuotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_set(actor=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-quotas", programme.pk)
    context = {"programme": programme, "quotas": selectors.quotas_of(programme), "form": form}
    return _render(request, "programmes/quotas.html", context, request.method != "POST")


@login_required
@require_POST
def programme_quota_remove(request, pk: int, quota: int):
    programme = programme_for_user(request.user, pk, organise=True)
    found = get_object_or_404(Quota, pk=quota, programme=programme)
    services.quota_remove(actor=request.user, quota=found)
    messages.success(request, _("Quota removed."))
    return redirect("programmes-programme-quotas", programme.pk)


@login_required
def programme_adopt(request, pk: int):
    source = adoptable_for_user(request.user, pk)
    # Only the places without a programme of its kind and year yet: adopting is what they can do now.
    taken = Programme.objects.filter(kind=source.kind, school_year=source.school_year).values("organisation_id")
    places = list(adoption_places(request.user, source).exclude(pk__in=taken))
    form = forms.AdoptForm(request.POST or None, places=places) if places else None
    if request.method == "POST" and form is None:
        messages.error(request, _("Your school or branch already runs a programme of this kind for that year."))
        return redirect("programmes-programme-list")
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in places if o.pk == form.cleaned_data["organisation"])
        try:
            copy = services.programme_adopt(actor=request.user, source=source, organisation=organisation)
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            messages.success(request, _("Adopted: the programme is now your own to edit."))
            return redirect("programmes-programme-detail", copy.pk)
    context = {"source": source, "form": form, "label": school_year_label(source.school_year)}
    return _render(request, "programmes/adopt.html", context, request.method != "POST")


@login_required
def participant_new(request, pk: int):
    programme = programme_for_user(request.user, pk, organise=True)
    today = business_today()
    form = forms.ParticipantNewForm(
        request.POST or None,
        people=selectors.people_in_reach(programme, today),
        responsible=selectors.people_in_reach(programme, today, roles=services.RESPONSIBLE_ROLES),
        initial={"direction": request.GET.get("direction", Direction.TO_BACKBONE)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_add(
                actor=request.user,
                programme=programme,
                person=User.objects.get(pk=data["person"]),
                direction=data["direction"],
                responsible=User.objects.get(pk=data["responsible"]) if data["responsible"] else None,
                deadline=data["deadline"],
                today=today,
            )
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-detail", programme.pk)
    context = {"programme": programme, "form": form}
    return _render(request, "programmes/participant_new.html", context, request.method != "POST")


@login_required
def participant_page(request, pk: int):
    participant = participant_for_user(request.user, pk, organise=True)
    programme = participant.programme
    today = business_today()
    initial = {"responsible": participant.responsible_id, "deadline": participant.deadline}
    form = forms.ParticipantForm(
        request.POST or None,
        responsible=selectors.people_in_reach(programme, today, roles=services.RESPONSIBLE_ROLES),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_update(
                actor=request.user,
                participant=participant,
                responsible=User.objects.get(pk=data["responsible"]) if data["responsible"] else None,
                deadline=data["deadline"],
                today=today,
            )
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-detail", programme.pk)
    context = {"programme": programme, "participant": participant, "form": form, "remove": forms.RemoveForm()}
    return _render(request, "programmes/participant.html", context, request.method != "POST")


@login_required
@require_POST
def participant_remove(request, pk: int):
    participant = participant_for_user(request.user, pk, organise=True)
    form = forms.RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.participant_remove(actor=request.user, participant=participant, **form.cleaned_data)
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-detail", participant.programme_id)
    context = {
        "programme": participant.programme,
        "participant": participant,
        "form": forms.ParticipantForm(initial={"deadline": participant.deadline}),
        "remove": form,
    }
    return _render(request, "programmes/participant.html", context, False)


@login_required
def participant_invite(request, pk: int):
    participant = participant_for_user(request.user, pk)
    if not may_invite(request.user, participant):
        raise PermissionDenied
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, participant=participant, **form.cleaned_data)
        except ApplicationError as error:
            forms.place_error(form, error)
        else:
            return redirect("programmes-programme-detail", participant.programme_id)
    context = {"programme": participant.programme, "participant": participant, "form": form}
    return _render(request, "programmes/invite.html", context, request.method != "POST")


@login_required
@require_POST
def invitation_attendance(request, pk: int):
    invitation = invitation_for_user(request.user, pk, record=True)
    form = forms.AttendanceForm(request.POST)
    programme_pk = invitation.participant.programme_id
    if form.is_valid():
        try:
            services.invitation_record(actor=request.user, invitation=invitation, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Say whether they attended."))
    return redirect("programmes-programme-detail", programme_pk)


@login_required
def programme_export(request, pk: int):
    programme = programme_for_user(request.user, pk)
    response = HttpResponse(export.workbook(programme), content_type=export.XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{programme.name}.xlsx")
    return response
