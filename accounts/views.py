"""Pages for the signed-in person: home, organisations and their members."""

import io

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import importers, roles, selectors, services
from accounts.identity import mask_id_number
from accounts.import_template import write_template
from accounts.importers import ImportRefused
from accounts.permissions import has_org_perm, organisation_for_user, organisations_visible_to
from accounts.tokens import token_revoke, tokens_of_user
from core.client_ip import client_ip
from core.dates import business_today
from core.exceptions import ApplicationError
from exports.xlsx import XLSX
from notifications.delivery import live_counts
from workflows.start import starting_points


@login_required
def home(request):
    memberships = selectors.memberships_of_user(request.user, today=business_today())
    start = starting_points(request.user, todo=live_counts(request.user)["todo"])
    return render(request, "accounts/home.html", {"memberships": memberships, "start": start})


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
    """ID numbers are masked; a holder of view_identity shows them unmasked with the page's button (a POST, so
    that nobody can be sent to a link that reads them in their name), and that read is a read_identity event."""
    organisation = organisation_for_user(request.user, pk, perm=roles.SEE_CASES)
    may_unmask = has_org_perm(request.user, roles.VIEW_IDENTITY, organisation)
    identity_visible = may_unmask and request.method == "POST" and request.POST.get("unmask") == "1"
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
            reader=request.user, organisation=organisation, people=shown, ip=client_ip(request)
        )
    context = {
        "organisation": organisation,
        "rows": rows,
        "may_import": has_org_perm(request.user, roles.MANAGE_MEMBERS, organisation),
        "may_unmask": may_unmask and not identity_visible,
    }
    return render(request, "accounts/organisation_members.html", context)


@login_required
def roster_import(request, pk: int):
    """Import organisations, people and roles below this organisation from a spreadsheet: all rows are
    checked first; with any problem nothing is imported and every problem is listed with its row."""
    organisation = organisation_for_user(request.user, pk, perm=roles.MANAGE_MEMBERS)
    context, status = {"organisation": organisation}, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ApplicationError("file_required", _("Choose the .xlsx file to import."))
            counts = importers.roster_import(
                actor=request.user, organisation=organisation, upload=upload, ip=client_ip(request)
            )
        except ImportRefused as refused:
            context["row_errors"], status = refused.errors, 422
        except ApplicationError as error:
            context["error"], status = error, 422
        else:
            messages.success(
                request,
                _("Imported %(o)d organisations, %(p)d people and %(m)d roles.")
                % {"o": counts["organisations"], "p": counts["people"], "m": counts["memberships"]},
            )
            if counts["people"]:  # they have no password yet: their activation links are given from the list
                messages.info(request, _("Give the people imported their activation links: choose them below."))
                return redirect("people-list")
            return redirect("organisation-members", organisation.pk)
    return render(request, "accounts/roster_import.html", context, status=status)


@login_required
def roster_template(request):
    buffer = io.BytesIO()
    write_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """The person's own password change, through accounts.services.password_change (audited; API tokens revoked;
    the person's websockets closed). This session stays signed in; the others end."""

    def form_valid(self, form):
        services.password_change(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            actor=self.request.user,
            ip=client_ip(self.request),
        )
        update_session_auth_hash(self.request, form.user)
        return redirect(self.get_success_url())


@login_required
def token_list(request):
    """The person's API tokens that still sign in, each revocable (issue #15 item 11)."""
    return render(request, "accounts/tokens.html", {"tokens": tokens_of_user(request.user)})


@login_required
@require_POST
def token_revoke_page(request, pk: int):
    token = get_object_or_404(request.user.api_tokens.all(), pk=pk)  # another person's token: 404
    token_revoke(token=token, actor=request.user, ip=client_ip(request))
    messages.success(request, _("The token was revoked."))
    return redirect("token-list")
