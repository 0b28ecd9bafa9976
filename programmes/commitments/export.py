"""The Excel export of a programme's public plans and pledges with their year-end review (exports.specs: the list
"programme-pledges", taken from the 公开承诺 page with ?programme=<id>; audited as every export is)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exports.specs import ExportSpec

HEADERS = (
    _("Person"),
    pgettext_lazy("pledge", "What"),
    _("Version"),
    _("Text"),
    _("Made public at"),
    _("Year-end review"),
    _("Review comment"),
    _("Reviewed by"),
    _("Reviewed at"),
)


def _source(user, params, today):
    from programmes.access import may_organise
    from programmes.commitments.access import programme_of
    from programmes.commitments.selectors import pledge_rows

    key = str(params.get("programme", ""))
    if not key.isdigit():
        raise Http404
    programme = programme_of(user, int(key))
    if not may_organise(user, programme):
        raise PermissionDenied

    def cells(pledge):
        return [
            pledge.person.real_name,
            pledge.get_kind_display(),
            pledge.version,
            pledge.text,
            timezone.localtime(pledge.published_at) if pledge.published_at else "",
            pledge.get_outcome_display() if pledge.outcome else "",
            pledge.review_comment,
            pledge.reviewed_by.real_name if pledge.reviewed_by else "",
            timezone.localtime(pledge.reviewed_at) if pledge.reviewed_at else "",
        ]

    return pledge_rows(user, programme), cells


SPEC = ExportSpec("programme-pledges", _("Plans and pledges"), HEADERS, _source)
