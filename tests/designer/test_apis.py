"""The designer's API: definitions created, drafted, published (refused with its problems), closed, exported and
imported, each audited; the JSON Schema at its URL; validation for a sample initiator; a simulation; designed cases
through the kit's generic API and the task API."""

import jsonschema
from django.urls import reverse
from viewflow.workflow.models import Task

from audit.models import AuditEvent
from designer.models import Definition, DesignedCase, Stage
from tests.clients import api
from tests.designer.world import approval, document, people, published


def _create(client, w, code="training"):
    return client.post(
        reverse("api-designer-definitions"),
        {"code": code, "name": "外出培训申请", "owner": w.bureau.pk, "shared": True},
        format="json",
    )


def test_create_draft_publish_close(w):
    client = api(w.designer)
    created = _create(client, w)
    assert created.status_code == 201
    pk = created.json()["id"]
    bad = document(approval("p", {"source": "people"}))  # no people: the schema refuses it
    saved = client.put(reverse("api-designer-draft", args=[pk]), {"document": bad}, format="json")
    assert saved.status_code == 200 and saved.json()["problems"]
    refused = client.post(reverse("api-designer-publish", args=[pk]))
    assert refused.status_code == 400 and refused.json()["code"] == "definition_invalid"
    good = document(approval("p", people(w.principal)))
    client.put(reverse("api-designer-draft", args=[pk]), {"document": good}, format="json")
    assert client.post(reverse("api-designer-publish", args=[pk])).json() == {"number": 1}
    assert client.post(reverse("api-designer-disable", args=[pk])).json()["enabled"] is False
    actions = list(AuditEvent.objects.filter(process="admin", data__definition=pk).values_list("action", flat=True))
    assert actions == [
        "definition_create",
        "definition_edit",
        "definition_edit",
        "definition_publish",
        "definition_disable",
    ]
    started = api(w.teacher).post(
        reverse("api-designed-case-list"), {"definition": pk, "values": {"reason": "培训", "days": "1"}}, format="json"
    )
    assert started.status_code == 400 and started.json()["code"] == "definition_disabled"


def test_who_may_design(w):
    assert _create(api(w.teacher), w).status_code == 403
    other = api(w.designer).post(
        reverse("api-designer-definitions"), {"code": "x", "name": "x", "owner": w.other.pk}, format="json"
    )
    assert other.status_code == 403 and other.json()["code"] == "owner_not_allowed"
    pk = _create(api(w.designer), w).json()["id"]
    assert api(w.outsider).get(reverse("api-designer-definition", args=[pk])).status_code == 404


def test_export_import_round_trip_and_schema(w):
    definition = published(w, document(approval("p", people(w.principal))))
    client = api(w.designer)
    exported = client.get(reverse("api-designer-export", args=[definition.pk])).json()
    schema = api(w.outsider).get(reverse("api-designer-schema")).json()
    jsonschema.validate(exported["document"], schema)
    imported = client.post(
        reverse("api-designer-import"), {"owner": w.bureau.pk, "code": "copy", "definition": exported}, format="json"
    )
    assert imported.status_code == 201
    copy = Definition.objects.get(code="copy")
    assert copy.versions.get(number__isnull=True).document == definition.versions.get(number=1).document


def test_validate_for_a_sample_and_simulate(w):
    doc = document(
        approval("lead", {"source": "superior", "levels": 1}, name="主管审批"),
        approval("nobody", {"source": "role", "role": "BRANCH_SECRETARY"}, name="支部书记", empty="refuse"),
    )
    client = api(w.designer)
    checked = client.post(
        reverse("api-designer-validate"), {"document": doc, "sample_initiator": w.teacher.pk}, format="json"
    ).json()
    assert [(p["code"], p["node"], p["level"]) for p in checked["problems"]] == [
        ("approvers_none_for_sample", "nobody", "error")
    ]
    simulated = client.post(
        reverse("api-designer-simulate"),
        {
            "document": document(approval("lead", {"source": "superior", "levels": 1}, name="主管审批")),
            "initiator": w.teacher.pk,
            "values": {"days": "2"},
        },
        format="json",
    ).json()
    assert [v["node"] for v in simulated["visits"]] == ["lead"]
    assert {p["name"] for p in simulated["visits"][0]["people"]} == {"王校长", "李副校长"}
    outsider = client.post(
        reverse("api-designer-simulate"), {"document": doc, "initiator": w.outsider.pk}, format="json"
    )
    assert outsider.status_code == 400 and outsider.json()["code"] == "person_not_eligible"


def test_cases_through_the_generic_api_and_the_inbox(w):
    definition = published(w, document(approval("p", people(w.principal))))
    started = api(w.teacher).post(
        reverse("api-designed-case-list"),
        {"definition": definition.pk, "values": {"reason": "培训", "days": "1"}},
        format="json",
    )
    assert started.status_code == 201, started.json()
    case = DesignedCase.objects.get()
    assert api(w.outsider).get(reverse("api-designed-case-detail", args=[case.pk])).status_code == 404
    task = Task.objects.get(process_id=case.pk, flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"])
    done = api(w.principal).post(
        reverse("api-task-action", args=[task.pk, "complete"]), {"decision": "approve"}, format="json"
    )
    assert done.status_code == 200, done.json()
    case.refresh_from_db()
    assert case.stage == Stage.APPROVED
