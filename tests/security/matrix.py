"""The permission matrix: for every URL name the resolver knows, the status each role gets, on the home
county's object ("own") and on another county's ("foreign"), and without signing in.

Roles (played in the home tree of tests/security/world.py; the outsider runs the foreign county as its
organisation administrator and auditor):

    applicant        the person of the home party case (入党申请人)
    member           a plain party member of the branch: inside, no rights
    teacher          a department member of a community school: inside, no rights
    secretary        the branch secretary (党支部书记)
    committee        the branch committee (支委会)
    party_committee  the party committee with approval authority (党委)
    core_lead        the core school's lead (核心校)
    member_lead      the member school's lead (成员校)
    basic_edu        the bureau's reviewer (基础教育科)
    leading          the bureau's community leading group (领导小组)
    auditor          the bureau's auditor (审计员)
    org_admin        the bureau's organisation administrator
    designer         the bureau's process administrator (流程设计): holds nothing else
    outsider         administrator and auditor of the other county
    anonymous        not signed in: pages send to the login page (302), the API answers 401

Statuses follow the access helpers: 404 to whoever may not see the object (another county, or an insider
to whom the case is none of their business), 403 to whoever sees it without the right, 405 for a method
the endpoint does not take. A refused request (401, 403, 404, 405) must change nothing; a check marked
``unchanged`` must change nothing even when it succeeds.

A new route needs an entry here: its checks (method, expected status per role, and with ``foreign`` the same
request on the other county's object) and, when its URL names an object, how to find that object in the world.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.workflows.community.factories import FEATURE_FORM, HELP_FORM

HOME_ROLES = (
    "applicant",
    "member",
    "teacher",
    "secretary",
    "committee",
    "party_committee",
    "core_lead",
    "member_lead",
    "basic_edu",
    "leading",
    "auditor",
    "org_admin",
    "designer",
)
ROLES = (*HOME_ROLES, "outsider", "anonymous")

# Who sees the home party case: its person and whoever sees cases at the branch or above it (the branch
# officers and committee, the party committee, the school above it, the bureau's sections).
PARTY_SEERS = (
    "applicant",
    "secretary",
    "committee",
    "party_committee",
    "core_lead",
    "basic_edu",
    "leading",
    "auditor",
    "org_admin",
)
# Who sees a teacher's leave request (the kit's test process): the teacher, the school's lead, and whoever sees
# cases above the school (the bureau's sections).
LEAVE_SEERS = ("teacher", "member_lead", "basic_edu", "leading", "auditor", "org_admin")
# Who sees the branch as an organisation: everyone with a role in it or above it (the bureau's process
# administrator too, who sees no case of it).
BRANCH_INSIDERS = (*PARTY_SEERS, "member", "designer")
# Who belongs to the branch (and so may apply, or enter an application, there).
BRANCH_PEOPLE = ("applicant", "member", "secretary", "committee")
# Who sees the branch's members: holders of see_cases there or above.
BRANCH_OVERSEERS = tuple(r for r in PARTY_SEERS if r != "applicant")
# Who holds see_cases somewhere (the party dashboard), and who runs the communities (the bureau dashboard).
CASE_OVERSEERS = (*BRANCH_OVERSEERS, "member_lead", "outsider")
BUREAU_STAFF = ("basic_edu", "leading")
# The bureau side of an evaluation: sees results before they are published.
BUREAU_SIDE = ("basic_edu", "leading", "auditor", "org_admin")


@dataclass(frozen=True)
class Check:
    method: str
    expect: dict  # role -> status, for every role of ROLES
    scope: str = "own"  # "own": the home tree's object; "foreign": the other county's
    data: object = None  # a dict, or (world, scope, role) -> dict
    unchanged: bool = False  # even a success must change nothing...
    may_change: tuple = ()  # ...except for these roles
    fresh: bool = False  # sign in a throwaway session: the request ends it
    multipart: bool = False
    kwargs: object = None  # (world, scope, role) -> URL kwargs, instead of the entry's


@dataclass(frozen=True)
class Entry:
    checks: tuple
    kwargs: Callable | None = None  # (world, scope, role) -> URL kwargs


def statuses(default: int, *groups: dict, anonymous: int, **by_role) -> dict:
    """``default`` for every role, then each group's statuses in turn, then single roles; later wins."""
    chosen: dict = {}
    for group in (*groups, by_role):
        chosen |= group
    unknown = set(chosen) - set(ROLES)
    assert not unknown, unknown
    return {role: chosen.get(role, default) for role in ROLES if role != "anonymous"} | {"anonymous": anonymous}


def page(default: int = 200, *groups: dict, anonymous: int = 302, **by_role) -> dict:
    return statuses(default, *groups, anonymous=anonymous, **by_role)


def api(default: int = 200, *groups: dict, anonymous: int = 401, **by_role) -> dict:
    return statuses(default, *groups, anonymous=anonymous, **by_role)


def each(roles, status: int) -> dict:
    return dict.fromkeys(roles, status)


