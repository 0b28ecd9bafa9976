"""An attachment wherever it is listed — a step's files, a comment's, evidence, an archive item, a plan — shown the
same way: "name · size · 预览 / 下载", and the file inputs' accepted types and size in people's words."""

from django import template

from forms import file_types
from forms.file_types import ACCEPT, may_show_inline
from forms.models import Attachment

register = template.Library()


@register.inclusion_tag("forms/_attachment.html")
def attachment_link(file) -> dict:
    """``file``: a stored Attachment, or a file an audit event names (linked by forms.selectors.files_linked; a
    file that was not linked — on the audit console — shows its name and hash only)."""
    if isinstance(file, Attachment):
        pk, name, size, content_type, sha256 = file.pk, file.original_name, file.size, file.content_type, file.sha256
    else:
        pk, name, size = file.get("id"), file.get("name", ""), file.get("size")
        content_type, sha256 = file.get("type", ""), file.get("sha256", "")
    return {"pk": pk, "name": name, "size": size, "preview": may_show_inline(content_type), "sha256": sha256}


@register.simple_tag
def upload_accept() -> str:
    """The accept attribute of a file input: what the picker offers (the server checks every file anyway)."""
    return ACCEPT


@register.simple_tag
def upload_hint(single: bool = False) -> str:
    return file_types.upload_hint_single() if single else file_types.upload_hint()
