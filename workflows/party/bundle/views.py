"""Pages that hand out a case's archive bundle; the case page links here for those allowed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from core.client_ip import request_facts
from core.exceptions import ApplicationError
from workflows.party.bundle.access import bundle_case_for_user
from workflows.party.bundle.services import Bundle, bundle_export


def download(bundle: Bundle) -> HttpResponse:
    response = HttpResponse(bundle.body, content_type=bundle.content_type)
    response["Content-Disposition"] = content_disposition_header(True, bundle.filename)
    return response


def _bundle(request, pk: int, kind: str):
    case = bundle_case_for_user(request.user, pk)
    try:
        bundle = bundle_export(user=request.user, case=case, kind=kind, **request_facts(request))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("party-case", pk=case.pk)
    return download(bundle)


# POST only (a form with its CSRF token): taking the bundle out is an audit event in the user's name, which a link
# someone was lured to must not write.
@login_required
@require_POST
def bundle_zip(request, pk: int):
    return _bundle(request, pk, "zip")


@login_required
@require_POST
def bundle_pdf(request, pk: int):
    return _bundle(request, pk, "pdf")
