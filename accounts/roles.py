"""Role codes (DOMAIN §1.1) and the object permissions each role grants on its organisation.

This table is the single statement of what a role may do. ``accounts.services``
turns memberships into django-guardian grants from it; nothing else grants or
revokes object permissions. Permissions hold for the organisation of the
membership and, through ``accounts.permissions``, for every organisation below it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "APPLICANT", _("Applicant")
    MEMBER = "MEMBER", _("Member")
    BRANCH_SECRETARY = "BRANCH_SECRETARY", _("Branch secretary")
    BRANCH_ORG_MEMBER = "BRANCH_ORG_MEMBER", _("Branch organisation committee member")
    BRANCH_COMMITTEE = "BRANCH_COMMITTEE", _("Branch committee member")
    BRANCH_ASSEMBLY = "BRANCH_ASSEMBLY", _("Branch general meeting recorder")
    PARTY_GROUP = "PARTY_GROUP", _("Party group leader")
    TRAINER = "TRAINER", _("Trainer")
    INTRODUCER = "INTRODUCER", _("Introducer")
    PARENT_COMMITTEE = "PARENT_COMMITTEE", _("Party committee member")
    PARENT_ORGANIZER = "PARENT_ORGANIZER", _("Party committee organiser")
    GRAND_PARENT_ORG_DEPT = "GRAND_PARENT_ORG_DEPT", _("Higher committee organisation department")
    COUNTY_ORG_DEPT = "COUNTY_ORG_DEPT", _("County organisation department")
    CORE_SCHOOL = "CORE_SCHOOL", _("Core school lead")
    MEMBER_SCHOOL = "MEMBER_SCHOOL", _("Member school lead")
    BUREAU_BASIC_EDU = "BUREAU_BASIC_EDU", _("Bureau basic education section")
    BUREAU_LEADING_GROUP = "BUREAU_LEADING_GROUP", _("Bureau community leading group")
    SCHOOL_DEPT = "SCHOOL_DEPT", _("School department")
    AUDITOR = "AUDITOR", _("Auditor")
    ORG_ADMIN = "ORG_ADMIN", _("Organisation administrator")
    # 等保2.0 三员分立: the security administrator appoints auditors and other security administrators;
    # the organisation administrator keeps every other role.
    SECURITY_ADMIN = "SECURITY_ADMIN", _("Security administrator")
    # Designs the organisation's own approval processes (流程设计器) for it and its subtree.
    PROCESS_ADMIN = "PROCESS_ADMIN", _("Process administrator")


# Codenames declared in Organisation.Meta.permissions.
VIEW = "view_org"  # belongs to the organisation: sees it and its structure
SEE_CASES = "see_cases"  # sees every case of the organisation and its subtree
MANAGE_MEMBERS = "manage_members"
VIEW_IDENTITY = "view_identity"  # unmasked ID numbers of the organisation's people
HANDLE_PARTY_WORK = "handle_party_work"  # branch day-to-day development work
DECIDE_BRANCH = "decide_branch"  # record branch committee / general meeting decisions
APPROVE_PARTY = "approve_party"  # party committee pre-review, approval, filing
INTERVIEW_PARTY = "interview_party"
FILE_PARTY_RECORDS = "file_party_records"  # higher organisation department filing (备案)
READ_POLITICAL_REVIEW = "read_political_review"
SUBMIT_SCHOOL_APPLICATIONS = "submit_school_applications"
REVIEW_COMMUNITY = "review_community"  # bureau review and filing (审核备案)
ORGANISE_EVALUATION = "organise_evaluation"
VIEW_AUDIT = "view_audit"
MANAGE_SECURITY_ROLES = "manage_security_roles"  # grants and ends the roles in SECURITY_ROLES
DESIGN_PROCESSES = "design_processes"  # defines, publishes and disables the organisation's designed processes

PERMISSIONS = [
    (VIEW, _("Belongs to the organisation")),
    (SEE_CASES, _("Sees the cases of the organisation and below")),
    (MANAGE_MEMBERS, _("Manages members and roles")),
    (VIEW_IDENTITY, _("Sees unmasked ID numbers")),
    (HANDLE_PARTY_WORK, _("Handles party development work")),
    (DECIDE_BRANCH, _("Records branch decisions")),
    (APPROVE_PARTY, _("Pre-reviews and approves party development")),
    (INTERVIEW_PARTY, _("Interviews candidates before approval")),
    (FILE_PARTY_RECORDS, _("Files party development records")),
    (READ_POLITICAL_REVIEW, _("Reads political review material")),
    (SUBMIT_SCHOOL_APPLICATIONS, _("Submits school applications")),
    (REVIEW_COMMUNITY, _("Reviews and files community applications")),
    (ORGANISE_EVALUATION, _("Organises evaluation")),
    (VIEW_AUDIT, _("Reads the audit trail")),
    (MANAGE_SECURITY_ROLES, _("Appoints auditors and security administrators")),
    (DESIGN_PROCESSES, _("Designs approval processes")),
]

_BRANCH_OFFICER = {VIEW, SEE_CASES, HANDLE_PARTY_WORK, DECIDE_BRANCH, VIEW_IDENTITY}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # An applicant sees only their own case; a plain member, trainer or introducer only what
    # they are assigned. Belonging to a branch does not open its other cases.
    Role.APPLICANT: frozenset({VIEW}),
    Role.MEMBER: frozenset({VIEW}),
    Role.TRAINER: frozenset({VIEW}),
    Role.INTRODUCER: frozenset({VIEW}),
    Role.PARTY_GROUP: frozenset({VIEW}),
    Role.BRANCH_SECRETARY: frozenset(_BRANCH_OFFICER | {READ_POLITICAL_REVIEW}),
    Role.BRANCH_ORG_MEMBER: frozenset(_BRANCH_OFFICER),
    Role.BRANCH_COMMITTEE: frozenset({VIEW, SEE_CASES, DECIDE_BRANCH}),
    Role.BRANCH_ASSEMBLY: frozenset({VIEW, SEE_CASES, DECIDE_BRANCH}),
    Role.PARENT_COMMITTEE: frozenset({VIEW, SEE_CASES, APPROVE_PARTY, READ_POLITICAL_REVIEW, VIEW_IDENTITY}),
    Role.PARENT_ORGANIZER: frozenset({VIEW, SEE_CASES, INTERVIEW_PARTY, READ_POLITICAL_REVIEW, VIEW_IDENTITY}),
    Role.GRAND_PARENT_ORG_DEPT: frozenset({VIEW, SEE_CASES, FILE_PARTY_RECORDS, READ_POLITICAL_REVIEW}),
    Role.COUNTY_ORG_DEPT: frozenset({VIEW, SEE_CASES}),
    Role.CORE_SCHOOL: frozenset({VIEW, SEE_CASES, SUBMIT_SCHOOL_APPLICATIONS}),
    Role.MEMBER_SCHOOL: frozenset({VIEW, SEE_CASES, SUBMIT_SCHOOL_APPLICATIONS}),
    Role.BUREAU_BASIC_EDU: frozenset({VIEW, SEE_CASES, REVIEW_COMMUNITY}),
    Role.BUREAU_LEADING_GROUP: frozenset({VIEW, SEE_CASES, ORGANISE_EVALUATION}),
    Role.SCHOOL_DEPT: frozenset({VIEW}),
    Role.AUDITOR: frozenset({VIEW, SEE_CASES, VIEW_AUDIT}),
    Role.ORG_ADMIN: frozenset({VIEW, SEE_CASES, MANAGE_MEMBERS, VIEW_IDENTITY}),
    Role.SECURITY_ADMIN: frozenset({VIEW, MANAGE_SECURITY_ROLES}),
    Role.PROCESS_ADMIN: frozenset({VIEW, DESIGN_PROCESSES}),
}


# 等保2.0 三员分立: these roles are granted and ended only by a holder of MANAGE_SECURITY_ROLES (or a superuser);
# every other role only by a holder of MANAGE_MEMBERS; nobody grants or ends their own (accounts.services).
SECURITY_ROLES = frozenset({Role.AUDITOR, Role.SECURITY_ADMIN})


def permissions_for_roles(roles) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