def get(expect, **options) -> Check:
    return Check("get", expect, **options)


def post(expect, **options) -> Check:
    return Check("post", expect, **options)


def put(expect, **options) -> Check:
    return Check("put", expect, **options)


def delete(expect, **options) -> Check:
    return Check("delete", expect, **options)


def foreign(check: Check) -> Check:
    return Check(**{**check.__dict__, "scope": "foreign"})


def not_allowed(default=405, *, anonymous: int) -> Check:
    """GET on an endpoint that only takes POST (or PUT)."""
    return get(statuses(default, anonymous=anonymous))


# URL kwargs, from the world and the scope.
def tree(world, scope):
    return world.home if scope == "own" else world.foreign


def branch(world, scope, role):
    return {"pk": tree(world, scope).branch.pk}


def party_case(world, scope, role):
    return {"pk": tree(world, scope).party_case.pk}


def party_step(world, scope, role):
    return {"pk": tree(world, scope).party_case.pk, "action": "pre_review"}


def project(world, scope, role):
    return {"pk": tree(world, scope).project.pk}


def leave(world, scope, role):
    return {"pk": tree(world, scope).leave.pk}


def leave_action(world, scope, role):
    return {"pk": tree(world, scope).leave.pk, "action": "decide"}


def feature(world, scope, role):
    return {"pk": tree(world, scope).feature.pk}


def project_action(world, scope, role):
    return {"pk": tree(world, scope).project.pk, "action": "file"}


def feature_action(world, scope, role):
    return {"pk": tree(world, scope).feature.pk, "action": "request_consultation"}


def feature_edit(world, scope, role):
    return {"pk": tree(world, scope).feature.pk, "action": "edit"}


def evaluation(world, scope, role):
    return {"pk": tree(world, scope).evaluation.pk}


def scheme(world, scope, role):
    """The scheme version the tree's evaluation year is graded with (no published year uses it)."""
    return {"pk": tree(world, scope).evaluation.scheme_id}


def evaluation_action(world, scope, role):
    return {"pk": tree(world, scope).evaluation.pk, "action": "publish"}


def membership(world, scope, role):
    return {"pk": tree(world, scope).membership.pk}


def person(world, scope, role):
    """The tree's plain branch member (the "member" of the matrix), as administrators see them."""
    return {"pk": tree(world, scope).membership.user_id}


def person_ids(world, scope, role):
    return {"people": [tree(world, scope).membership.user_id]}


def task_claim(world, scope, role):
    return {"pk": tree(world, scope).task.pk, "action": "claim"}


def task_step(world, scope, role):
    return {"pk": tree(world, scope).task.pk}


def case_remind(world, scope, role):
    return {"process": "party", "pk": tree(world, scope).party_case.pk, "action": "remind"}


def audit_case(world, scope, role):
    return {"process": "party", "case_id": tree(world, scope).party_case.pk}


def audit_person(world, scope, role):
    return {"pk": tree(world, scope).party.applicant.pk}


def notice(world, scope, role):
    """One's own notification ("own"), or someone else's in the other county ("foreign")."""
    mine = world.notices.get(role) if scope == "own" else None
    return {"pk": (mine or world.notices["foreign"]).pk}


def saved_filter(world, scope, role):
    """A fresh filter of the tree's branch secretary, shared with the branch (each check may delete one)."""
    from workflows.models import SavedFilter

    party = tree(world, scope).party
    saved = SavedFilter.objects.create(owner=party.secretary, name="x", params={}, shared_with=party.branch)
    return {"pk": saved.pk}


# Offered a filter shared with the branch (they belong to it) but neither its owner nor an administrator: 403.
BRANCH_MEMBERS_NOT_OWNING = ("applicant", "member", "committee")


def export_job(world, scope, role):
    """One's own finished export ("own"), or someone else's in the other county ("foreign")."""
    mine = world.exports.get(role) if scope == "own" else None
    return {"pk": (mine or world.exports["foreign"]).pk}


def api_token(world, scope, role):
    """One's own API token ("own"), or someone else's in the other county ("foreign")."""
    mine = world.tokens.get(role) if scope == "own" else None
    return {"pk": (mine or world.tokens["foreign"]).pk}


def export_of(key: str):
    return lambda world, scope, role: {"key": key}


def notice_ids(world, scope, role):
    return {"id": [notice(world, scope, role)["pk"]]}


def task_ids(world, scope, role):
    return {"action": "claim", "task_ids": [tree(world, scope).task.pk]}


def task_field(world, scope, role):
    return {"task": [tree(world, scope).task.pk]}


def other_county_filter(world, scope, role):
    """A list's or dashboard's organisation filter set to the other county's branch: ignored, never shown."""
    return {"org": (world.home if role == "outsider" else world.foreign).branch.pk}


def new_party_case(world, scope, role):
    return {"branch_id": tree(world, scope).branch.pk, "date": "2026-10-01"}


