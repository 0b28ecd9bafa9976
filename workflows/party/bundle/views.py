"""Pages that hand out a case's archive bundle; the case page links here for those allowed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

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
        bundle = bundle_export(
            user=request.user, case=case, kind=kind, client_type="web", ip=request.META.get("REMOTE_ADDR")
        )
    except ApplicationError as error:
        messages.error(request, f"{error.message} ({error.code})")
        return redirect("party-case", pk=case.pk)
    return download(bundle)


@login_required
def bundle_zip(request, pk: int):
    return _bundle(request, pk, "zip")


@login_required
def bundle_pdf(request, pk: int):
    return _bundle(request, pk, "pdf")
