"""Journey (issue 17 item 6): the bureau's leading group creates a scheme version on its page (each school keeps its
own routine work, 等次 thresholds, a core school's pairs averaged) and opens the 城关 community's year with it; once
every score is in, the basic-education section aggregates on a phone (the form offers no choice the version fixes),
the leading group publishes from a form that shows the totals being published, and the results page explains each
school's total in words, with its 等次."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import expect

from tests.workflows.community.factories import ensure_forms
from tests.workflows.evaluation.conftest import file_year, score_routine, score_year_end
from workflows.evaluation.models import CaseStatus, EvaluationCase, SchemeVersion, Track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "2026 考核方案（各校常态化分开计）"


@pytest.fixture
def filed(yuhuan):
    ensure_forms()  # a transactional test's flush removes what the migrations installed
    if not SchemeVersion.objects.filter(is_default=True).exists():
        importlib.import_module("workflows.evaluation.migrations.0002_default_scheme").install(django_apps, None)
    file_year(yuhuan, yuhuan.fusion)
    return yuhuan


def score_everything(o, case) -> None:
    """Every track of the year scored as the people would (the §4.3 example on the first pair)."""
    for school, terms in ((o.fusion_core, (86, 90)), (o.fusion_member, (78, 84)), (o.fusion_member2, (80, 80))):
        for term in (1, 2):
            score_routine(o, case, school, term, terms[term - 1])
    for member, p, f in ((o.fusion_member, 34, 30), (o.fusion_member2, 30, 30)):
        score_year_end(o, case, member, Track.PROJECT, p)
        score_year_end(o, case, member, Track.FEATURE, f)


def test_the_bureau_creates_a_scheme_version_and_a_year_is_graded_with_it(filed, journey):
    o = filed
    walk = journey("evaluation-scheme")
    leading = walk.person("leading group")
    walk.sign_in(leading, o.leading.username)
    leading.goto(reverse("evaluation-list"))
    leading.locator("#schemes-link").click()
    walk.shot(leading, "scheme-versions")
    leading.locator("#scheme-new").click()
    leading.locator("#id_title").fill(TITLE)
    leading.locator('input[name="reading"][value="R2"]').check()
    leading.locator('input[name="core_combination"][value="mean"]').check()
    leading.locator("#id_grade_0_min").fill("85")
    leading.locator("#id_grade_1_min").fill("75")
    walk.shot(leading, "new-scheme-version-form")
    leading.locator("#scheme-form button[type=submit].primary").click()
    leading.wait_for_url(re.compile(r"/evaluation/schemes/$"))
    expect(leading.locator(".messages li.success")).to_contain_text(TITLE)
    walk.shot(leading, "scheme-version-created")
    made = SchemeVersion.objects.get(title=TITLE)
    assert made.reading == "R2" and made.grades[0] == {"label": "优秀", "min": "85"}

    # The year opened with the new version.
    leading.goto(reverse("evaluation-new"))
    leading.locator("#id_community").select_option(str(o.fusion.pk))
    leading.locator("#id_school_year").fill("2025")
    leading.locator("#id_scheme").select_option(str(made.pk))
    walk.shot(leading, "open-year-with-the-version")
    leading.locator("main form button[type=submit].primary").click()
    leading.wait_for_url(re.compile(r"/evaluation/\d+/$"))
    case = EvaluationCase.objects.get(community=o.fusion, school_year=2025)
    assert case.scheme_id == made.pk
    score_everything(o, case)

    # The basic-education section aggregates on a phone: nothing to choose.
    section = walk.person("basic education section")
    section.set_viewport_size({"width": 375, "height": 740})
    walk.sign_in(section, o.basic_edu.username)
    section.goto(reverse("evaluation-case-action", args=[case.pk, "aggregate"]))
    expect(section.locator('[name="reading"]')).to_have_count(0)
    walk.shot(section, "aggregate-form-phone")
    section.locator("main form button[type=submit].primary").click()
    section.wait_for_url(re.compile(rf"/evaluation/{case.pk}/$"))

    # The leading group sees what it publishes.
    leading.goto(reverse("evaluation-case-action", args=[case.pk, "publish"]))
    expect(leading.locator(".step-context")).to_contain_text("85.6")
    expect(leading.locator(".step-context")).to_contain_text("优秀")
    walk.shot(leading, "publish-form")
    leading.locator("main form button[type=submit].primary").click()
    leading.wait_for_url(re.compile(rf"/evaluation/{case.pk}/$"))
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED

    # The results, on the phone: each total in words with its 等次; no reading code.
    section.goto(reverse("evaluation-results", args=[case.pk]))
    totals = section.locator("#totals")
    expect(totals).to_contain_text("85.6")
    expect(totals).to_contain_text("79.8")
    expect(section.locator("#core-combined")).to_be_visible()
    assert "R2" not in section.locator("main").inner_text()
    walk.shot(section, "results-phone")

    # The version now stands: its page offers a new version from it, not an edit.
    leading.goto(reverse("evaluation-schemes"))
    expect(leading.locator(f'a[href="{reverse("evaluation-scheme-edit", args=[made.pk])}"]')).to_have_count(0)
    walk.shot(leading, "scheme-versions-after-publication")
    walk.finish()
