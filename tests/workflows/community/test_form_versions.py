"""The bureau changes the form in the admin without a code change; submissions keep their version."""

import json

import pytest
from django.test import Client

from accounts.models import User
from core.exceptions import ApplicationError
from forms.models import FormDefinition
from tests.workflows.community.factories import HELP_FORM, draft, run_action
from workflows.community.models import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(User.objects.create_superuser(username="root", real_name="管理员", password="x-long-pass"))
    return client


def test_saving_a_definition_publishes_the_next_version_and_old_submissions_keep_theirs(yuhuan, admin_client):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    v1 = FormDefinition.objects.get(code="community_help_project", version=1)
    fields = [*v1.fields, {"name": "budget", "label": "经费预算（元）", "type": "integer", "required": True}]
    response = admin_client.post(
        f"/admin/stepwise_forms/formdefinition/{v1.pk}/change/", {"title": v1.title, "fields": json.dumps(fields)}
    )
    assert response.status_code == 302
    v1.refresh_from_db()
    assert "budget" not in [f["name"] for f in v1.fields]  # version 1 is untouched
    assert FormDefinition.objects.get(code="community_help_project", version=2).fields[-1]["name"] == "budget"
    with pytest.raises(ApplicationError) as error:  # the new required field now applies to edits
        run_action(case_id=application.pk, code="edit", actor=o.core_lead, payload={"form": HELP_FORM})
    assert error.value.code == "invalid" and "budget" in error.value.fields
    run_action(case_id=application.pk, code="edit", actor=o.core_lead, payload={"form": {**HELP_FORM, "budget": 5000}})
    first, second = application.versions.order_by("number")
    assert first.submission.definition.version == 1 and second.submission.definition.version == 2
    assert second.changes == {"budget": [None, 5000]}
