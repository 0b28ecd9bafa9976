"""Starting a Process B application (DOMAIN §3.3 "create"). Every later change goes through
the kit's engine (workflows.kit.engine.run_action)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.permissions import has_org_perm, role_used
from accounts.roles import SUBMIT_SCHOOL_APPLICATIONS
from audit.services import attachment_facts, audit_record
from core.api.inputs import validated
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from forms.access import own_attachments_only
from workflows.announce import announce_open_tasks
from workflows.community.flows import CommunityFlow
from workflows.community.inputs import CreateInput
from workflows.community.models import Application, Kind
from workflows.community.versions import version_add
from workflows.kit.actions import Result
from workflows.schools import communities_visible_to, community_of, core_school_of


def _member_elsewhere(member: Organisation, community: Organisation, school_year: int) -> bool:
    """B7: the school was paired in another community this year (an application there from before it moved:
    today the tree makes it a school of this community, which every application requires)."""
    return (
        Application.objects.filter(member_school=member, school_year=school_year).exclude(community=community).exists()
    )


def application_create(*, actor, payload: dict, today=None, client_type="", ip=None) -> Result:
    today = today or business_today()
    data = validated(CreateInput, payload)
    community, member, kind = data["community"], data["member_school"], data["kind"]
    if not communities_visible_to(actor).filter(pk=community.pk).exists():
        raise Http404
    core = core_school_of(community)
    if core is None:
        raise ApplicationError("core_school_missing", _("This community has no core school."))
    if member.pk == core.pk:
        raise ApplicationError(
            "member_school_invalid",
            _("The member school cannot be the core school."),
            fields={"member_school": [str(_("Choose a member school."))]},
        )
    home = community_of(member)
    if home is None or home.pk != community.pk:
        # Another bureau's or community's school would get the pair's steps and then not see the case.
        raise ApplicationError(
            "member_school_ineligible",
            _("The member school must be a school of this community."),
            fields={"member_school": [str(_("Choose a member school of this community."))]},
        )
    owner = core if kind == Kind.HELP_PROJECT else member
    if not has_org_perm(actor, SUBMIT_SCHOOL_APPLICATIONS, owner):
        raise PermissionDenied
    own_attachments_only(actor=actor, data=data)
    warnings = ["member_in_two_communities"] if _member_elsewhere(member, community, data["school_year"]) else []
    with transaction.atomic():
        taken = Application.objects.select_for_update().filter(
            community=community, member_school=member, school_year=data["school_year"], kind=kind
        )
        if taken.exists():
            raise ConflictError("application_exists", _("This pair already has this application for the year."))
        application = CommunityFlow.start.run(
            kind=kind,
            community=community,
            core_school=core,
            member_school=member,
            school_year=data["school_year"],
            title=data["title"],
            initiator=actor,
        )
        record = {"kind": kind, "school_year": data["school_year"], "member_school": member.pk, "title": data["title"]}
        attachments = []
        if data.get("form") is not None:
            version = version_add(application=application, actor=actor, data=data["form"], plan=data.get("plan_id"))
            record |= {"version": version.number, "form": version.submission.definition.version}
            attachments = [version.plan] if version.plan else []
        event = audit_record(
            process="community",
            case_id=application.pk,
            action="create",
            actor=actor,
            actor_role=role_used(actor, SUBMIT_SCHOOL_APPLICATIONS, owner, today),
            organisation=owner,
            business_date=today,
            to_state=application.stage,
            warnings=warnings,
            data=record,
            attachments=attachment_facts(attachments),
            client_type=client_type,
            ip=ip,
        )
        announce_open_tasks(application.pk)
    return Result(case=application, event=event, warnings=warnings)
