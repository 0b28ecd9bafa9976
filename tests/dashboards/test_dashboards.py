"""Dashboards: every figure against a direct query over the demo data, every figure's link opens a list of
exactly that many rows, and the "no" cases (insider without the right, anonymous, a foreign organisation)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind, User
from accounts.roles import Role
from core.dates import business_today
from core.school_year import school_year_of
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.workflows.party.conftest import new_case
from workflows.community.models import Application
from workflows.evaluation.models import GradingResult, ProjectEvaluation, RoutineEvaluation
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db

NEGATIVE = ["WITHDRAWN", "NOT_ADMITTED", "DISQUALIFIED", "TRANSFERRED_OUT"]
OPEN = ["ACTIVE", "PROBATION_EXTENDED", "ON_HOLD_LEAVING"]


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def figures(response, key: str) -> dict:
    """The chart's data as the page carries it for ECharts: {(category, series): (value, url)}."""
    chart = next(c for c in response.context["chart_data"] if c["key"] == key)
    return {
        (category, series["name"]): (series["values"][i], series["urls"][i])
        for series in chart["series"]
        for i, category in enumerate(chart["categories"])
    }


def listed(client: Client, url: str) -> int:
    """How many rows the linked list shows (paginated lists report their total)."""
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    if "page" in context:
        return context["page"].paginator.count
    return len(context["cases"])


def test_dashboards_match_the_demo_data_and_their_lists(seeded_demo):
    """On the demo seeded once for the tests that read it (tests/conftest.py): its deadlines count from today, its
    school year is the one of the day it was seeded on."""
    check_party_dashboard(business_today())
    check_bureau_dashboard(seeded_demo)
    check_organisation_filter(seeded_demo)


def check_party_dashboard(today):
    client = client_for("secretary")
    branch = Organisation.objects.get(name="语文教研党支部")
    response = client.get(reverse("dashboard-party"))
    assert response.status_code == 200
    in_branch = PartyCase.objects.filter(branch__path__startswith=branch.path)

    pipeline = figures(response, "pipeline")
    assert sum(value for value, _url in pipeline.values()) == in_branch.exclude(case_status__in=NEGATIVE).count() > 0
    for (label, _series), (value, url) in pipeline.items():
        identity = next(v for v, lbl in PartyCase._meta.get_field("identity").choices if str(lbl) == label)
        assert value == in_branch.exclude(case_status__in=NEGATIVE).filter(identity=identity).count()
        assert listed(client, url) == value

    month_end = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    expected = [
        in_branch.filter(case_status__in=OPEN, next_due__gte=today, next_due__lte=month_end).count(),
        in_branch.filter(case_status__in=OPEN, next_due__lt=today).count(),
        in_branch.filter(identity="PROBATIONARY", case_status__in=OPEN)
        .annotate(ends=Coalesce("extension_end", "probation_end"))
        .filter(ends__gte=today, ends__lte=today + datetime.timedelta(days=60))
        .count(),
    ]
    deadlines = list(figures(response, "deadlines").values())
    assert [value for value, _url in deadlines] == expected
    assert sum(expected) > 0, "the demo should show some deadlines"
    for value, url in deadlines:
        assert listed(client, url) == value
    # The text alternative carries the same numbers.
    html = response.content.decode()
    table = html[html.index('data-table="deadlines"') :]
    cells = [int(v) for v in re.findall(r'data-value="(\d+)"', table[: table.index("</table>")])]
    assert cells == expected


