"""The administrator's side of activation links (issue 17 item 2): links for the people chosen, printed (a sheet of
slips with QR codes) or emailed, and a reset of someone's access. The activation pages the person opens are
accounts.activation_views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import activation, selectors
from accounts.permissions import may_administer_people, person_for_user
from accounts.qr import qr_svg
from core.client_ip import client_ip
from core.exceptions import ApplicationError


def _sheet(request, links):
    """The printable sheet: the codes exist only in this answer, which no cache may keep."""
    start = request.build_absolute_uri(reverse("activate-start"))
    slips = []
    for link in links:
        url = request.build_absolute_uri(link.path)
        slips.append({"link": link, "url": url, "qr": qr_svg(url)})
    return render(request, "accounts/people/activation_sheet.html", {"slips": slips, "start": start})


@never_cache
@login_required
@require_POST
def person_reset_access(request, pk: int):
    person = person_for_user(request.user, pk)
    try:
        link = activation.access_reset(actor=request.user, person=person, ip=client_ip(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("person-detail", person.pk)
    return _sheet(request, [link])


@never_cache
@login_required
@require_POST
def people_activation(request):
    """Activation links for the people chosen (on the list, or the one on their page): printed or emailed. Anyone
    chosen whom the administrator does not reach refuses the whole request, as does anyone who may not get one."""
    if not may_administer_people(request.user):
        raise PermissionDenied
    back = request.POST.get("back") == "person"
    named = request.POST.getlist("people")
    chosen = {int(value) for value in named if value.isdigit()}
    found = list(selectors.people_administered_by(request.user).filter(pk__in=chosen).order_by("real_name", "pk"))
    if len(found) != len(named):  # someone the administrator does not reach, as if they did not exist
        raise Http404
    delivery = "email" if request.POST.get("delivery") == "email" else "print"
    try:
        links = activation.activations_issue(actor=request.user, people=found, delivery=delivery, ip=client_ip(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("person-detail", found[0].pk) if back and len(found) == 1 else redirect("people-list")
    if delivery == "email":
        messages.success(request, _("Activation links were emailed to %(n)d people.") % {"n": len(links)})
        return redirect("person-detail", found[0].pk) if back else redirect("people-list")
    return _sheet(request, links)
