"""The access helpers: a list's export may be refused to an insider without the right (403); a job belongs
to the person who asked for it, and is invisible (404) to everyone else."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from exports.models import ExportJob
from exports.specs import SPECS, ExportSpec


def spec_for_user(user, key: str) -> ExportSpec:
    spec = SPECS.get(key)
    if spec is None:
        raise Http404
    if not spec.allowed(user):
        raise PermissionDenied
    return spec


def job_for_user(user, pk) -> ExportJob:
    job = ExportJob.objects.filter(pk=pk, user=user).first()
    if job is None:
        raise Http404
    return job