def check_bureau_dashboard(today):
    client = client_for("bureau")
    year = school_year_of(today)
    response = client.get(reverse("dashboard-bureau"), {"year": year})
    assert response.status_code == 200

    applications = figures(response, "applications")
    communities = Organisation.objects.filter(kind=OrganisationKind.COMMUNITY)
    assert sum(v for v, _u in applications.values()) == Application.objects.filter(school_year=year).count() > 0
    for (community_name, stage_label), (value, url) in applications.items():
        community = communities.get(name=community_name)
        stage = next(v for v, lbl in Application._meta.get_field("stage").choices if str(lbl) == stage_label)
        assert value == Application.objects.filter(community=community, stage=stage, school_year=year).count()
        assert listed(client, url) == value

    routine = figures(response, "routine")
    for term_index, term in enumerate((1, 2)):
        for (category, status_label), (value, _url) in routine.items():
            if category != response.context["chart_data"][1]["categories"][term_index]:
                continue
            status = next(
                v for v, lbl in RoutineEvaluation._meta.get_field("status").choices if str(lbl) == status_label
            )
            assert value == RoutineEvaluation.objects.filter(case__school_year=year, term=term, status=status).count()
    projects = figures(response, "projects")
    assert sum(v for v, _u in projects.values()) == ProjectEvaluation.objects.filter(case__school_year=year).count()

    # Grades: the latest published year up to the chosen one (城关's last year in the demo), never a superseded result.
    grading = figures(response, "grading")
    published = GradingResult.objects.filter(status="PUBLISHED", case__school_year__lte=year)
    latest = max(published.values_list("case__school_year", flat=True))
    totals = [
        Decimal(row[key])
        for result in published.filter(case__school_year=latest)
        for row in result.rows
        for key in ("total_core", "total_member")
    ]
    bands = [
        sum(1 for t in totals if low <= t < high) for low, high in ((0, 60), (60, 70), (70, 80), (80, 90), (90, 1000))
    ]
    assert [v for v, _u in grading.values()] == bands
    assert sum(bands) == len(totals) > 0
    assert [row["total"] for row in response.context["totals"]] == sorted(totals, reverse=True)


def check_organisation_filter(today):
    """The filter narrows to a subtree; a foreign organisation's id is ignored."""
    client = client_for("bureau")
    year = school_year_of(today)
    community = Organisation.objects.filter(kind=OrganisationKind.COMMUNITY).order_by("path").first()
    response = client.get(reverse("dashboard-bureau"), {"year": year, "org": community.pk})
    assert response.context["organisation"] == community
    applications = figures(response, "applications")
    assert {name for name, _stage in applications} == {community.name}
    foreign = OrganisationFactory.create(kind=OrganisationKind.BUREAU, name="外县教育局")
    response = client.get(reverse("dashboard-bureau"), {"year": year, "org": foreign.pk})
    assert response.status_code == 200 and response.context["organisation"] is None


def test_the_party_dashboard_counts_only_what_the_viewer_sees(tree, people):
    new_case(branch=tree.branch_a)
    new_case(branch=tree.other_branch)
    response = client_for_user(people.secretary).get(reverse("dashboard-party"))
    pipeline = figures(response, "pipeline")
    assert sum(v for v, _u in pipeline.values()) == 1


def client_for_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_who_may_open_which_dashboard(tree, people):
    assert client_for_user(people.member).get(reverse("dashboard-party")).status_code == 403
    assert client_for_user(people.member).get(reverse("dashboard-bureau")).status_code == 403
    assert client_for_user(people.member).get(reverse("dashboards")).status_code == 403
    assert client_for_user(people.secretary).get(reverse("dashboard-bureau")).status_code == 403
    assert client_for_user(people.secretary).get(reverse("dashboards")).url == reverse("dashboard-party")
    reviewer = UserFactory()
    grant(reviewer, tree.bureau, Role.BUREAU_BASIC_EDU)
    assert client_for_user(reviewer).get(reverse("dashboards")).url == reverse("dashboard-bureau")
    anonymous = Client().get(reverse("dashboard-party"))
    assert anonymous.status_code == 302 and "/login" in anonymous.url


def test_query_count_does_not_grow_with_cases(tree, people):
    client = client_for_user(people.secretary)
    new_case(branch=tree.branch_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard-party"))
    for _ in range(10):
        new_case(branch=tree.branch_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("dashboard-party"))
    assert len(many.captured_queries) == len(few.captured_queries)