def new_application(kind: str, form: dict):
    def payload(world, scope, role):
        t = tree(world, scope)
        pair = {"community": t.collab.pk, "member_school": t.collab_member.pk}
        return {**pair, "school_year": 2027, "title": kind, "form": form}

    return payload


def new_evaluation(world, scope, role):
    return {"community": tree(world, scope).collab.pk, "school_year": 2026}


def case_file(world, scope, role):
    """A file the tree's branch secretary attached to its party case with a comment (made again for each test:
    each rolls back what it wrote)."""
    from forms.models import Attachment

    t = tree(world, scope)
    if not Attachment.objects.filter(pk=getattr(t, "case_file_id", None)).exists():
        from forms.services import attachment_create
        from workflows.services import comment_add

        content = f"%PDF-1.4 {t.tag}".encode()
        file = attachment_create(
            uploaded_by=t.party.secretary,
            upload=SimpleUploadedFile("会议记录.pdf", content, content_type="application/pdf"),
        )
        comment_add(process=t.party_case, author=t.party.secretary, body="附会议记录", attachments=[file])
        t.case_file_id = file.pk
    return {"pk": t.case_file_id}


def upload(world, scope, role):
    return {"file": SimpleUploadedFile("证明.pdf", b"%PDF-1.4 matrix", content_type="application/pdf")}


