"""Every page at 375 px wide, as the demo's people see it on a phone: no sideways scrolling of the page, and the
inbox's and the case pages' actions big enough for a thumb (44 px). Runs Debian's chromium through playwright
when both are installed; screenshots go to test-artifacts/mobile/ for a person to look at.

The pages are the URL resolver's routes (not the admin, the API or files): those without arguments are tried by
the people likely to use them; those with arguments get them from the demo data, and a new route with arguments
fails here until it is given some."""

import importlib
import shutil
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.test import Client
from django.test.testcases import LiveServerThread
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.workflows.community.factories import ensure_forms
from workflows.evaluation.models import SchemeVersion

CHROMIUM = "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

WIDTH, HEIGHT = 375, 740
MIN_TAP = 44
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "mobile"
SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "healthz", "static/", "media/")
# Routes with arguments that are not pages: POST-only actions, redirects and files.
NOT_PAGES = {
    "party-bundle-zip",
    "party-bundle-pdf",
    "case-print-pdf",  # the 审批单 as a PDF file
    "step-print-pdf",
    "evaluation-results-xlsx",
    "task-action",
    "case-page-action",
    "notification-open",
    "audit-export",
    "export-status",
    "export-download",
    "export-start",
    "token-revoke",  # POST-only actions
    "person-deactivate",
    "person-reactivate",
    "person-reset-access",
    "person-identity",
    "tasks-delete-filter",
    "designer-publish",  # the designer's POST-only actions and its export (a JSON file)
    "designer-disable",
    "designer-enable",
    "designer-export",
    "attachment-download",  # files: a stored attachment, downloaded or shown by the browser itself
    "attachment-preview",
}
# Who looks at each part first (the first of them who may open a page shows it); the inbox and the home page
# are opened by all of them.
AREAS = {
    "party": ["secretary", "committeeman", "organizer", "applicant"],
    "community": ["corelead", "bureau", "memberlead"],
    "evaluation": ["leadinggroup", "bureau", "corelead"],
    "audit": ["auditor"],
    "organisations": ["orgadmin"],
    "people": ["orgadmin"],
    "dashboards": ["secretary", "bureau"],
    "designer": ["designer"],  # the process administrator (流程设计)
    "designed": ["schooldept", "corelead", "bureau", "groupleader", "committee", "leadinggroup"],
    # The programmes (issue 19): the branch secretary organises; teachers record; the bureau sees the county.
    "programmes": ["secretary", "groupleader", "member", "schooldept", "bureau"],
}
EVERYONE = ["secretary", "committeeman", "corelead", "bureau"]
EVERYONE_PAGES = {"home", "my-tasks"}
ANONYMOUS, ANONYMOUS_PAGES = "anonymous", {"login", "activate-start"}  # seen before signing in
# What a thumb presses: on the inbox, each row's link and action and the bulk bar; on every page, buttons.
TAP_TARGETS = (
    "button:not(.linkish), a.button, input[type=submit], .tabs a, .task-main > a, .action-bar a, .action-bar button"
)
UNSTICK = """() => document.querySelectorAll(".form-actions, .bulk-bar, .action-bar")
  .forEach((el) => { el.style.position = "static"; })"""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MEASURE = """([selector, minimum]) => {
  const visible = (el) => el.offsetParent !== null && getComputedStyle(el).visibility !== "hidden";
  const small = [...document.querySelectorAll(selector)].filter(visible)
    .map((el) => [el.getBoundingClientRect().height, el.outerHTML.slice(0, 120)])
    .filter(([height]) => height < minimum);
  const targets = [...document.querySelectorAll(selector)].filter(visible).length;
  return {width: document.documentElement.scrollWidth, small, targets};
}"""


