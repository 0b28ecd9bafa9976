"""The case page and the results cost the same number of queries however many tracks, scores, visits or result
versions there are (the case list: tests/workflows/kit/test_conformance.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.workflows.evaluation.conftest import (
    act,
    file_year,
    open_year,
    score_routine,
    score_year_end,
    self_evaluate_routine,
)
from workflows.evaluation.models import Track

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def clients(user):
    api, web = APIClient(), Client()
    api.force_authenticate(user)
    web.force_login(user)
    return api, web


def score_pair(o, case, member):
    for term in (1, 2):
        score_routine(o, case, member, term, 80)
    score_year_end(o, case, member, Track.PROJECT, 30)
    score_year_end(o, case, member, Track.FEATURE, 30)


def test_the_case_page_and_results_do_not_grow_with_tracks_scores_or_versions(yuhuan, django_assert_max_num_queries):
    o = yuhuan
    file_year(o, o.fusion)
    case = open_year(o, o.fusion)
    for term in (1, 2):
        score_routine(o, case, o.fusion_core, term, 80)
    score_pair(o, case, o.fusion_member)
    # The viewer has a step waiting elsewhere all along (the page's 待办 count is read only when there is one).
    other = open_year(o, o.collab)
    self_evaluate_routine(o, other, o.collab_core, 1, 80)
    urls = [f"/api/v1/evaluation/cases/{case.pk}/", f"/evaluation/{case.pk}/"]
    api, web = clients(o.basic_edu)
    before = [queries(api, urls[0]), queries(web, urls[1])]
    score_pair(o, case, o.fusion_member2)
    with django_assert_max_num_queries(before[0]):
        api.get(urls[0])
    with django_assert_max_num_queries(before[1]):
        web.get(urls[1])

    act(case, "aggregate", o.basic_edu, {})
    act(case, "publish", o.leading, {})
    results = [f"/api/v1/evaluation/cases/{case.pk}/results/", f"/evaluation/{case.pk}/results/"]
    one_version = [queries(api, results[0]), queries(web, results[1])]
    for after in ("81", "82", "83"):
        act(
            case,
            "request_correction",
            o.basic_edu,
            {"field": f"N1@{o.fusion_core.pk}", "after": after, "reason": "更正"},
        )
        pending = case.results.get(status="PUBLISHED").corrections.get()
        act(case, "approve_correction", o.leading, {"correction_id": pending.pk})
    with django_assert_max_num_queries(one_version[0]):
        assert len(api.get(results[0]).json()) == 4
    with django_assert_max_num_queries(one_version[1]):
        web.get(results[1])