MATRIX: dict[str, Entry] = {
    # Accounts pages
    "home": Entry((get(page()),)),
    "login": Entry((get(page(302, anonymous=200)),)),
    "admin-login": Entry((get(page(200, anonymous=200)),)),  # the admin's form; its sign-in is throttled too
    "logout": Entry((get(page(405, anonymous=405)), post(page(302, anonymous=302), fresh=True))),
    "password_change": Entry((get(page()),)),
    "password_change_done": Entry((get(page()),)),
    "token-list": Entry((get(page()),)),
    "token-revoke": Entry(
        (not_allowed(anonymous=302), post(page(302)), foreign(post(page(404), unchanged=True))), api_token
    ),
    "organisation-list": Entry((get(page()),)),
    "organisation-detail": Entry(
        (get(page(404, each(BRANCH_INSIDERS, 200))), foreign(get(page(404, outsider=200)))), branch
    ),
    "organisation-members": Entry(
        (
            get(page(404, each(BRANCH_INSIDERS, 403), each(BRANCH_OVERSEERS, 200))),
            # The unmask button: holders of view_identity see the numbers (a read_identity event), others masked.
            post(page(404, each(BRANCH_INSIDERS, 403), each(BRANCH_OVERSEERS, 200)), data={"unmask": "1"}),
            foreign(get(page(404, outsider=200))),
        ),
        branch,
    ),
    # People administration (issue 17 item 2): the organisation administrators; the person is the branch member.
    "people-list": Entry((get(page(403, org_admin=200, outsider=200)),)),
    "person-create": Entry((get(page(403, org_admin=200, outsider=200)), post(page(403, org_admin=422, outsider=422)))),
    # Naming someone the administrator does not reach: 404; the member already signs in, so no link (302 back).
    "people-activation": Entry(
        (
            not_allowed(anonymous=302),
            post(page(403, org_admin=302, outsider=404), data=person_ids, unchanged=True),
            foreign(post(page(403, org_admin=404, outsider=302), data=person_ids, unchanged=True)),
        )
    ),
    "person-detail": Entry(
        (get(page(404, each(BRANCH_INSIDERS, 403), org_admin=200)), foreign(get(page(404, outsider=200)))), person
    ),
    "person-edit": Entry(
        (
            get(page(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            post(page(404, each(BRANCH_INSIDERS, 403), org_admin=422)),
            foreign(get(page(404, outsider=200))),
        ),
        person,
    ),
    "person-role-grant": Entry(
        (
            get(page(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            post(page(404, each(BRANCH_INSIDERS, 403), org_admin=422)),
            foreign(post(page(404, outsider=422))),
        ),
        person,
    ),
    "person-deactivate": Entry(
        (
            not_allowed(anonymous=302),
            post(page(404, each(BRANCH_INSIDERS, 403), org_admin=302)),
            foreign(post(page(404, outsider=302))),
        ),
        person,
    ),
    "person-reactivate": Entry(
        (not_allowed(anonymous=302), post(page(404, each(BRANCH_INSIDERS, 403), org_admin=302), unchanged=True)),
        person,
    ),
    "person-reset-access": Entry(
        (
            not_allowed(anonymous=302),
            post(page(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            foreign(post(page(404, outsider=200))),
        ),
        person,
    ),
    "membership-end": Entry(
        (
            get(page(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            post(page(404, each(BRANCH_INSIDERS, 403), org_admin=422)),
            foreign(get(page(404, outsider=200))),
        ),
        membership,
    ),
    # The activation pages are for someone not signed in yet; a code that is not a live link: 410.
    "activate-start": Entry((get(page(200, anonymous=200)), post(page(422, anonymous=422), unchanged=True))),
    "activate": Entry(
        (
            get(page(410, anonymous=410)),
            post(page(410, anonymous=410), data={"new_password1": "x", "new_password2": "x"}, unchanged=True),
        ),
        lambda world, scope, role: {"code": "AAAA-BBBB-CCCC-DDDD"},
    ),
    "roster-import": Entry(
        (
            get(page(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            post(page(404, each(BRANCH_INSIDERS, 403), org_admin=422)),
            foreign(get(page(404, outsider=200))),
            foreign(post(page(404, outsider=422))),
        ),
        branch,
    ),
    "roster-template": Entry((get(page()),)),  # the empty spreadsheet: no one's data
    # Party pages
    "party-case-list": Entry((get(page(), data=other_county_filter),)),
    "party-case-new": Entry(
        (
            get(page(403, each(BRANCH_PEOPLE, 200))),
            post(page(403, each(BRANCH_PEOPLE, 422))),
        )
    ),
    "party-case": Entry((get(page(404, each(PARTY_SEERS, 200))), foreign(get(page(404, outsider=200)))), party_case),
    "party-political-review": Entry(
        (
            get(page(404, each(PARTY_SEERS, 403), secretary=200, party_committee=200)),
            foreign(get(page(404, outsider=403))),
        ),
        party_case,
    ),
    "party-case-action": Entry(
        (
            get(page(404, each(PARTY_SEERS, 403), party_committee=200)),  # the open step: the 党委's 预审
            post(page(404, each(PARTY_SEERS, 403), party_committee=422)),
            post(page(404, each(PARTY_SEERS, 403), party_committee=302), data={"intent": "save_draft"}),
            foreign(get(page(404, outsider=403))),
            foreign(post(page(404, outsider=403))),
        ),
        party_step,
    ),
    "party-bundle-zip": Entry(
        (
            get(page(405)),  # taking the bundle is recorded: a POST with the CSRF token
            post(page(404, each(PARTY_SEERS, 403), secretary=200, party_committee=200, auditor=200)),
            foreign(post(page(404, outsider=200))),
        ),
        party_case,
    ),
    "party-bundle-pdf": Entry(
        (
            get(page(405)),
            post(page(404, each(PARTY_SEERS, 403), secretary=200, party_committee=200, auditor=200)),
            foreign(post(page(404, outsider=200))),
        ),
        party_case,
    ),
    # Community pages (everyone in the home tree belongs to the community or sits above it)
    "community-application-list": Entry((get(page(), data=other_county_filter),)),
    "community-application-new": Entry(
        (get(page(403, core_lead=200, member_lead=200)), post(page(403, core_lead=422, member_lead=422)))
    ),
    "community-application": Entry((get(page(200, outsider=404)), foreign(get(page(404, outsider=200)))), project),
    "community-application-action": Entry(
        (
            get(page(403, basic_edu=200, outsider=404)),  # the step's page: the bureau's 审核备案
            post(page(403, basic_edu=422, outsider=404)),
            # A draft of the edit form only for who may edit (the feature plan's member school).
            post(page(403, member_lead=302, outsider=404), data={"intent": "save_draft"}, kwargs=feature_edit),
            foreign(get(page(404, outsider=403))),
            foreign(post(page(404, outsider=403))),
        ),
        project_action,
    ),
    # Evaluation pages
    "evaluation-list": Entry((get(page(), data=other_county_filter),)),
    "evaluation-new": Entry((get(page(403, basic_edu=200, leading=200)), post(page(403, basic_edu=422, leading=422)))),
    "evaluation-case": Entry((get(page(200, outsider=404)), foreign(get(page(404, outsider=200)))), evaluation),
    "evaluation-case-action": Entry(
        (
            get(page(403, leading=200, outsider=404)),
            post(page(403, leading=302, outsider=404)),
            foreign(get(page(404, outsider=403))),
            foreign(post(page(404, outsider=403))),
        ),
        evaluation_action,
    ),
    "evaluation-results": Entry((get(page(200, outsider=404)), foreign(get(page(404, outsider=200)))), evaluation),
    "evaluation-results-xlsx": Entry((get(page(404, each(BUREAU_SIDE, 200))), foreign(get(page(404)))), evaluation),
    # Dashboards (the organisation filter pointed at the other county)
    "dashboards": Entry((get(page(403, each(CASE_OVERSEERS, 302))),)),
    "dashboard-party": Entry((get(page(403, each(CASE_OVERSEERS, 200)), data=other_county_filter),)),
    "dashboard-bureau": Entry((get(page(403, each(BUREAU_STAFF, 200)), data=other_county_filter),)),
    # The inbox pages
    "my-tasks": Entry((get(page()),)),
    "tasks-bulk-claim": Entry(
        (
            not_allowed(anonymous=302),
            post(page(302), data=task_field, unchanged=True, may_change=("party_committee",)),
            foreign(post(page(302), data=task_field, unchanged=True)),
        )
    ),
    "tasks-bulk-approve": Entry(
        (
            not_allowed(anonymous=302),
            post(page(302), data=task_field, unchanged=True),  # pre-review has a form: no bulk approval
            foreign(post(page(302), data=task_field, unchanged=True)),
        )
    ),
    "tasks-save-filter": Entry((not_allowed(anonymous=302), post(page(302), data={"name": "x"}))),
    "tasks-saved-filters": Entry((get(page()), get(page(), data={"scope": "audit"}))),
    "tasks-delete-filter": Entry(
        (
            not_allowed(anonymous=302),
            post(page(404, each(BRANCH_MEMBERS_NOT_OWNING, 403), secretary=302, org_admin=302)),
            foreign(post(page(404, outsider=302))),
        ),
        saved_filter,
    ),
    "task-action": Entry(
        (
            not_allowed(anonymous=302),
            post(page(404, each(PARTY_SEERS, 403), party_committee=302)),
            foreign(post(page(404, outsider=403))),
        ),
        task_claim,
    ),
    "task-page": Entry(
        (get(page(404, each(PARTY_SEERS, 200))), foreign(get(page(404, outsider=200)))),
        task_step,
    ),
    # The 审批单 (workflows.kit.print_views): whoever sees the case, as its page
    **{
        name: Entry(
            (get(page(404, each(PARTY_SEERS, 200))), foreign(get(page(404, outsider=200)))),
            lambda world, scope, role: {"process": "party", "pk": tree(world, scope).party_case.pk},
        )
        for name in ("case-print", "case-print-pdf")
    },
    **{
        name: Entry(
            (get(page(404, each(PARTY_SEERS, 200))), foreign(get(page(404, outsider=200)))),
            lambda world, scope, role: {"task": tree(world, scope).task.pk},
        )
        for name in ("step-print", "step-print-pdf")
    },
    "tasks-delegation": Entry((get(page()), post(page(422), data={"substitute_id": ""}, unchanged=True))),
    "tasks-delegation-end": Entry((not_allowed(anonymous=302), post(page(302), unchanged=True))),
    "case-page-action": Entry(
        (
            not_allowed(anonymous=302),
            post(page(404, each(PARTY_SEERS, 403), applicant=302)),
            foreign(post(page(404, outsider=403))),
        ),
        case_remind,
    ),
    # Notifications
    "notification-list": Entry((get(page()),)),
    "notification-read": Entry(
        (
            not_allowed(anonymous=302),
            post(page(302), data=notice_ids),
            foreign(post(page(302), data=notice_ids, unchanged=True)),
        )
    ),
    "notification-open": Entry((get(page(302)), foreign(get(page(404)))), notice),
    "notification-preferences": Entry((not_allowed(anonymous=302), post(page(302), data={"daily_digest": "on"}))),
    # Exports of the lists (each with the list's own visibility) and one's own background exports
    "export-start": Entry(
        (
            get(page(405), kwargs=export_of("party-cases")),  # an export is recorded: a POST with the CSRF token
            post(page(), kwargs=export_of("party-cases")),
            post(page(403, auditor=200, outsider=200), kwargs=export_of("audit-events")),
            post(page(403, each(BUREAU_STAFF, 200)), kwargs=export_of("grades")),
            post(page(404), kwargs=export_of("no-such-list")),
        )
    ),
    "export-list": Entry((get(page()),)),
    "export-job": Entry((get(page()), foreign(get(page(404)))), export_job),
    "export-status": Entry((get(page()), foreign(get(page(404)))), export_job),
    "export-download": Entry((get(page()), foreign(get(page(404)))), export_job),
    # The auditor console: the bureau's auditor over the home tree, the outsider over the other county
    "audit-console": Entry((get(page(403, auditor=200, outsider=200)),)),
    "audit-export": Entry(
        (get(page(405)), post(page(403, auditor=200, outsider=200))),
        lambda world, scope, role: {"fmt": "csv"},
    ),
    "audit-case": Entry(
        (get(page(403, auditor=200, outsider=404)), foreign(get(page(403, auditor=404, outsider=200)))), audit_case
    ),
    "audit-person": Entry(
        (get(page(403, auditor=200, outsider=404)), foreign(get(page(403, auditor=404, outsider=200)))),
        audit_person,
    ),
    "audit-verify": Entry((not_allowed(anonymous=302), post(page(403, auditor=302, outsider=302)))),
    "audit-save-filter": Entry(
        (not_allowed(anonymous=302), post(page(403, auditor=302, outsider=302), data={"name": "x"}))
    ),
    # Public
    "set_language": Entry((post(page(302, anonymous=302), data={"language": "en"}),)),
    "healthz": Entry((get(page(200, anonymous=200)),)),
    "api-schema": Entry((get(api(200, anonymous=200)),)),
    "api-docs": Entry((get(api(200, anonymous=200)),)),
    "admin:index": Entry((get(page(302)),)),  # nobody here is staff: the admin sends everyone to its login
    # API: accounts
    "api-auth-token": Entry((get(api(405, anonymous=405)), post(api(400, anonymous=400)))),
    "api-me": Entry((get(api()),)),
    # Signed in with a session here, so there is no token to sign out of (400 not_token_authenticated).
    "api-auth-sign-out": Entry((not_allowed(anonymous=401), post(api(400), unchanged=True))),
    "api-auth-tokens": Entry((get(api()),)),
    "api-auth-token-revoke": Entry(
        (not_allowed(anonymous=401), post(api(204)), foreign(post(api(404), unchanged=True))), api_token
    ),
    "api-organisation-list": Entry((get(api()),)),
    "api-organisation-detail": Entry(
        (get(api(404, each(BRANCH_INSIDERS, 200))), foreign(get(api(404, outsider=200)))), branch
    ),
    # The people API (issue 17 item 2): the same rules as the people pages.
    "api-people": Entry((get(api(403, org_admin=200, outsider=200)), post(api(403, org_admin=400, outsider=400)))),
    "person-identity": Entry(  # showing the whole ID number: an audited POST of those allowed
        (
            not_allowed(anonymous=302),
            post(page(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            foreign(post(page(404, outsider=200))),
        ),
        person,
    ),
    "api-people-activation": Entry(
        (
            not_allowed(anonymous=401),
            post(api(403, org_admin=409, outsider=404), data=person_ids, unchanged=True),
            foreign(post(api(403, org_admin=404, outsider=409), data=person_ids, unchanged=True)),
        )
    ),
    "api-person-reset-access": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(BRANCH_INSIDERS, 403), org_admin=201)),
            foreign(post(api(404, outsider=201))),
        ),
        person,
    ),
    "api-person": Entry(
        (
            get(api(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            Check("patch", api(404, each(BRANCH_INSIDERS, 403), org_admin=200), unchanged=True),
            foreign(get(api(404, outsider=200))),
        ),
        person,
    ),
    "api-person-deactivate": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(BRANCH_INSIDERS, 403), org_admin=200)),
            foreign(post(api(404, outsider=200))),
        ),
        person,
    ),
    "api-person-reactivate": Entry(
        (not_allowed(anonymous=401), post(api(404, each(BRANCH_INSIDERS, 403), org_admin=409))),
        person,
    ),
    "api-organisation-memberships": Entry(
        (
            get(api(404, each(BRANCH_INSIDERS, 403), each(BRANCH_OVERSEERS, 200))),
            post(api(404, each(BRANCH_INSIDERS, 403), org_admin=400)),
            foreign(get(api(404, outsider=200))),
            foreign(post(api(404, outsider=400))),
        ),
        branch,
    ),
    "api-membership-end": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(BRANCH_INSIDERS, 403), org_admin=400)),
            foreign(post(api(404, outsider=400))),
        ),
        membership,
    ),
    # API: party
    "api-party-case-list": Entry(
        (
            get(api(), data=other_county_filter),
            # One applies where one belongs; the members are members already, the applicant has a case open.
            post(api(403, each(BRANCH_PEOPLE, 400), teacher=404, member_lead=404, outsider=404), data=new_party_case),
        )
    ),
    "api-party-case-detail": Entry(
        (get(api(404, each(PARTY_SEERS, 200))), foreign(get(api(404, outsider=200)))), party_case
    ),
    "api-party-case-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(PARTY_SEERS, 403), party_committee=400)),
            foreign(post(api(404, outsider=403))),
        ),
        party_step,
    ),
    "api-party-case-history": Entry(
        (get(api(404, each(PARTY_SEERS, 200))), foreign(get(api(404, outsider=200)))), party_case
    ),
    "api-party-political-review": Entry(
        (
            get(api(404, each(PARTY_SEERS, 403), secretary=200, party_committee=200)),
            foreign(get(api(404, outsider=403))),
        ),
        party_case,
    ),
    "api-party-bundle": Entry(
        (
            get(api(405)),  # taking the bundle is recorded: a POST
            post(api(404, each(PARTY_SEERS, 403), secretary=200, party_committee=200, auditor=200)),
            foreign(post(api(404, outsider=200))),
        ),
        party_case,
    ),
    # API: community (a help project under /projects/, a feature plan under /features/)
    "api-community-project-list": Entry(
        (
            get(api(), data=other_county_filter),
            post(api(403, core_lead=201, outsider=404), data=new_application("help", HELP_FORM)),
        )
    ),
    "api-community-project-detail": Entry((get(api(200, outsider=404)), foreign(get(api(404, outsider=200)))), project),
    "api-community-project-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(403, basic_edu=400, outsider=404)),
            foreign(post(api(404, outsider=403))),
        ),
        project_action,
    ),
    # API: the kit's test process (tests/kit_process), an entry like any process's by registering itself
    "leave-case": Entry((get(page(404, each(LEAVE_SEERS, 200))), foreign(get(page(404, outsider=200)))), leave),
    "leave-step": Entry(
        (
            get(page(404, each(LEAVE_SEERS, 403), member_lead=200)),
            foreign(get(page(404, outsider=403))),
        ),
        leave_action,
    ),
    "api-leave-list": Entry((get(api()), post(api(201), data={"days": 2}))),
    "api-leave-detail": Entry((get(api(404, each(LEAVE_SEERS, 200))), foreign(get(api(404, outsider=200)))), leave),
    "api-leave-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(LEAVE_SEERS, 403), member_lead=200), data={"approved": True}),
            foreign(post(api(404, outsider=403), data={"approved": True})),
        ),
        leave_action,
    ),
    "api-leave-history": Entry((get(api(404, each(LEAVE_SEERS, 200))), foreign(get(api(404, outsider=200)))), leave),
    "api-community-project-history": Entry(
        (get(api(200, outsider=404)), foreign(get(api(404, outsider=200)))), project
    ),
    "api-community-feature-list": Entry(
        (
            get(api(), data=other_county_filter),
            post(api(403, member_lead=201, outsider=404), data=new_application("feature", FEATURE_FORM)),
        )
    ),
    "api-community-feature-detail": Entry((get(api(200, outsider=404)), foreign(get(api(404, outsider=200)))), feature),
    "api-community-feature-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(403, member_lead=200, outsider=404)),
            foreign(post(api(404, outsider=403))),
        ),
        feature_action,
    ),
    "api-community-feature-history": Entry(
        (get(api(200, outsider=404)), foreign(get(api(404, outsider=200)))), feature
    ),
    # API: evaluation
    "api-evaluation-case-list": Entry(
        (
            get(api(), data=other_county_filter),
            post(api(403, basic_edu=201, leading=201, outsider=404), data=new_evaluation),
        )
    ),
    "api-evaluation-case-detail": Entry(
        (get(api(200, outsider=404)), foreign(get(api(404, outsider=200)))), evaluation
    ),
    "api-evaluation-case-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(403, leading=200, outsider=404)),
            foreign(post(api(404, outsider=403))),
        ),
        evaluation_action,
    ),
    "api-evaluation-case-history": Entry(
        (get(api(200, outsider=404)), foreign(get(api(404, outsider=200)))), evaluation
    ),
    "api-evaluation-case-results": Entry(
        (get(api(200, outsider=404)), foreign(get(api(404, outsider=200)))), evaluation
    ),
    "api-evaluation-case-results-xlsx": Entry(
        (get(api(404, each(BUREAU_SIDE, 200))), foreign(get(api(404)))), evaluation
    ),
    # The county's shared grading rules (no case data): read by anyone signed in; versions made by the leading group.
    "api-evaluation-schemes": Entry((get(api()), post(api(404, basic_edu=403, leading=400), data={}, unchanged=True))),
    "api-evaluation-scheme": Entry(
        (get(api()), put(api(404, basic_edu=403, leading=400), data={}, unchanged=True)), scheme
    ),
    "evaluation-schemes": Entry((get(page(404, basic_edu=200, leading=200)),)),
    "evaluation-scheme-new": Entry((get(page(404, basic_edu=403, leading=200)),)),
    "evaluation-scheme-edit": Entry((get(page(404, basic_edu=403, leading=200)),), scheme),
    "api-evaluation-indicator-sets": Entry((get(api()),)),
    # API: tasks and cases of every process
    "api-tasks": Entry((get(api()),)),
    "api-tasks-bulk": Entry(
        (
            not_allowed(anonymous=401),
            post(api(), data=task_ids, unchanged=True, may_change=("party_committee",)),
            foreign(post(api(), data=task_ids, unchanged=True)),
        )
    ),
    "api-task-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(PARTY_SEERS, 403), party_committee=200)),
            foreign(post(api(404, outsider=403))),
        ),
        task_claim,
    ),
    "api-case-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(PARTY_SEERS, 403), applicant=200)),
            foreign(post(api(404, outsider=403))),
        ),
        case_remind,
    ),
    "api-inbox-filters": Entry((get(api()), post(api(201), data={"name": "x", "params": {}}))),
    "api-inbox-filter": Entry(
        (
            get(api(405)),
            delete(api(404, each(BRANCH_MEMBERS_NOT_OWNING, 403), secretary=204, org_admin=204)),
            foreign(delete(api(404, outsider=204))),
        ),
        saved_filter,
    ),
    "api-me-delegation": Entry((get(api()), put(api(), data={"substitute_id": None}))),
    "api-attachment-upload": Entry((not_allowed(anonymous=401), post(api(201), data=upload, multipart=True))),
    # Opening a file where it is listed: whoever sees the case it is attached to (forms.access); only a GET.
    "attachment-download": Entry(
        (
            get(page(404, each(PARTY_SEERS, 200))),
            post(page(405, anonymous=302)),
            foreign(get(page(404, outsider=200))),
        ),
        case_file,
    ),
    "attachment-preview": Entry(
        (get(page(404, each(PARTY_SEERS, 200))), foreign(get(page(404, outsider=200)))),
        case_file,
    ),
    # API: notifications
    "api-notifications": Entry((get(api()),)),
    "api-notification-counts": Entry((get(api()),)),
    "api-notifications-read": Entry(
        (
            not_allowed(anonymous=401),
            post(api(), data=lambda w, s, r: {"ids": notice_ids(w, s, r)["id"]}),
            foreign(post(api(), data=lambda w, s, r: {"ids": notice_ids(w, s, r)["id"]}, unchanged=True)),
        )
    ),
    "api-notification-preferences": Entry((get(api()), put(api(), data={"email_kinds": [], "daily_digest": False}))),
}

