"""The request facts an audit event records (issue 15 item 12): the client's address as the trusted proxy saw
it, never the proxy's own, and the kind of client decided by the server (pages "web", the API "api"), never by a
header the client sends."""

from django.test import RequestFactory, override_settings
from rest_framework.request import Request

from core.client_ip import request_facts

BEHIND_NGINX = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}


@override_settings(TRUSTED_PROXIES=1)
def test_facts_of_a_page_and_of_an_api_request():
    page = RequestFactory().get("/", HTTP_X_CLIENT_TYPE="api", **BEHIND_NGINX)
    assert request_facts(page) == {"client_type": "web", "ip": "203.0.113.9"}
    assert request_facts(Request(RequestFactory().get("/", HTTP_X_CLIENT_TYPE="web", **BEHIND_NGINX))) == {
        "client_type": "api",
        "ip": "203.0.113.9",
    }
