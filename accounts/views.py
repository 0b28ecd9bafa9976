"""Pages for the signed-in person: home, organisations and their members."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import roles, selectors, services
from accounts.identity import mask_id_number
from accounts.permissions import has_org_perm, organisation_for_user, organisations_visible_to
from core.dates import business_today


@login_required
def home(request):
    memberships = selectors.memberships_of_user(request.user, today=business_today())
    return render(request, "accounts/home.html", {"memberships": memberships})


@login_required
def organisation_list(request):
    page = Paginator(organisations_visible_to(request.user).order_by("path"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"page": page})


@login_required
def organisation_detail(request, pk: int):
    organisation = organisation_for_user(request.user, pk)
    context = {
        "organisation": organisation,
        "ancestors": selectors.organisation_ancestors(organisation),
        "children": selectors.organisation_children(organisation),
        "can_see_members": has_org_perm(request.user, roles.SEE_CASES, organisation),
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
def organisation_members(request, pk: int):
    organisation = organisation_for_user(request.user, pk, perm=roles.SEE_CASES)
    identity_visible = has_org_perm(request.user, roles.VIEW_IDENTITY, organisation)
    rows = [
        {
            "membership": membership,
            "id_number": membership.user.id_number
            if identity_visible
            else mask_id_number(membership.user.id_number or ""),
            "active": membership.is_active_on(business_today()),
        }
        for membership in selectors.memberships_of_organisation(organisation)
    ]
    if identity_visible:
        shown = [row["membership"].user_id for row in rows if row["membership"].user.id_number]
        services.identity_read_record(
            reader=request.user, organisation=organisation, people=shown, ip=request.META.get("REMOTE_ADDR")
        )
    return render(request, "accounts/organisation_members.html", {"organisation": organisation, "rows": rows})
