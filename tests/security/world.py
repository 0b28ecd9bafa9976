"""The world the permission matrix runs in: two county trees, built once through the real services.

Each tree is shaped like the ``yuhuan`` fixture (a bureau, a 融合型 and a 协作型 community with their schools,
the same people) and holds the ``party`` fixture's branch under the 协作型 community's core school, so one
tree carries every process:

    bureau ─ fusion ─ fusion_core, fusion_member, fusion_member2
           ─ collab ─ collab_core ─ committee (approval authority) ─ branch
                    ─ collab_member

Each tree also has a process administrator at the bureau, a designed process of the bureau and a case of it
(tests/security/designed.py).

"home" is where the roles of the matrix work; "foreign" is another county with one case of each kind. Every
name in a tree carries its tag (ZZHOME / ZZFOREIGN) so a response can be searched for the other tree's data.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile

from accounts.models import Membership
from accounts.models import OrganisationKind as K
from accounts.roles import Role
from accounts.tokens import token_issue
from exports.models import ExportJob
from exports.models import Status as ExportStatus
from notifications.models import Kind as NoticeKind
from notifications.services import notify
from tests.factories import OrganisationFactory, UserFactory, grant, two_communities
from tests.kit_process.spec import create
from tests.security.designed import add_designed
from tests.security.world_assessment import add_assessment
from tests.security.world_ballots import add_ballots
from tests.security.world_baseline import add_baseline
from tests.security.world_commitments import add_commitments
from tests.security.world_programmes import add_programmes
from tests.security.world_records import add_records
from tests.security.world_studios import add_studios
from tests.workflows.community.factories import draft, ensure_forms, submitted
from tests.workflows.evaluation.conftest import act, grade_ready, open_year
from tests.workflows.party.conftest import case_before, full_member, submit
from workflows.community.models import Kind
from workflows.kit.engine import run_action
from workflows.party.models import PartyCase

D = datetime.date
HOME, FOREIGN = "ZZHOME", "ZZFOREIGN"


def _schools(tag: str) -> SimpleNamespace:
    bureau = OrganisationFactory.create(kind=K.BUREAU, name=f"{tag}教育局")
    o = SimpleNamespace(tag=tag, bureau=bureau, **two_communities(bureau, tag=tag))
    o.committee = OrganisationFactory.create(
        kind=K.PARTY_COMMITTEE, parent=o.collab_core, name=f"{tag}楚门中学党委", has_approval_authority=True
    )
    o.branch = OrganisationFactory.create(kind=K.BRANCH, parent=o.committee, name=f"{tag}第一支部")
    people = {
        "core_lead": (o.fusion_core, Role.CORE_SCHOOL),
        "member_lead": (o.fusion_member, Role.MEMBER_SCHOOL),
        "member2_lead": (o.fusion_member2, Role.MEMBER_SCHOOL),
        "collab_core_lead": (o.collab_core, Role.CORE_SCHOOL),
        "collab_member_lead": (o.collab_member, Role.MEMBER_SCHOOL),
        "basic_edu": (bureau, Role.BUREAU_BASIC_EDU),
        "basic_edu2": (bureau, Role.BUREAU_BASIC_EDU),
        "leading": (bureau, Role.BUREAU_LEADING_GROUP),
        "inspector": (o.fusion_core, Role.SCHOOL_DEPT),
        "auditor": (bureau, Role.AUDITOR),
        "org_admin": (bureau, Role.ORG_ADMIN),
        "teacher": (o.collab_member, Role.SCHOOL_DEPT),
    }
    for username, (organisation, role) in people.items():
        user = UserFactory(username=f"{tag.lower()}_{username}", real_name=f"{tag}{username}")
        grant(user, organisation, role)
        setattr(o, username, user)
    return o


def _party(o) -> SimpleNamespace:
    """The ``party`` fixture's people, in this tree's branch (see tests/workflows/party/conftest.py)."""
    tag = o.tag
    p = SimpleNamespace(branch=o.branch, committee=o.committee)
    p.secretary = full_member(username=f"{tag.lower()}_secretary", real_name=f"{tag}书记")
    p.orgmember = full_member(username=f"{tag.lower()}_orgmember", real_name=f"{tag}组织委员")
    p.members = [full_member(real_name=f"{tag}党员{i}") for i in range(6)]
    p.committeemen = [full_member(real_name=f"{tag}党委委员{i}") for i in range(5)]
    p.organizer = full_member(username=f"{tag.lower()}_organizer", real_name=f"{tag}组织员")
    p.orgdept = UserFactory(username=f"{tag.lower()}_orgdept", real_name=f"{tag}部长")
    p.applicant = UserFactory(username=f"{tag.lower()}_applicant", real_name=f"{tag}申请人", birth_date=D(2000, 5, 4))
    p.branch_committee = full_member(username=f"{tag.lower()}_committee", real_name=f"{tag}支委")
    # The branch committee (支委会) since before any case's meetings, as in the party tests' fixture.
    grant(p.secretary, p.branch, Role.BRANCH_SECRETARY, valid_from=D(2020, 1, 1))
    grant(p.orgmember, p.branch, Role.BRANCH_ORG_MEMBER, valid_from=D(2020, 1, 1))
    grant(p.branch_committee, p.branch, Role.BRANCH_COMMITTEE)
    for person in [p.secretary, p.orgmember, *p.members]:
        grant(person, p.branch, Role.MEMBER, valid_from=D(2020, 1, 1))
    for person in p.committeemen:
        grant(person, p.committee, Role.PARENT_COMMITTEE, valid_from=D(2020, 1, 1))
    grant(p.organizer, p.committee, Role.PARENT_ORGANIZER)
    grant(p.orgdept, o.bureau, Role.GRAND_PARENT_ORG_DEPT)
    grant(p.applicant, p.branch, Role.APPLICANT)
    p.full_ids = sorted(m.pk for m in [p.secretary, p.orgmember, *p.members])
    p.committee_ids = sorted(m.pk for m in p.committeemen)
    return p


def _tree(tag: str, *, full: bool) -> SimpleNamespace:
    """One tree with a party case, a help project and a feature plan, and an evaluation. ``full``: the cases
    stand where most actions are open (political review done, a project awaiting the bureau, a graded year);
    otherwise each case is only started (enough to be seen, or not)."""
    o = _schools(tag)
    o.party = _party(o)
    if full:
        o.party_case = PartyCase.objects.get(pk=case_before(o.party, "pre_review"))
        o.project = submitted(o, o.collab_member, Kind.HELP_PROJECT)
        o.evaluation = grade_ready(o, o.collab)
        act(o.evaluation, "aggregate", o.basic_edu, {})  # a result the bureau sees and the schools do not yet
    else:
        o.party_case = PartyCase.objects.get(pk=submit(o.party, date="2026-10-01"))
        o.project = draft(o, o.collab_member, Kind.HELP_PROJECT)
        o.evaluation = open_year(o, o.collab)
    o.feature = draft(o, o.collab_member, Kind.FEATURE)
    o.leave = create(actor=o.teacher, payload={"days": 2}).case  # the kit's test process, at the decision
    run_action(process="leave", case_id=o.leave.pk, code="submit", actor=o.teacher, payload={"days": 2})
    o.task = o.party_case.task_set.filter(flow_task_type="HUMAN", status__in=("NEW", "ASSIGNED")).get()
    o.membership = Membership.objects.get(user=o.party.members[5], organisation=o.branch)
    add_designed(o)  # the process administrator, a published definition and the teacher's case of it
    # The programmes (issue 19): a programme of the school's branch with its parts.
    for add in (add_programmes, add_records, add_commitments, add_baseline, add_ballots, add_studios, add_assessment):
        add(o)
    return o


# The roles of the matrix and who plays each in the home tree; the outsider runs the foreign county.
ROLE_PLAYERS = {
    "applicant": lambda h: h.party.applicant,  # the person of the home party case
    "member": lambda h: h.party.members[5],  # a plain party member of the branch: inside, no rights
    "teacher": lambda h: h.teacher,  # a school department member: inside the community, no rights
    "secretary": lambda h: h.party.secretary,
    "committee": lambda h: h.party.branch_committee,  # the branch committee (支委会)
    "party_committee": lambda h: h.party.committeemen[0],  # the committee with approval authority (党委)
    "core_lead": lambda h: h.collab_core_lead,
    "member_lead": lambda h: h.collab_member_lead,
    "basic_edu": lambda h: h.basic_edu,  # the bureau's reviewer (基础教育科)
    "leading": lambda h: h.leading,  # the bureau's community leading group
    "auditor": lambda h: h.auditor,
    "org_admin": lambda h: h.org_admin,
    "designer": lambda h: h.designer,  # the bureau's process administrator (流程设计)
}


def build_world() -> SimpleNamespace:
    ensure_forms()
    home = _tree(HOME, full=True)
    foreign = _tree(FOREIGN, full=False)
    users = {role: player(home) for role, player in ROLE_PLAYERS.items()}
    users["outsider"] = UserFactory(username="zzforeign_outsider", real_name=f"{FOREIGN}外县管理员")
    grant(users["outsider"], foreign.bureau, Role.ORG_ADMIN)
    grant(users["outsider"], foreign.bureau, Role.AUDITOR)
    # The home bureau's security administrator (三员分立): plays in the role-administration table only
    # (matrix.ROLE_ADMINISTRATION); the outsider is also the other county's.
    sec_admin = UserFactory(username="zzhome_secadmin", real_name=f"{HOME}安全管理员")
    grant(sec_admin, home.bureau, Role.SECURITY_ADMIN)
    notices, exports, tokens = {}, {}, {}
    for role, user in [*users.items(), ("foreign", foreign.party.applicant)]:
        (notice,) = notify(recipients=[user], kind=NoticeKind.CC, title=f"{user.real_name}的通知", url="/tasks/")
        notices[role] = notice
        tokens[role] = token_issue(user=user)[0]
        exports[role] = ExportJob.objects.create(
            user=user, kind="tasks", status=ExportStatus.DONE, file=ContentFile(b"PK matrix", name="tasks.xlsx")
        )
    return SimpleNamespace(
        home=home, foreign=foreign, users=users, notices=notices, exports=exports, tokens=tokens, sec_admin=sec_admin
    )
