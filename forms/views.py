"""Opening a stored file where it is listed: 下载 (download, under its original name) and 预览 (shown in the browser:
PDF, JPEG and PNG only). Both go through forms.access.attachment_for_user; opening a restricted file is recorded."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from core.client_ip import request_facts
from forms.access import attachment_for_user
from forms.file_types import BY_CONTENT_TYPE, download_name, may_show_inline
from forms.services import attachment_opening_record

# A file shown in the browser is no page of ours: it loads nothing, may not be framed, and only the built-in PDF
# viewer (an object of the same origin) and the picture itself are allowed.
FILE_POLICY = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF],
    "object-src": [CSP.SELF],
    "style-src": [CSP.UNSAFE_INLINE],
    "frame-ancestors": [CSP.NONE],
}


def content_disposition(kind: str, name: str) -> str:
    """``attachment`` or ``inline`` with the name in UTF-8 (RFC 6266/5987: Chinese names survive), after a plain
    ASCII fallback for old clients."""
    fallback = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _serve(request, pk: int, *, preview: bool) -> FileResponse:
    with transaction.atomic():  # the opening of a restricted file is recorded with the check that allowed it
        opening = attachment_for_user(request.user, pk)
        attachment = opening.attachment
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        inline = preview and may_show_inline(attachment.content_type)
        if opening.audited_in is not None:
            how = "preview" if inline else "download"
            attachment_opening_record(user=request.user, opening=opening, how=how, **request_facts(request))
    # The type that was checked on upload, never the request's nor the name's; a type we do not know is bytes.
    content_type = attachment.content_type if attachment.content_type in BY_CONTENT_TYPE else "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    name = download_name(attachment.original_name, content_type)
    response["Content-Disposition"] = content_disposition("inline" if inline else "attachment", name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
@csp_override(FILE_POLICY)
def attachment_download(request, pk: int):
    return _serve(request, pk, preview=False)


@login_required
@require_GET
@csp_override(FILE_POLICY)
def attachment_preview(request, pk: int):
    """Shown in the browser when it can show it safely (PDF, JPEG, PNG); any other type is downloaded."""
    return _serve(request, pk, preview=True)
