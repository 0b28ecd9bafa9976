"""The people pages of an administrator (issue 17 items 2 and 10): list, add, edit, roles, deactivate and reactivate,
the whole ID number shown on request (audited); activation links and access resets are accounts.people_activation_views.
Each view loads through the access helper
(accounts.permissions.person_for_user: 404 to an outsider, 403 to an insider without the right), calls one service,
and shows a refusal's message on the page (never its code)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import people, roles, selectors, services
from accounts.identity import mask_id_number
from accounts.models import Activation, Membership
from accounts.permissions import (
    codenames_held,
    identity_organisation,
    may_administer_people,
    organisation_for_user,
    person_for_user,
    subtree_q,
)
from accounts.person_forms import (
    MembershipEndForm,
    PersonCreateForm,
    PersonEditForm,
    RoleFields,
    role_choices,
)
from core.client_ip import client_ip
from core.dates import business_today
from core.exceptions import ApplicationError


def _posted(request):
    """The submitted data on a POST (even an empty one, so that its errors show), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def _refused(form, error: ApplicationError, status: int | None = None):
    """Put a service's refusal on the form: its field messages where the form has the field, else at the top."""
    placed = False
    for name, problems in error.fields.items():
        if name in form.fields:
            for problem in problems:
                form.add_error(name, str(problem))
            placed = True
    if not placed or not error.fields:
        form.add_error(None, str(error.message))
    return status or (422 if error.status_code == 400 else error.status_code)


def _role_options(user):
    held = codenames_held(user)
    return {
        "organisations": selectors.organisations_administered_by(user),
        "roles": role_choices(security=roles.MANAGE_SECURITY_ROLES in held, members=roles.MANAGE_MEMBERS in held),
    }


def _live_link():
    return Activation.objects.filter(
        user=OuterRef("pk"), used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


@login_required
def people_list(request):
    if not may_administer_people(request.user):
        raise PermissionDenied
    today = business_today()
    found = selectors.people_administered_by(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        found = found.filter(Q(real_name__icontains=query) | Q(username__icontains=query))
    current = (
        Membership.objects.active_on(today).filter(subtree_q(request.user, roles.VIEW)).select_related("organisation")
    )
    found = (
        found.annotate(link_expires_at=Subquery(_live_link().values("expires_at")[:1]))
        .prefetch_related(Prefetch("memberships", queryset=current.order_by("organisation__path"), to_attr="current"))
        .order_by("real_name", "pk")
    )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "person": person,
            "id_number": mask_id_number(person.id_number or ""),
            "choosable": person.is_active and not person.has_usable_password(),  # may get an activation link
        }
        for person in page
    ]
    context = {"page": page, "rows": rows, "query": query, "choosable": any(row["choosable"] for row in rows)}
    return render(request, "accounts/people/list.html", context)


@login_required
def person_create(request):
    if not may_administer_people(request.user):
        raise PermissionDenied
    form = PersonCreateForm(_posted(request), **_role_options(request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                person = people.person_add(actor=request.user, ip=client_ip(request), **data)
            except ApplicationError as error:
                status = _refused(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s was added. Print or email their activation link so that they can set their password.")
                    % {"name": person.real_name},
                )
                return redirect("person-detail", person.pk)
        else:
            status = 422
    return render(request, "accounts/people/form.html", {"form": form, "creating": True}, status=status)


@login_required
def person_detail(request, pk: int):
    return _detail(request, person_for_user(request.user, pk))


@never_cache
@login_required
@require_POST
def person_identity(request, pk: int):
    """The whole ID number, on the person's page, for this answer only (a POST: nobody can be sent a link that reads
    it in their name); the read is audited, and so is a refused one."""
    person = person_for_user(request.user, pk)
    try:
        number = people.person_identity_reveal(reader=request.user, person=person, ip=client_ip(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("person-detail", person.pk)
    return _detail(request, person, id_number=number)


def _detail(request, person, *, id_number: str | None = None):
    memberships = (
        Membership.objects.filter(user=person)
        .filter(subtree_q(request.user, roles.VIEW))
        .select_related("organisation")
        .order_by("-valid_to", "organisation__path", "role")
    )
    today = business_today()
    rows = [
        {"membership": m, "active": m.is_active_on(today), "open": m.valid_to is None or m.valid_to >= today}
        for m in memberships
    ]
    context = {
        "person": person,
        "id_number": id_number or mask_id_number(person.id_number or ""),
        "unmasked": id_number is not None,
        "may_unmask": bool(person.id_number) and identity_organisation(request.user, person) is not None,
        "rows": rows,
        "link": _person_link(person),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "accounts/people/detail.html", context)


def _person_link(person):
    return (
        Activation.objects.filter(
            user=person, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


@login_required
def person_edit(request, pk: int):
    person = person_for_user(request.user, pk)
    masked = mask_id_number(person.id_number or "")
    initial = {name: getattr(person, name) for name in people.EDITABLE if name != "id_number"}
    form = PersonEditForm(_posted(request), initial=initial, masked_id_number=masked)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changes = dict(form.cleaned_data)
            changes["id_number"] = changes["id_number"] or None  # empty: keep the number on record
            try:
                people.person_update(actor=request.user, person=person, ip=client_ip(request), **changes)
            except ApplicationError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("person-detail", person.pk)
        else:
            status = 422
    return render(request, "accounts/people/form.html", {"form": form, "person": person}, status=status)


@login_required
def person_role_grant(request, pk: int):
    person = person_for_user(request.user, pk)
    form = RoleFields(_posted(request), **_role_options(request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.membership_grant(user=person, actor=request.user, ip=client_ip(request), **form.cleaned_data)
            except ApplicationError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("The role was granted."))
                return redirect("person-detail", person.pk)
        else:
            status = 422
    return render(request, "accounts/people/role_grant.html", {"form": form, "person": person}, status=status)


@login_required
def membership_end_page(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
    organisation_for_user(request.user, membership.organisation_id)  # an organisation out of sight: 404
    person = person_for_user(request.user, membership.user_id)
    form = MembershipEndForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.membership_end(
                    membership=membership,
                    valid_to=form.cleaned_data["valid_to"],
                    actor=request.user,
                    ip=client_ip(request),
                )
            except ApplicationError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("The role ends on the day given."))
                return redirect("person-detail", person.pk)
        else:
            status = 422
    context = {"form": form, "person": person, "membership": membership}
    return render(request, "accounts/people/membership_end.html", context, status=status)


def _on_person(request, pk: int, change, done: str):
    person = person_for_user(request.user, pk)
    try:
        change(actor=request.user, person=person, ip=client_ip(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done % {"name": person.real_name})
    return redirect("person-detail", person.pk)


@login_required
@require_POST
def person_deactivate(request, pk: int):
    return _on_person(request, pk, people.person_deactivate, _("%(name)s can no longer sign in."))


@login_required
@require_POST
def person_reactivate(request, pk: int):
    return _on_person(request, pk, people.person_reactivate, _("%(name)s may sign in again."))