# Designed processes (issue #18): the designer's pages and API, and the designed cases' (matrix_designer.py).
from tests.security.matrix_designer import DESIGNER_MATRIX  # noqa: E402  (it builds its entries from the above)

MATRIX |= DESIGNER_MATRIX

# The programmes (issue 19): one file per part (tests/security/matrix_<part>.py).
from tests.security.matrix_assessment import ASSESSMENT_MATRIX  # noqa: E402
from tests.security.matrix_ballots import BALLOTS_MATRIX  # noqa: E402
from tests.security.matrix_baseline import BASELINE_MATRIX  # noqa: E402
from tests.security.matrix_commitments import COMMITMENTS_MATRIX  # noqa: E402
from tests.security.matrix_dashboard import DASHBOARD_MATRIX  # noqa: E402
from tests.security.matrix_programmes import PROGRAMMES_MATRIX  # noqa: E402
from tests.security.matrix_records import RECORDS_MATRIX  # noqa: E402
from tests.security.matrix_studios import STUDIOS_MATRIX  # noqa: E402

MATRIX |= PROGRAMMES_MATRIX | RECORDS_MATRIX | COMMITMENTS_MATRIX | BASELINE_MATRIX | BALLOTS_MATRIX | STUDIOS_MATRIX
MATRIX |= ASSESSMENT_MATRIX | DASHBOARD_MATRIX


