"""The application's forms as versions: the 帮扶项目申报表 (附件3) or the 特色发展申报表, filled against the
newest published form definition (the bureau edits fields without a code change), and the 工作实施方案.
An edit is a new version that supersedes the last; ``changes`` records what differs."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from forms.models import FormDefinition
from forms.services import submission_create
from workflows.community.models import Application, ApplicationVersion, Kind

FORM_CODES = {Kind.HELP_PROJECT: "community_help_project", Kind.FEATURE: "community_feature"}


def current_definition(kind: str) -> FormDefinition:
    definition = FormDefinition.objects.filter(code=FORM_CODES[kind]).order_by("-version").first()
    if definition is None:
        raise ApplicationError("form_missing", _("The bureau has not published this application form."))
    return definition


def latest_version(application: Application) -> ApplicationVersion | None:
    return application.versions.select_related("submission__definition", "plan").order_by("-number").first()


def _changes(previous: ApplicationVersion | None, data: dict, plan) -> dict:
    if previous is None:
        return {}
    before = previous.submission.data
    changed = {
        name: [before.get(name), data.get(name)]
        for name in sorted(set(before) | set(data))
        if before.get(name) != data.get(name)
    }
    if previous.plan_id != (plan.pk if plan else None):
        changed["plan"] = [
            previous.plan.original_name if previous.plan else None,
            plan.original_name if plan else None,
        ]
    return changed


def version_add(*, application: Application, actor, data: dict, plan) -> ApplicationVersion:
    """Store a new version of the form and plan (inside the caller's transaction)."""
    previous = latest_version(application)
    if plan is None and previous is not None:
        plan = previous.plan
    submission = submission_create(
        definition=current_definition(application.kind),
        data=data,
        submitted_by=actor,
        attachments=[plan] if plan else [],
        supersedes=previous.submission if previous else None,
    )
    return ApplicationVersion.objects.create(
        application=application,
        number=(previous.number + 1) if previous else 1,
        submission=submission,
        plan=plan,
        changes=_changes(previous, submission.data, plan),
        created_by=actor,
    )


def require_complete(application: Application) -> ApplicationVersion:
    """B3: the form (附件3 / 特色发展申报表) and the implementation plan must both be there."""
    version = latest_version(application)
    if version is None:
        raise ApplicationError("form_missing", _("Fill in the application form first."))
    if version.plan_id is None:
        raise ApplicationError(
            "attachment_missing",
            _("Attach the implementation plan (工作实施方案)."),
            fields={"plan_id": [str(_("Required."))]},
        )
    return version
