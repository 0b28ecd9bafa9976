"""A case's form in versions, for any process that keeps them: the case's ``versions`` (its model's related name)
are rows with ``number``, ``submission`` (forms.Submission), ``changes``, ``created_by`` and, when the process asks
for one, an attachment beside the form (community: the implementation plan). Versions are never changed: an edit is
a new version superseding the last (forms.services.submission_revise), what differs recorded with it.
"""

from forms.services import submission_revise
from workflows.kit.actions import Context


def of(case, *related: str):
    """The case's versions, newest first, with their form and who entered them (and ``related``)."""
    return case.versions.select_related("submission__definition", "created_by", *related).order_by("-number")


def latest(case, *related: str):
    return of(case, *related).first()


def add(ctx: Context, *, code: str, attachment: str = ""):
    """The input's ``form`` (of form ``code``) as the case's next version, recorded on the event; with
    ``attachment``, the file sent as ``<attachment>_id`` beside it (none sent: the last version's)."""
    previous = latest(ctx.case, *filter(None, [attachment]))
    sent = ctx.data.get(f"{attachment}_id") if attachment else None
    submission, changes = submission_revise(
        code=code,
        data=ctx.data["form"],
        submitted_by=ctx.actor,
        previous=previous.submission if previous else None,
        attachments=[sent] if sent else None,
        files_key=attachment or "files",
    )
    row = {"number": (previous.number + 1) if previous else 1, "submission": submission, "changes": changes}
    kept = sent or (getattr(previous, attachment) if previous and attachment else None)
    if attachment:
        row[attachment] = kept
    version = ctx.case.versions.create(**row, created_by=ctx.actor)
    ctx.record |= {"version": version.number, "form": submission.definition.version}
    ctx.attachments = [kept] if kept else []
    return version


def with_change_rows(versions, **labels) -> list:
    """The versions, each with ``change_rows``: (the changed field's label, before, after) — a field of the form
    by its label there, another (the attachment) by ``labels``."""
    versions = list(versions)
    for version in versions:
        named = {field["name"]: field.get("label", "") for field in version.submission.definition.fields} | labels
        version.change_rows = [(named.get(name, ""), *change) for name, change in (version.changes or {}).items()]
    return versions