# Role administration (issue #15 item 1, 三员分立). Each actor below grants each role in the home branch, to
# itself and to another person of the home tree (the inspector, who holds nothing there), and ends its own first
# membership, the home auditor's and a plain one (the member's). 401 without signing in; 404 to whoever does not
# see the organisation; 403 ``permission_denied`` (no event) to whoever sees it without an administration right.
# The two administrators succeed or get a 403 with the rule's code, and that refusal is an audit event; a refused
# request changes no membership and no grant (tests/security/test_permission_matrix.py).
ADMIN_ACTORS = (*HOME_ROLES, "sec_admin", "outsider", "anonymous")
BRANCH_SEERS = (*BRANCH_INSIDERS, "sec_admin")  # see the home branch
BUREAU_SEERS = ("basic_edu", "leading", "auditor", "org_admin", "designer", "sec_admin")  # see the home bureau
SELF_REFUSED = ("org_admin", "sec_admin", "outsider")  # hold an administration right where their own role is
ADMINISTRATORS = ("org_admin", "sec_admin")
# Whoever holds no administration right is refused before the role is read: they try the security roles, the
# roles that read political reviews or approve admissions, the administrator's and a plain one (every role for
# the administrators). This keeps the table at about 260 requests.
SAMPLE_ROLES = ("AUDITOR", "SECURITY_ADMIN", "PARENT_COMMITTEE", "BRANCH_SECRETARY", "ORG_ADMIN", "MEMBER")