def page_routes():
    """(name, route, argument names) of every named route outside the admin, the API and static files."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name, prefix + str(pattern.pattern), set(pattern.pattern.regex.groupindex)

    return [r for r in walk(get_resolver().url_patterns) if not r[1].startswith(SKIPPED_PREFIXES)]


def area_of(route: str) -> str:
    return route.split("/", 1)[0] if "/" in route else ""


class Demo:
    """The demo data and, per route with arguments, the addresses to open (person, url)."""

    def __init__(self):
        from accounts.models import Membership, User

        self.users = {u.username: u for u in User.objects.filter(username__in=self._usernames())}
        self.orgadmin_org = Membership.objects.filter(user=self.users["orgadmin"]).first().organisation

    @staticmethod
    def _usernames():
        # The programmes' teachers (周海涛 records, 吴晓燕 leads the studio) open their own pages.
        return (
            {name for names in AREAS.values() for name in names}
            | set(EVERYONE)
            | {"orgmember", "introducer", "trainer"}
        )

    def party(self):
        from workflows.party import selectors
        from workflows.party.actions import ACTIONS
        from workflows.party.models import CaseStatus, PartyCase

        cases = list(PartyCase.objects.order_by("pk"))
        longest = next(c for c in cases if c.case_status == CaseStatus.ARCHIVED)  # all 25 steps in its history
        own = PartyCase.objects.filter(person=self.users["applicant"]).first()
        urls = {"party-case": [("secretary", reverse("party-case", args=[c.pk])) for c in (cases[-1], longest)]}
        urls["party-case"].append(("applicant", reverse("party-case", args=[own.pk])))
        reviewed = next(c for c in cases if c.political_review_date)
        reader = next(n for n in AREAS["party"] if selectors.can_read_political_review(self.users[n], reviewed))
        urls["party-political-review"] = [(reader, reverse("party-political-review", args=[reviewed.pk]))]
        steps = {case.pk: selectors.open_steps(case) for case in cases}
        seen, actions = set(), []
        for username in ("secretary", "orgmember", "committeeman", "organizer", "applicant"):
            user = self.users[username]
            for case in cases:
                for code in selectors.available_actions(case, user, steps[case.pk]):
                    if ACTIONS[code].input not in seen:  # one form of each shape
                        seen.add(ACTIONS[code].input)
                        actions.append((username, reverse("party-case-action", args=[case.pk, code])))
        urls["party-case-action"] = actions
        return urls

    def community(self):
        from workflows.community.models import Status
        from workflows.kit.registry import PROCESS_TYPES
        from workflows.kit.selectors import available_actions

        application_list = PROCESS_TYPES["community"].api.case_list

        def first(who, stage):
            application = application_list(self.users[who]).filter(stage=stage).first()
            return (who, reverse("community-application", args=[application.pk]))

        kind = PROCESS_TYPES["community"]
        seen, steps = set(), []
        for who in AREAS["community"]:
            for application in application_list(self.users[who]):
                for code in available_actions(kind, application, self.users[who]):
                    if code not in seen:  # each step's page once
                        seen.add(code)
                        steps.append((who, reverse("community-application-action", args=[application.pk, code])))
        return {
            "community-application": [
                first("corelead", Status.FILED),
                first("bureau", Status.SUBMITTED),
                first("memberlead", Status.AWAITING_AGREEMENT),
            ],
            "community-application-action": steps,
        }

    def evaluation(self):
        from workflows.evaluation.models import EvaluationCase
        from workflows.evaluation.selectors import available_actions, cases_visible_to
        from workflows.kit.access import case_for_user

        cases = list(EvaluationCase.objects.order_by("pk"))
        visible = {name: set(cases_visible_to(user).values_list("pk", flat=True)) for name, user in self.users.items()}
        urls = {
            "evaluation-case": [("leadinggroup", reverse("evaluation-case", args=[c.pk])) for c in cases[:2]],
            "evaluation-results": [("leadinggroup", reverse("evaluation-results", args=[cases[0].pk]))],
            "evaluation-scheme-edit": [("leadinggroup", reverse("evaluation-scheme-edit", args=[self.spare_scheme()]))],
        }
        seen, actions = set(), []
        for username in ("leadinggroup", "bureau", "corelead", "memberlead"):
            for case in (c for c in cases if c.pk in visible[username]):
                loaded = case_for_user("evaluation", self.users[username], case.pk, detail=True)
                for item in available_actions(loaded, self.users[username]):
                    if item["action"] not in seen:
                        seen.add(item["action"])
                        query = "&".join(f"{k}={v}" for k, v in item.items() if k not in ("action", "label"))
                        url = reverse("evaluation-case-action", args=[case.pk, item["action"]])
                        actions.append((username, f"{url}?{query}"))
        urls["evaluation-case-action"] = actions
        return urls

    @staticmethod
    def spare_scheme() -> int:
        """A scheme version no published year was graded with (the demo's are): its edit page is a form."""
        from workflows.evaluation.models import SchemeVersion

        spare = SchemeVersion.objects.get(is_default=True)
        spare.pk, spare.code, spare.is_default = None, "mobile-spare", False
        spare.save()
        return spare.pk

    def programmes(self):
        """The programmes' pages with arguments (issue 19), one module per part."""
        from tests.programmes import mobile_pages
        from tests.programmes.assessment import mobile_pages as assessment
        from tests.programmes.ballots import mobile_pages as ballots
        from tests.programmes.baseline import mobile_pages as baseline
        from tests.programmes.commitments import mobile_pages as commitments
        from tests.programmes.records import mobile_pages as records
        from tests.programmes.studios import mobile_pages as studios

        found: dict = {}
        for part in (mobile_pages, records, commitments, baseline, ballots, studios, assessment):
            found |= part.pages(self)
        return found

    def others(self):
        from exports.models import ExportJob
        from workflows.inbox import open_tasks_for
        from workflows.party.models import PartyCase

        org = self.orgadmin_org.pk
        case = PartyCase.objects.order_by("pk").first()
        job = ExportJob.objects.create(user=self.users["secretary"], kind="tasks")
        return {
            "organisation-detail": [("orgadmin", reverse("organisation-detail", args=[org]))],
            "organisation-members": [("orgadmin", reverse("organisation-members", args=[org]))],
            "roster-import": [("orgadmin", reverse("roster-import", args=[org]))],
            "audit-case": [("auditor", reverse("audit-case", args=["party", case.pk]))],
            "audit-person": [("auditor", reverse("audit-person", args=[case.person_id]))],
            "export-job": [("secretary", reverse("export-job", args=[job.pk]))],
            "task-page": self.task_pages(),
            "case-print": [("secretary", reverse("case-print", args=["party", case.pk]))],
            "step-print": [
                ("secretary", reverse("step-print", args=[open_tasks_for(self.users["secretary"]).first().pk]))
            ],
            **self.leave(),
            **self.people(),
            **self.designed(),
        }

    def designed(self):
        """The designer's pages of a seeded definition, the start form of each process the teacher may start, the
        seeded cases' pages and a page of each kind of step (同意, 办理, 拒绝, 退回, 撤回) for whose turn it is."""
        from core.dates import business_today
        from designer.case_views import offered_here
        from designer.models import Definition, DesignedCase
        from designer.selectors import startable_definitions

        definitions = list(Definition.objects.order_by("pk"))
        longest = max(definitions, key=lambda d: len(str([v.document for v in d.versions.all()])))
        urls = {
            name: [("designer", reverse(name, args=[d.pk])) for d in (definitions[0], longest)]
            for name in ("designer-edit", "designer-versions", "designer-settings")
        }
        startable = startable_definitions(self.users["schooldept"], business_today())
        urls["designed-new"] = [("schooldept", reverse("designed-new", args=[d.pk])) for d in startable]
        cases = list(DesignedCase.objects.order_by("pk"))
        own = [c for c in cases if c.initiator_id == self.users["schooldept"].pk]
        urls["designed-case"] = [("schooldept", reverse("designed-case", args=[c.pk])) for c in own]
        seen, steps = set(), []
        for who in AREAS["designed"]:
            for case in cases:
                for code in offered_here(case, self.users[who]):
                    if code not in seen:  # each kind of step page once
                        seen.add(code)
                        steps.append((who, reverse("designed-case-action", args=[case.pk, code])))
        urls["designed-case-action"] = steps
        return urls

    def people(self):
        """A person the organisation administrator adds, their pages, and the activation link printed for them."""
        from accounts.activation import activations_issue
        from accounts.people import person_add
        from core.dates import business_today

        newcomer = person_add(
            actor=None,
            organisation=self.orgadmin_org,
            role="MEMBER",
            valid_from=business_today(),
            username="mobile_newcomer",
            real_name="新同事",
        )
        (link,) = activations_issue(actor=None, people=[newcomer])
        pages = {name: [("orgadmin", reverse(name, args=[newcomer.pk]))] for name in ("person-detail", "person-edit")}
        return pages | {
            "person-role-grant": [("orgadmin", reverse("person-role-grant", args=[newcomer.pk]))],
            "membership-end": [("orgadmin", reverse("membership-end", args=[newcomer.memberships.get().pk]))],
            "activate": [(ANONYMOUS, link.path)],
        }

    def leave(self):
        """The kit's test process (tests/kit_process): its generic case page and a step page, for its initiator."""
        from tests.kit_process.spec import create

        leave = create(actor=self.users["secretary"], payload={"days": 2}).case
        return {
            "leave-case": [("secretary", reverse("leave-case", args=[leave.pk]))],
            "leave-step": [("secretary", reverse("leave-step", args=[leave.pk, "submit"]))],
        }

    def task_pages(self):
        """A step's own page: a branch step the secretary may act on, and a filing review a reviewer decides."""
        from workflows.inbox import open_tasks_for

        party_step = open_tasks_for(self.users["secretary"]).order_by("pk").first()
        review = open_tasks_for(self.users["bureau"]).filter(approval__status="open").order_by("pk").first()
        return [
            ("secretary", reverse("task-page", args=[party_step.pk])),
            ("bureau", reverse("task-page", args=[review.pk])),
        ]

    def addresses(self) -> list[tuple[str, str, str]]:
        """(route name, person, url) of every page to open."""
        with_arguments = self.party() | self.community() | self.evaluation() | self.others() | self.programmes()
        found = []
        missing = []
        for name, route, arguments in page_routes():
            if arguments:
                if name in NOT_PAGES:
                    continue
                if name not in with_arguments:
                    missing.append(name)
                found += [(name, who, url) for who, url in with_arguments.get(name, [])]
                continue
            url = reverse(name)
            if name in ANONYMOUS_PAGES:
                found.append((name, ANONYMOUS, url))
                continue
            if name in EVERYONE_PAGES:
                found += [(name, who, url) for who in EVERYONE]
                continue
            who = next((w for w in AREAS.get(area_of(route), EVERYONE[:1]) if self.is_page(w, url)), None)
            if who is not None:  # else not a page: a POST-only action, a redirect or a file
                found.append((name, who, url))
        assert not missing, f"pages with arguments that this test cannot open yet: {missing}"
        return found

    def is_page(self, username: str, url: str) -> bool:
        client = Client()
        client.force_login(self.users[username])
        response = client.get(url)
        assert response.status_code < 500, url
        return response.status_code == 200 and response["Content-Type"].startswith("text/html")


@pytest.fixture
def server(transactional_db):
    """The site over HTTP in a thread of this process (WSGI), with the static files the pages use: pytest-django's
    live_server serves them only when INSTALLED_APPS names django.contrib.staticfiles itself (ours is
    core.apps.StaticFilesConfig), so this is the same server thread with the finders' handler."""
    thread = LiveServerThread("localhost", static_handler=StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


def session_cookie(user, base: str) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}


def test_every_page_fits_a_phone_and_its_actions_fit_a_thumb(server, settings):
    settings.DEMO_MODE = False
    # An earlier transactional test's flush may have removed the data migrations' rows: put them back.
    ensure_forms()
    if not SchemeVersion.objects.exists():
        importlib.import_module("workflows.evaluation.migrations.0002_default_scheme").install(django_apps, None)
    call_command("seed_demo", verbosity=0)
    demo = Demo()
    addresses = demo.addresses()
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    # Sessions first: the ORM refuses to run inside playwright's event loop.
    people = {who for _name, who, _url in addresses} - {ANONYMOUS}
    cookies = {who: [session_cookie(demo.users[who], server)] for who in people} | {ANONYMOUS: []}
    problems, counts, inbox_targets = [], {}, 0
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        contexts = {}
        for name, who, url in addresses:
            if who not in contexts:
                context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
                context.add_cookies(cookies[who])
                contexts[who] = context.new_page()
            page = contexts[who]
            response = page.goto(server + url, wait_until="load")
            assert response.status == 200, (who, url, response.status)
            measured = page.evaluate(MEASURE, [TAP_TARGETS, MIN_TAP])
            counts[name] = counts.get(name, 0) + 1
            if name == "my-tasks" and who == "secretary":
                inbox_targets = measured["targets"]
            action = url.split("/act/")[1].split("/")[0] if "/act/" in url else ""
            page.evaluate(UNSTICK)  # a full-page picture shows the bars where they are in the page
            shot = "-".join(filter(None, [name, f"{counts[name]:02d}", who, action]))
            page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
            if measured["width"] > WIDTH:
                problems.append(f"{who} {url}: page is {measured['width']} px wide")
            problems += [f"{who} {url}: {height:.0f} px tall: {html}" for height, html in measured["small"]]
        browser.close()
    assert not problems, "\n".join(problems)
    assert counts.get("my-tasks", 0) == len(EVERYONE) and counts.get("party-case-action", 0) >= 10
    assert inbox_targets >= 10  # the secretary's inbox rows and their actions were measured
