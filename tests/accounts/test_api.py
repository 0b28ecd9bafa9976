import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.identity import mask_id_number
from accounts.models import Membership
from accounts.tokens import token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def token_for(api, username, password="pw-for-tests-123"):
    return api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert body["detail"]
    return body


def test_token_auth_returns_a_token_that_authenticates(api, people):
    response = token_for(api, "secretary")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["username"] == "secretary"


def test_a_wrong_password_gets_a_stable_code_and_a_chinese_message(api, people):
    body = assert_error(token_for(api, "secretary", "wrong"), 400, "invalid_credentials")
    assert body["detail"] == "登录名或密码错误。"


def test_a_missing_field_reports_it_in_fields(api):
    body = assert_error(api.post("/api/v1/auth/token/", {"username": "x"}, format="json"), 400, "invalid")
    assert "password" in body["fields"]


def test_an_invalid_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token nope")
    assert_error(api.get("/api/v1/me/"), 401, "authentication_failed")


def test_no_credentials_is_401(api):
    assert_error(api.get("/api/v1/me/"), 401, "not_authenticated")


def test_me_shows_my_own_id_number_unmasked(api, people):
    api.force_authenticate(people.member)
    assert api.get("/api/v1/me/").json()["id_number"] == people.member.id_number


def test_english_is_available_by_accept_language(api, people):
    body = assert_error(
        api.post("/api/v1/auth/token/", {"username": "secretary", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en"),
        400,
        "invalid_credentials",
    )
    assert body["detail"] == "The login name or password is wrong."


def test_organisation_list_shows_only_the_callers_subtrees_paginated(api, people, tree):
    api.force_authenticate(people.auditor)
    body = api.get("/api/v1/organisations/", {"page_size": 2}).json()
    assert body["count"] == 6  # bureau, community, school, committee, two branches
    assert len(body["results"]) == 2 and body["next"]
    assert body["results"][0]["name"] == tree.bureau.name and body["results"][0]["parent_id"] is None
    codes = {o["code"] for o in api.get("/api/v1/organisations/", {"page_size": 50}).json()["results"]}
    assert tree.other_branch.code not in codes


def test_organisation_list_filters_and_orders(api, people, tree):
    api.force_authenticate(people.auditor)
    body = api.get("/api/v1/organisations/", {"kind": "BRANCH", "ordering": "-name"}).json()
    assert [o["name"] for o in body["results"]] == sorted([tree.branch_a.name, tree.branch_b.name], reverse=True)
    assert body["results"][0]["parent_id"] == tree.committee.pk


def test_organisation_detail_is_404_for_an_outsider(api, people, tree):
    api.force_authenticate(people.outsider)
    assert_error(api.get(f"/api/v1/organisations/{tree.branch_a.pk}/"), 404, "not_found")


def test_memberships_list_is_403_for_an_insider_without_the_right(api, people, tree):
    api.force_authenticate(people.member)
    assert_error(api.get(f"/api/v1/organisations/{tree.branch_a.pk}/memberships/"), 403, "permission_denied")


def test_memberships_list_masks_id_numbers_for_an_auditor(api, people, tree):
    api.force_authenticate(people.auditor)
    body = api.get(f"/api/v1/organisations/{tree.branch_a.pk}/memberships/").json()
    numbers = {m["person"]["username"]: m["person"]["id_number"] for m in body["results"]}
    assert numbers["secretary"] == mask_id_number(people.secretary.id_number)


def test_granting_a_membership_through_the_api(api, people, tree):
    api.force_authenticate(people.org_admin)
    response = api.post(
        f"/api/v1/organisations/{tree.branch_b.pk}/memberships/",
        {"user": "member", "role": "BRANCH_COMMITTEE", "valid_from": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "BRANCH_COMMITTEE"
    assert Membership.objects.filter(user=people.member, organisation=tree.branch_b).exists()


def test_granting_is_403_for_an_auditor_and_404_for_an_outsider_and_changes_nothing(api, people, tree):
    payload = {"user": "member", "role": "ORG_ADMIN", "valid_from": "2026-01-01"}
    before = Membership.objects.count()
    api.force_authenticate(people.auditor)
    assert_error(
        api.post(f"/api/v1/organisations/{tree.branch_a.pk}/memberships/", payload, format="json"),
        403,
        "permission_denied",
    )
    api.force_authenticate(people.outsider)
    assert_error(
        api.post(f"/api/v1/organisations/{tree.branch_a.pk}/memberships/", payload, format="json"), 404, "not_found"
    )
    assert Membership.objects.count() == before


def test_a_broken_rule_answers_400_with_its_code(api, people, tree):
    api.force_authenticate(people.org_admin)
    body = assert_error(
        api.post(
            f"/api/v1/organisations/{tree.branch_a.pk}/memberships/",
            {"user": "member", "role": "SCHOOL_DEPT", "valid_from": "2026-02-01", "valid_to": "2026-01-01"},
            format="json",
        ),
        400,
        "date_order",
    )
    assert body["fields"] == {}


def test_ending_an_already_ended_membership_is_a_409(api, people, tree):
    api.force_authenticate(people.org_admin)
    membership = Membership.objects.get(user=people.member)
    url = f"/api/v1/memberships/{membership.pk}/end/"
    assert api.post(url, {"valid_to": "2026-01-31"}, format="json").status_code == 200
    assert_error(api.post(url, {"valid_to": "2026-02-28"}, format="json"), 409, "membership_already_ended")


def test_the_openapi_schema_documents_the_error_shape(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "Error" in schema["components"]["schemas"]
    assert "404" in schema["paths"]["/api/v1/organisations/{id}/"]["get"]["responses"]


def test_swagger_ui_is_served_with_local_assets(client):
    body = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in body and "cdn" not in body.lower()


def test_the_api_docs_link_back_to_the_app_and_are_offered_only_to_those_who_use_the_api(people):
    docs = Client().get("/api/docs/").content.decode()
    assert 'href="/"' in docs and 'href="/tokens/"' in docs
    client = Client()
    client.force_login(people.member)
    assert 'href="/api/docs/"' not in client.get("/").content.decode()  # never signed in to the API
    token_issue(user=people.member)
    assert 'href="/api/docs/"' in client.get("/").content.decode()  # an integrator now
    people.secretary.is_staff = True
    people.secretary.save(update_fields=["is_staff"])
    client.force_login(people.secretary)
    assert 'href="/api/docs/"' in client.get("/").content.decode()