def roles_tried(actor: str) -> tuple[str, ...]:
    from accounts.roles import Role

    return tuple(Role.values) if actor in ADMINISTRATORS else SAMPLE_ROLES


def grant_expected(actor: str, role: str, target: str) -> tuple[int, str | None]:
    """(status, code of the audited refusal) when ``actor`` grants ``role`` in the home branch to ``target``."""
    from accounts.roles import SECURITY_ROLES

    if actor == "anonymous":
        return 401, None
    if actor not in BRANCH_SEERS:
        return 404, None
    if actor not in ("org_admin", "sec_admin"):
        return 403, None
    if target == "self":
        return 403, "membership_self_grant"
    if actor == "org_admin":
        return (403, "security_role_reserved") if role in SECURITY_ROLES else (201, None)
    return (201, None) if role in SECURITY_ROLES else (403, "role_reserved_to_org_admin")


def end_expected(actor: str, target: str) -> tuple[int, str | None]:
    """``target``: "own" (the actor's first membership), "auditor" (the home auditor's), "plain" (the member's)."""
    if actor == "anonymous":
        return 401, None
    if target == "own":
        return (403, "membership_self_end") if actor in SELF_REFUSED else (403, None)
    seers = BUREAU_SEERS if target == "auditor" else BRANCH_SEERS
    if actor not in seers:
        return 404, None
    if target == "auditor":
        return {"org_admin": (403, "security_role_reserved"), "sec_admin": (200, None)}.get(actor, (403, None))
    return {"org_admin": (200, None), "sec_admin": (403, "role_reserved_to_org_admin")}.get(actor, (403, None))
