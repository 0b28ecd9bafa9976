"""The application page costs the same number of queries however many versions there are (the list:
tests/workflows/kit/test_conformance.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.workflows.community.factories import HELP_FORM, draft, run_action
from workflows.community.models import Kind

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_does_not_grow_with_versions(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    client = Client()
    client.force_login(o.core_lead)
    before = queries(client, f"/community/{application.pk}/")
    for n in range(3):
        form = {**HELP_FORM, "goals": str(n)}
        run_action(case_id=application.pk, code="edit", actor=o.core_lead, payload={"form": form})
    assert queries(client, f"/community/{application.pk}/") == before
