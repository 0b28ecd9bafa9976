"""Audit events of party actions record the client's address through the trusted proxy and a client type the
server decides (issue 15 item 12; core.client_ip.request_facts)."""

import pytest
from django.test import Client, override_settings

from audit.models import AuditEvent
from tests.workflows.party.conftest import api

pytestmark = pytest.mark.django_db
BEHIND_NGINX = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}


@override_settings(TRUSTED_PROXIES=1)
def test_an_api_action_records_the_client_address_and_api_whatever_the_client_claims(party):
    response = api(party.applicant).post(
        "/api/v1/party/cases/",
        {"branch_id": party.branch.pk},
        format="json",
        HTTP_X_CLIENT_TYPE="wechat-miniprogram",
        **BEHIND_NGINX,
    )
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.get(process="party", case_id=response.json()["case"]["id"], action="submit_application")
    assert (event.client_type, event.ip) == ("api", "203.0.113.9")


@override_settings(TRUSTED_PROXIES=1)
def test_a_page_action_records_the_client_address_and_web(party):
    client = Client()
    client.force_login(party.applicant)
    response = client.post(
        "/party/new/", {"branch_id": party.branch.pk, "date": "2026-10-01"}, HTTP_X_CLIENT_TYPE="api", **BEHIND_NGINX
    )
    assert response.status_code == 302, response.content
    event = AuditEvent.objects.get(process="party", action="submit_application", actor=party.applicant)
    assert (event.client_type, event.ip) == ("web", "203.0.113.9")
