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


def test_only_core_client_ip_reads_the_address_the_request_came_from():
    """Behind nginx REMOTE_ADDR is the proxy's (127.0.0.1): every audit event, lockout and rate limit takes the
    client's address from core.client_ip, the one reader of REMOTE_ADDR and X-Forwarded-For (issue 16 item 5)."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readers = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [n for n in subfolders if n not in {".venv", "node_modules", "tests", "var"} and n[0] != "."]
        for name in files:
            path = Path(folder, name)
            lines = path.read_text(errors="ignore").splitlines() if path.suffix in {".py", ".html"} else []
            code = "\n".join(line for line in lines if not line.lstrip().startswith("#"))  # comments may name it
            if "REMOTE_ADDR" in code or "X_FORWARDED_FOR" in code:
                readers.append(str(path.relative_to(root)))
    assert readers == ["core/client_ip.py"]
