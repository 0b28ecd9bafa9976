"""The bureau's scheme version pages (Pages.more): the versions with what each fixes, a new version (from the
default one or from any other), and the edit of a version no published year was graded with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from workflows.evaluation.models import CaseStatus, SchemeVersion
from workflows.evaluation.scheme_forms import SchemeVersionForm, initial_of
from workflows.evaluation.scheme_services import WRITER, scheme_place, scheme_version_add, scheme_version_edit
from workflows.evaluation.scheme_text import described


@login_required
def scheme_list(request):
    _place, perm = scheme_place(request.user, write=False)
    versions = SchemeVersion.objects.select_related("routine_set", "project_set", "feature_set").order_by(
        "-is_default", "-created_at", "-pk"
    )
    locked = set(SchemeVersion.objects.filter(evaluationcase__status=CaseStatus.PUBLISHED).values_list("pk", flat=True))
    rows = [(v, described(v), v.pk in locked) for v in versions]
    may_write = perm == WRITER
    return render(request, "evaluation/schemes/list.html", {"rows": rows, "may_write": may_write})


def _form_page(request, *, version=None, base=None):
    """The form for a new version (from ``base``) or for editing ``version``; on success back to the list."""
    source = version or base
    form = SchemeVersionForm(request.POST or None, initial=initial_of(source, copy=version is None))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                if version is None:
                    made = scheme_version_add(actor=request.user, payload=form.payload(), base=base)
                    messages.success(request, _("Scheme version “%(title)s” created.") % {"title": made.title})
                else:
                    made = scheme_version_edit(actor=request.user, version_id=version.pk, payload=form.payload())
                    messages.success(request, _("Scheme version “%(title)s” saved.") % {"title": made.title})
                return redirect("evaluation-schemes")
            except ApplicationError as error:
                form.place_error(error)
    context = {"form": form, "version": version, "base": base}
    return render(request, "evaluation/schemes/form.html", context, status=status)


@login_required
def scheme_new(request):
    scheme_place(request.user, write=True)
    source = str(request.GET.get("from", ""))
    base = (
        get_object_or_404(SchemeVersion, pk=int(source))
        if source.isdigit()
        else SchemeVersion.objects.filter(is_default=True).first()
    )
    return _form_page(request, base=base)


@login_required
def scheme_edit(request, pk: int):
    scheme_place(request.user, write=True)
    version = get_object_or_404(SchemeVersion, pk=pk)
    if SchemeVersion.objects.filter(pk=pk, evaluationcase__status=CaseStatus.PUBLISHED).exists():
        messages.info(request, _("A published year was graded with this version: make a new version from it."))
        return redirect(f"{reverse('evaluation-scheme-new')}?from={pk}")
    return _form_page(request, version=version)
