"""Deeply nested JSON is refused with 400 parse_error wherever JSON is read (issue #15 item 15): DRF's parser gave
500 on `[`×50,000 (RecursionError in the decoder) and core.nul's walk gave 500 on params nested 3,000 deep."""

import json

import pytest
from rest_framework.test import APIClient

from core.api.inputs import validated
from core.exceptions import ApplicationError
from workflows.models import SavedFilter
from workflows.serializers import SavedFilterSerializer

pytestmark = pytest.mark.django_db


def nested(depth: int) -> dict:
    value: dict = {"q": "x"}
    for _ in range(depth):
        value = {"q": value}
    return value


def assert_parse_error(response):
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "parse_error"


def test_fifty_thousand_brackets_at_the_token_endpoint_are_a_parse_error():
    response = APIClient().post("/api/v1/auth/token/", "[" * 50_000, content_type="application/json")
    assert_parse_error(response)


def test_a_saved_filter_nested_three_thousand_deep_is_a_parse_error(people):
    api = APIClient()
    api.force_authenticate(people.secretary)
    body = json.dumps({"name": "deep", "params": nested(3_000)})
    assert_parse_error(api.post("/api/v1/inbox/filters/", body, content_type="application/json"))
    assert not SavedFilter.objects.exists()


def test_nesting_just_past_the_bound_is_refused_and_within_it_accepted(people):
    api = APIClient()
    api.force_authenticate(people.secretary)
    too_deep = json.dumps({"name": "deep", "params": nested(70)})
    assert_parse_error(api.post("/api/v1/inbox/filters/", too_deep, content_type="application/json"))
    shallow = json.dumps({"name": "ok", "params": nested(3)})
    assert api.post("/api/v1/inbox/filters/", shallow, content_type="application/json").status_code == 201


def test_free_form_json_that_skipped_the_parsers_is_refused_too():
    with pytest.raises(ApplicationError) as refused:
        validated(SavedFilterSerializer, {"name": "deep", "params": nested(3_000)})
    assert refused.value.code == "parse_error" and refused.value.status_code == 400
